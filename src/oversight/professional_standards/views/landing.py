"""The professional standards landing page."""

from __future__ import annotations

from django.shortcuts import render

from oversight.accounts.decorators import capability_required
from oversight.accounts.roles import Capability as C

from ..presenters.landing import landing_cards


@capability_required(C.VIEW_PROFESSIONAL_STANDARDS, C.VIEW_DOCTOR_RECORD, C.VIEW_APPRAISEE_APPRAISALS, C.VIEW_OWN_RECORD)
def index(request):
    return render(request, "core/module.jinja", {
        "page_title": "Professional standards",
        "intro": "Appraisal, revalidation, employment checks and each doctor's whole governance record, for the "
                 "Responsible Officer, appraisers and doctors themselves.",
        "cards": landing_cards(request.user),
    })
