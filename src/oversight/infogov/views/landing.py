"""The information governance landing page."""

from __future__ import annotations

from django.shortcuts import render

from oversight.accounts.decorators import capability_required
from oversight.accounts.roles import Capability as C

from ..presenters import landing_cards


@capability_required(C.VIEW_AUDIT_TRAIL, C.MANAGE_INFORMATION_GOVERNANCE)
def index(request):
    return render(request, "core/module.jinja", {
        "page_title": "Information governance",
        "intro": "Confidentiality and access, as the Caldicott Guardian sees them.",
        "cards": landing_cards(request.user),
    })
