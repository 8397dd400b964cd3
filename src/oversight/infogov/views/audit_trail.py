"""The audit trail as the Caldicott Guardian reads it: filtered, downloaded, and its hash chain checked."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render

from oversight.accounts.decorators import capability_required
from oversight.accounts.roles import Capability as C
from oversight.audit.exports import audited_csv
from oversight.audit.verify import verify_chain

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
    header = ["sequence", "recorded_at", "actor", "action", "object_type", "object_id", "object", "organisation",
              "reason", "entry_hash"]
    rows = ([e.sequence, e.recorded_at.isoformat(), e.actor_label, e.action, e.object_type, e.object_id,
             e.object_repr, e.organisation_code, e.reason, e.entry_hash]
            for e in entries.order_by("sequence").iterator())
    return audited_csv(request, filename="audit-trail.csv", header=header, rows=rows, object_type="audit trail",
                       what="audit trail CSV")


@capability_required(C.VIEW_AUDIT_TRAIL)
def audit_verify(request):
    report = verify_chain() if request.method == "POST" else None
    return render(request, "infogov/audit_verify.jinja", {"page_title": "Check the audit trail", "report": report})
