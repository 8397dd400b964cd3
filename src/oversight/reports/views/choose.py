"""The reports start page: choose an organisation, a report and its period."""

from __future__ import annotations

from django.shortcuts import redirect, render

from oversight.accounts.decorators import capability_required
from oversight.accounts.roles import Capability

from ..board import latest_complete_month
from ..forms import ChooseReportForm, period_text
from .common import home_organisation, reportable_organisations


@capability_required(Capability.VIEW_REPORTS)
def index(request):
    organisations = reportable_organisations(request.user)
    form = ChooseReportForm(request.GET or None, organisations=organisations,
                            initial={"period": f"{latest_complete_month():%Y-%m}",
                                     "organisation": home_organisation(request.user, organisations)})
    if request.GET and form.is_valid():
        data = form.cleaned_data
        return redirect("reports:prepare", code=data["organisation"], kind=data["kind"],
                        period=period_text(data["kind"], data["start"]))
    producible = reportable_organisations(request.user, Capability.PRODUCE_REPORTS)
    return render(request, "reports/index.jinja", {"page_title": "Reports", "form": form, "producible": producible})
