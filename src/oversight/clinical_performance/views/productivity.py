"""Productivity (cases per clinician hour, always with the disposition mix and audit outcome) and the
shifts it is worked out from: the rota import, one shift by hand, and the list of shifts."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from oversight.accounts.access import organisations_in_scope, scope_ids
from oversight.accounts.decorators import capability_required
from oversight.accounts.roles import Capability as C
from oversight.audit import auditor
from oversight.audit.auditor import filters_reason
from oversight.audit.exports import audited_csv
from oversight.audit.models import AuditAction
from oversight.core.formatting import format_datetime, format_number
from oversight.organisations.models import OrganisationKind
from oversight.workforce.models import Clinician

from ..forms.shifts import DatesForm, ShiftForm, ShiftImportForm
from ..presenters.productivity import (
    CLINICIAN_COLUMNS,
    CONTEXT_NOTE,
    CSV_HEADER,
    GROUP_COLUMNS,
    clinician_rows,
    csv_rows,
    group_rows,
)
from ..selectors import audit_outcomes_by, clinicians_overseen, productivity, shifts_in_scope
from ..services.shifts import import_shifts, record_shift
from .results import breadcrumbs


def _productivity(request):
    form = DatesForm(request.GET or None)
    first, last = form.dates(timezone.localdate())
    clinicians = {c.pk: c for c in clinicians_overseen(request.user)}
    rows = productivity(clinicians, first, last)
    by_role = productivity(clinicians, first, last, by=("role",))
    by_service = productivity(clinicians, first, last, by=("service",))
    for grouped, field in ((by_role, "role"), (by_service, "service")):
        outcomes = audit_outcomes_by(clinicians, first, last, field)
        for row in grouped:
            row.audit = outcomes.get(row.key[0])
    return form, first, last, clinicians, rows, by_role, by_service


@capability_required(C.VIEW_CLINICIAN_PERFORMANCE)
def productivity_page(request):
    form, first, last, clinicians, rows, by_role, by_service = _productivity(request)
    auditor.record(AuditAction.VIEW, object_type="clinical_performance.Shift",
                   object_repr=f"Productivity of {len({r.key[0] for r in rows})} clinicians",
                   reason=f"Read clinicians' productivity. {filters_reason(request.GET)}")
    return render(request, "clinical_performance/productivity.jinja", {
        "page_title": "Productivity", "form": form, "first": first, "last": last, "note": CONTEXT_NOTE,
        "rows": clinician_rows(rows, clinicians), "columns": CLINICIAN_COLUMNS,
        "by_role": group_rows(by_role), "by_service": group_rows(by_service), "group_columns": GROUP_COLUMNS,
        "query": request.GET.urlencode(), "can_manage": bool(scope_ids(request.user, C.MANAGE_CLINICAL_AUDIT)),
        "breadcrumbs": breadcrumbs(),
    })


@capability_required(C.VIEW_CLINICIAN_PERFORMANCE)
def productivity_csv(request):
    _form, first, last, clinicians, rows, _by_role, _by_service = _productivity(request)
    return audited_csv(request, filename=f"productivity-{first:%Y%m%d}-{last:%Y%m%d}.csv", header=CSV_HEADER,
                       rows=csv_rows(rows, clinicians), object_type="clinical_performance.Shift",
                       what=f"Productivity of {len({r.key[0] for r in rows})} clinicians")


# ------------------------------------------------------------------------------------ shifts ----

SHIFT_COLUMNS = [("clinician", "Clinician"), ("starts", "Starts"), ("ends", "Ends"), ("hours", "Hours"),
                 ("role", "Role"), ("service", "Service"), ("site", "Site"), ("source", "Recorded from")]


def _shift_crumbs() -> list[dict]:
    return breadcrumbs({"text": "Shifts", "href": reverse("clinical_performance:shift-list")})


@capability_required(C.MANAGE_CLINICAL_AUDIT)
def shift_list(request):
    shifts = shifts_in_scope(request.user)
    page = Paginator(shifts, 50).get_page(request.GET.get("page"))
    rows = [{"clinician": s.clinician.name,
             "starts": {"text": format_datetime(timezone.localtime(s.starts_at)), "sort": s.starts_at.isoformat()},
             "ends": {"text": format_datetime(timezone.localtime(s.ends_at)), "sort": s.ends_at.isoformat()},
             "hours": format_number(s.hours, 1), "role": s.role, "service": s.service, "site": s.site or "–",
             "source": "Rota file" if s.source_id else "Entered by hand"} for s in page]
    # Named clinicians' working hours: recorded like every other view of a clinician's figures.
    auditor.record(AuditAction.VIEW, object_type="clinical_performance.Shift",
                   object_repr=f"Shift list, page {page.number} of {page.paginator.num_pages}",
                   reason="Managing clinician audit: the shifts recorded for clinicians")
    return render(request, "clinical_performance/shift_list.jinja", {
        "page_title": "Shifts", "rows": rows, "columns": SHIFT_COLUMNS, "page": page, "breadcrumbs": breadcrumbs(),
    })


@capability_required(C.MANAGE_CLINICAL_AUDIT)
def shift_import(request):
    organisations = (organisations_in_scope(request.user, C.MANAGE_CLINICAL_AUDIT)
                     .filter(kind=OrganisationKind.TRUST).order_by("name"))
    form = ShiftImportForm(request.POST or None, request.FILES or None, organisations=organisations)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > settings.OVERSIGHT_IMPORT_MAX_MB * 1024 * 1024:
            form.add_error("file", f"The file must be {settings.OVERSIGHT_IMPORT_MAX_MB} MB or smaller")
        else:
            result = import_shifts(data=upload.read(), organisation=form.cleaned_data["organisation"])
            if result.ok:
                messages.success(request, f"{result.created:,} shifts imported")
                return redirect("clinical_performance:shift-list")
    return render(request, "clinical_performance/shift_import.jinja", {
        "page_title": "Import shifts from a rota", "form": form, "result": result, "breadcrumbs": _shift_crumbs(),
        "problems": [{"row": p.row, "column": p.column or "–", "problem": p.problem} for p in result.problems] if result else [],
    })


@capability_required(C.MANAGE_CLINICAL_AUDIT)
def shift_new(request):
    clinicians = Clinician.objects.filter(organisation_id__in=scope_ids(request.user, C.MANAGE_CLINICAL_AUDIT)).order_by("name")
    form = ShiftForm(request.POST or None, clinicians=clinicians)
    if request.method == "POST" and form.is_valid():
        starts_at, ends_at = form.times()
        data = form.cleaned_data
        try:
            record_shift(clinician=data["clinician"], starts_at=starts_at, ends_at=ends_at, service=data["service"],
                         role=data["role"], site=data["site"])
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error({"starts_at": "start_time", "ends_at": "end_time"}.get(field), problems)
        else:
            messages.success(request, f"Shift recorded for {data['clinician'].name}")
            return redirect("clinical_performance:shift-list")
    return render(request, "clinical_performance/shift_form.jinja", {
        "page_title": "Record a shift", "form": form, "cancel": reverse("clinical_performance:shift-list"),
        "breadcrumbs": _shift_crumbs(),
    })
