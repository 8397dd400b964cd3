"""The audit trail as the Caldicott Guardian reads it: filtered, downloaded, and its hash chain checked."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from oversight.accounts.decorators import capability_required
from oversight.accounts.roles import Capability as C
from oversight.audit.auditor import filters_reason, record
from oversight.audit.models import AuditAction
from oversight.audit.verify import verify_chain
from oversight.core import csv_export

from ..forms import AuditTrailFilterForm
from ..presenters import AuditTrailPages
from ..selectors import entries_in_scope


def _filtered(request):
    form = AuditTrailFilterForm(request.GET)
    return form.filter(entries_in_scope(request.user)), form


@capability_required(C.VIEW_AUDIT_TRAIL)
def audit_trail(request):
    entries, form = _filtered(request)
    page = Paginator(entries.order_by("-sequence"), 50).get_page(request.GET.get("page"))
    return render(request, "infogov/audit_trail.jinja", {
        "page_title": "Audit trail", "page": page, "form": form, "query": request.GET.urlencode(),
        "pages": AuditTrailPages(page, request.GET),
    })


@capability_required(C.VIEW_AUDIT_TRAIL)
def audit_trail_csv(request):
    entries, _ = _filtered(request)
    record(AuditAction.EXPORT, object_type="audit trail", object_repr="audit trail CSV", reason=filters_reason(request.GET))
    response = HttpResponse(content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="audit-trail.csv"'
    writer = csv_export.writer(response)  # formula-safe: cells can hold outside text
    writer.writerow(["sequence", "recorded_at", "actor", "action", "object_type", "object_id", "object", "organisation", "reason", "entry_hash"])
    for e in entries.order_by("sequence").iterator():
        writer.writerow([e.sequence, e.recorded_at.isoformat(), e.actor_label, e.action, e.object_type, e.object_id,
                         e.object_repr, e.organisation_code, e.reason, e.entry_hash])
    return response


@capability_required(C.VIEW_AUDIT_TRAIL)
def audit_verify(request):
    report = verify_chain() if request.method == "POST" else None
    return render(request, "infogov/audit_verify.jinja", {"page_title": "Check the audit trail", "report": report})
