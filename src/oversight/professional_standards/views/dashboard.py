"""The Responsible Officer's dashboard: doctors by state, counts per state as links, filters, sorting, a
page at a time, and the same rows as CSV. For VIEW_PROFESSIONAL_STANDARDS, over the doctors access.py
gives the user; each opening and download is recorded (the states include open concerns)."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from oversight.accounts.access import can
from oversight.accounts.decorators import capability_required
from oversight.accounts.roles import Capability as C
from oversight.audit.exports import audited_csv
from oversight.audit.listing import audited_page
from oversight.organisations.models import Organisation

from ..access import doctors_for
from ..forms.revalidation import DashboardFilterForm
from ..presenters.dashboard import COLUMNS, CSV_HEADER, PAGE_SIZE, DashboardPresenter, load_states


def breadcrumbs(*extra) -> list[dict]:
    return [{"text": "Professional standards", "href": reverse("professional_standards:index")}, *extra]


def _presenter(request):
    doctors = doctors_for(request.user)
    organisation_ids = set(doctors.values_list("organisation_id", flat=True)) | set(
        doctors.exclude(designated_body=None).values_list("designated_body_id", flat=True))
    organisations = Organisation.objects.filter(pk__in=organisation_ids).order_by("name")
    form = DashboardFilterForm(request.GET or None, organisations=organisations)
    presenter = DashboardPresenter(load_states(doctors, timezone.localdate()), form.values(), request.GET.urlencode())
    return form, presenter


@capability_required(C.VIEW_PROFESSIONAL_STANDARDS)
def dashboard(request):
    form, presenter = _presenter(request)
    listed = audited_page(request, presenter.rows_states, object_type="workforce.Clinician",
                          what=f"Responsible Officer's dashboard of {presenter.total} doctors",
                          reason="The Responsible Officer's dashboard.", per_page=PAGE_SIZE)
    return render(request, "professional_standards/dashboard.jinja", {
        "page_title": "Responsible Officer's dashboard", "form": form, "dashboard": presenter, "page": listed.page,
        "rows": presenter.rows(listed.page.object_list), "columns": COLUMNS, "query": listed.query,
        "may_recommend": can(request.user, C.MAKE_REVALIDATION_RECOMMENDATIONS), "breadcrumbs": breadcrumbs(),
    })


@capability_required(C.VIEW_PROFESSIONAL_STANDARDS)
def dashboard_csv(request):
    _form, presenter = _presenter(request)
    rows = presenter.csv_rows()
    return audited_csv(request, filename=f"ro-dashboard-{timezone.localdate():%Y%m%d}.csv", header=CSV_HEADER, rows=rows,
                       object_type="workforce.Clinician", what=f"Responsible Officer's dashboard of {len(rows)} doctors")
