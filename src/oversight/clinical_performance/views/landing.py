"""The clinical performance landing page."""

from __future__ import annotations

from django.shortcuts import render

from oversight.accounts.decorators import capability_required
from oversight.accounts.roles import Capability as C

from ..presenters import landing_cards

LANDING_CAPABILITIES = (C.VIEW_URGENT_CARE, C.VIEW_CLINICIAN_PERFORMANCE, C.MANAGE_CLINICAL_AUDIT,
                        C.REVIEW_CLINICAL_AUDIT, C.VIEW_OWN_PERFORMANCE)


@capability_required(*LANDING_CAPABILITIES)
def index(request):
    return render(request, "core/module.jinja", {
        "page_title": "Clinical performance",
        "intro": "Urgent care KPIs, individual clinician audit and productivity, each shown beside the others.",
        "cards": landing_cards(request.user),
    })
