"""Professional standards and workforce: the landing page until the module's records land."""

from __future__ import annotations

from django.shortcuts import render

from oversight.accounts.decorators import capability_required
from oversight.accounts.roles import Capability


@capability_required(Capability.VIEW_WORKFORCE)
def index(request):
    return render(
        request,
        "core/module.jinja",
        {
            "page_title": "Workforce",
            "intro": "Professional standards for doctors and other clinicians.",
            "coming": [
                "Appraisal and revalidation: due dates, Annual Organisational Audit categories, Responsible Officer recommendations",
                "Licence and registration checks against the GMC, NMC and HCPC registers",
                "Mandatory training compliance",
                "Individual clinician audit and NHS 111 / urgent care clinical KPIs",
            ],
        },
    )
