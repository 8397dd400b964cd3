"""Audit results across clinicians: a funnel of cases below the standard by cases audited, and results per
service and per role. Named clinicians' results: VIEW_CLINICIAN_PERFORMANCE in their organisation, and
every view and download is recorded in the audit trail."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from oversight.accounts.decorators import capability_required
from oversight.accounts.roles import Capability as C
from oversight.audit import auditor
from oversight.audit.auditor import filters_reason
from oversight.audit.exports import audited_csv
from oversight.audit.models import AuditAction

from ..forms.shifts import DatesForm
from ..presenters.results import FUNNEL_COLUMNS, FUNNEL_CSV_HEADER, GROUP_COLUMNS, funnel_view, group_rows
from ..selectors import audited_cases, clinicians_overseen


def breadcrumbs(*extra: dict) -> list[dict]:
    return [{"text": "Clinical performance", "href": reverse("clinical_performance:index")}, *extra]


def filtered_cases(request):
    """The final audited cases in the user's scope, for the dates, service and role asked for."""
    form = DatesForm(request.GET or None)
    first, last = form.dates(timezone.localdate())
    cases = audited_cases(clinicians_overseen(request.user).values_list("id", flat=True), first=first, last=last)
    service, role = request.GET.get("service", "").strip(), request.GET.get("role", "").strip()
    if service:
        cases = cases.filter(consultation__service=service)
    if role:
        cases = cases.filter(consultation__role=role)
    return form, first, last, service, role, list(cases)


@capability_required(C.VIEW_CLINICIAN_PERFORMANCE)
def results(request):
    form, first, last, service, role, cases = filtered_cases(request)
    funnel = funnel_view(cases)
    auditor.record(AuditAction.VIEW, object_type="clinical_performance.AuditCase",
                   object_repr=f"Audit results of {len(funnel.rows) or len({c.clinician_id for c in cases})} clinicians",
                   reason=f"Compared clinicians' audit results. {filters_reason(request.GET)}")
    return render(request, "clinical_performance/results.jinja", {
        "page_title": "Audit results across clinicians", "form": form, "first": first, "last": last,
        "service": service, "role": role, "funnel": funnel, "funnel_columns": FUNNEL_COLUMNS,
        "by_service": group_rows(cases, "service"), "by_role": group_rows(cases, "role"), "group_columns": GROUP_COLUMNS,
        "services": sorted({c.consultation.service for c in cases}), "roles": sorted({c.consultation.role for c in cases}),
        "query": request.GET.urlencode(), "breadcrumbs": breadcrumbs(),
    })


@capability_required(C.VIEW_CLINICIAN_PERFORMANCE)
def results_csv(request):
    _form, first, last, _service, _role, cases = filtered_cases(request)
    funnel = funnel_view(cases)
    return audited_csv(request, filename=f"audit-results-{first:%Y%m%d}-{last:%Y%m%d}.csv", header=FUNNEL_CSV_HEADER,
                       rows=funnel.csv_rows, object_type="clinical_performance.AuditCase",
                       what=f"Audit results funnel of {len(funnel.csv_rows)} clinicians")
