"""Call-level KPIs: the upload (manage_urgent_care_data), per service and site (view_urgent_care), per
clinician (view_clinician_performance only, audited). All scoped to the organisations the data belongs to."""

from __future__ import annotations

from datetime import date

from django.shortcuts import redirect, render
from django.urls import reverse

from oversight.accounts.access import organisations_in_scope
from oversight.accounts.decorators import capability_required
from oversight.accounts.roles import Capability as C
from oversight.audit import auditor
from oversight.audit.models import AuditAction
from oversight.indicators import render_funnel
from oversight.iuc import COLUMNS

from .. import calls
from ..forms import CallEventsUploadForm
from ..presenters import calls as pages
from ..services import queue_call_load
from .common import crumbs, csv_response
from .loads import jobs_in_scope


@capability_required(C.MANAGE_URGENT_CARE_DATA)
def upload(request):
    """The file is kept and queued (services/jobs.py): the job page shows it being checked and loaded."""
    organisations = organisations_in_scope(request.user, C.MANAGE_URGENT_CARE_DATA).order_by("name")
    form = CallEventsUploadForm(request.POST or None, request.FILES or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        job = queue_call_load(user=request.user, organisation=form.cleaned_data["organisation"],
                              upload=form.cleaned_data["file"])  # fmt: skip
        return redirect("urgent_care:load-job", pk=job.pk)
    return render(request, "urgent_care/upload.jinja", {
        "page_title": "Load call events", "breadcrumbs": crumbs(), "form": form, "columns": COLUMNS,
        "loads": calls.loads_in_scope(request.user, C.MANAGE_URGENT_CARE_DATA)[:20],
        "jobs": jobs_in_scope(request.user)[:10],
    })  # fmt: skip


def _level(request) -> str:
    level = request.GET.get("level", "service")
    return level if level in calls.LEVELS else "service"


@capability_required(C.VIEW_URGENT_CARE)
def service_kpis(request):
    level = _level(request)
    frame = calls.service_kpis(request.user, level, kpi=request.GET.get("kpi") or None)
    return render(request, "urgent_care/service_kpis.jinja", {
        "page_title": "Call KPIs by service and site", "breadcrumbs": crumbs(), "level": level,
        "levels": calls.LEVEL_LABELS, "columns": pages.SERVICE_COLUMNS, "rows": pages.service_rows(frame),
        "query": request.GET.urlencode(), "loads": calls.loads_in_scope(request.user)[:20],
    })  # fmt: skip


@capability_required(C.VIEW_URGENT_CARE)
def service_kpis_csv(request):
    level = _level(request)
    frame = calls.service_kpis(request.user, level, kpi=request.GET.get("kpi") or None)
    return csv_response(request, f"urgent-care-call-kpis-by-{level}.csv", pages.SERVICE_CSV_HEADER,
                        pages.service_csv(frame, level), f"urgent care call KPIs by {level}")  # fmt: skip


def _clinician_choice(request) -> tuple[str, date | None, list, list]:
    everything = calls.clinicians_kpis(request.user)
    kpi = request.GET.get("kpi") or pages.DEFAULT_CLINICIAN_KPI
    months = sorted(everything.filter(everything["kpi"] == kpi)["period"].unique().to_list())
    wanted = request.GET.get("month")
    period = next((m for m in months if f"{m:%Y-%m}" == wanted), months[-1] if months else None)
    kpis = sorted(everything["kpi"].unique().to_list())
    return kpi, period, [(k, calls.kpi_label(k)) for k in kpis], months


def _audit_view(request, what: str) -> None:
    # Figures about named clinicians are personal data about staff: each view is recorded, with why.
    auditor.record(AuditAction.VIEW, object_type="urgent_care_clinician_kpis", object_repr=what[:300],
                   reason="Oversight of clinician performance (call KPIs by clinician)")  # fmt: skip


@capability_required(C.VIEW_CLINICIAN_PERFORMANCE)
def clinician_kpis(request):
    kpi, period, kpis, months = _clinician_choice(request)
    frame = calls.clinicians_kpis(request.user, kpi=kpi, period=period) if period else calls.clinicians_kpis(request.user).clear()
    found = pages.clinician_funnel(frame, request.user, metric=calls.kpi_metric(kpi))
    _audit_view(request, f"Call KPI {kpi} by clinician, {period:%Y-%m}" if period else f"Call KPI {kpi} by clinician")
    chart = render_funnel(found["result"], value_label=calls.kpi_label(kpi)) if found["result"] is not None else ""
    return render(request, "urgent_care/clinician_kpis.jinja", {
        "page_title": "Call KPIs by clinician", "breadcrumbs": crumbs(), "kpi": kpi, "kpi_label": calls.kpi_label(kpi),
        "chart_svg": chart,
        "kpis": kpis, "months": months, "period": period, "columns": pages.CLINICIAN_COLUMNS, "found": found,
        "query": request.GET.urlencode(), "audit_url": _audit_link(),
    })  # fmt: skip


def _audit_link() -> str:
    return reverse("clinical_performance:index")


@capability_required(C.VIEW_CLINICIAN_PERFORMANCE)
def clinician_kpis_csv(request):
    kpi, period, _, _ = _clinician_choice(request)
    frame = calls.clinicians_kpis(request.user, kpi=kpi, period=period) if period else calls.clinicians_kpis(request.user).clear()
    found = pages.clinician_funnel(frame, request.user)
    rows = pages.clinician_csv(found, kpi, period) if period else []
    return csv_response(request, f"urgent-care-{kpi}-by-clinician.csv", pages.CLINICIAN_CSV_HEADER, rows,
                        f"urgent care call KPI {kpi} by clinician")  # fmt: skip
