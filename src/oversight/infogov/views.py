"""Information governance: the Caldicott Guardian's view of the audit trail."""

from __future__ import annotations

import csv

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import render

from oversight.accounts.access import organisations_in_scope
from oversight.accounts.decorators import capability_required
from oversight.accounts.models import RoleAssignment
from oversight.accounts.roles import Capability as C
from oversight.audit.auditor import record
from oversight.audit.models import AuditAction, AuditEntry
from oversight.audit.verify import verify_chain


@capability_required(C.VIEW_AUDIT_TRAIL, C.MANAGE_INFORMATION_GOVERNANCE)
def index(request):
    return render(
        request,
        "core/module.jinja",
        {
            "page_title": "Information governance",
            "intro": "Confidentiality and access as Caldicott Guardian.",
            "links": [
                {"title": "Audit trail", "href": "/information-governance/audit/",
                 "description": "Every confidential view and every change to a governed record, with reasons. Check that nothing has been edited or deleted."},
            ],
            "coming": ["Data breaches with the 72-hour ICO clock", "Subject access requests with the one-month clock"],
        },
    )


def entries_in_scope(user):
    organisations = organisations_in_scope(user, C.VIEW_AUDIT_TRAIL)
    codes = list(organisations.values_list("ods_code", flat=True))
    users = RoleAssignment.objects.filter(organisation__in=organisations).values("user_id")
    return AuditEntry.objects.filter(Q(organisation_code__in=codes) | Q(actor_id__in=users)).select_related("actor")


def _filtered(request):
    entries = entries_in_scope(request.user)
    action = request.GET.get("action", "")
    who = request.GET.get("who", "").strip()
    if action in AuditAction.values:
        entries = entries.filter(action=action)
    if who:
        entries = entries.filter(actor_label__icontains=who)
    return entries, action, who


@capability_required(C.VIEW_AUDIT_TRAIL)
def audit_trail(request):
    entries, action, who = _filtered(request)
    page = Paginator(entries.order_by("-sequence"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "infogov/audit_trail.jinja",
        {"page_title": "Audit trail", "page": page, "actions": AuditAction.choices, "action": action, "who": who,
         "query": request.GET.urlencode()},
    )


@capability_required(C.VIEW_AUDIT_TRAIL)
def audit_trail_csv(request):
    entries, _, _ = _filtered(request)
    record(AuditAction.EXPORT, object_type="audit trail", object_repr="audit trail CSV", reason=request.GET.urlencode())
    response = HttpResponse(content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="audit-trail.csv"'
    writer = csv.writer(response)
    writer.writerow(["sequence", "recorded_at", "actor", "action", "object_type", "object_id", "object", "organisation", "reason", "entry_hash"])
    for e in entries.order_by("sequence").iterator():
        writer.writerow([e.sequence, e.recorded_at.isoformat(), e.actor_label, e.action, e.object_type, e.object_id,
                         e.object_repr, e.organisation_code, e.reason, e.entry_hash])
    return response


@capability_required(C.VIEW_AUDIT_TRAIL)
def audit_verify(request):
    report = verify_chain() if request.method == "POST" else None
    return render(request, "infogov/audit_verify.jinja", {"page_title": "Check the audit trail", "report": report})
