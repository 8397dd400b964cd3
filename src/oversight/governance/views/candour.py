"""Duty of Candour: recording each step, and monthly compliance."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from oversight.accounts.access import can, organisations_in_scope
from oversight.accounts.decorators import capability_required
from oversight.accounts.roles import Capability as C

from ..access import get_incident
from ..forms.candour import STEP_FORMS
from ..presenters.dashboard import CompliancePresenter
from ..services.candour import RECORDERS, STEP_TITLES
from .common import GOVERNANCE, done, form_page, run_service

TITLES = {**STEP_TITLES, "awareness_date": "When the organisation became aware"}


@capability_required(C.MANAGE_CASES)
def candour_record(request, pk, step):
    incident = get_incident(request.user, pk, C.MANAGE_CASES)
    tracker = getattr(incident, "candour", None)
    if tracker is None or step not in RECORDERS:
        raise Http404("This incident has no Duty of Candour record")
    initial = {"further_enquiries": tracker.further_enquiries} if step == "further_enquiries" else None
    form = STEP_FORMS[step](request.POST or None, initial=initial)
    back = reverse("governance:incident-detail", args=[pk]) + "#duty-of-candour"
    if request.method == "POST" and form.is_valid() and run_service(
            form, lambda data: RECORDERS[step](tracker, request.user, data)):
            return done(request, f"Duty of Candour: {TITLES[step].lower()} recorded", back)
    return form_page(request, form, title=TITLES[step], caption=f"Duty of Candour: incident {incident.reference}",
                     cancel=back, breadcrumbs=[GOVERNANCE, {"text": incident.reference, "href": back}])


@capability_required(C.VIEW_GOVERNANCE_AGGREGATES, C.VIEW_CASES)
def candour_compliance(request):
    """Monthly compliance for everyone with aggregates; the open cases list only for case viewers."""
    capability = C.VIEW_GOVERNANCE_AGGREGATES if can(request.user, C.VIEW_GOVERNANCE_AGGREGATES) else C.VIEW_CASES
    organisations = organisations_in_scope(request.user, capability)
    presenter = CompliancePresenter(request.user, organisations, timezone.localdate())
    return render(request, "governance/candour_compliance.jinja", {
        "page_title": "Duty of Candour compliance", "compliance": presenter, "breadcrumbs": [GOVERNANCE],
    })
