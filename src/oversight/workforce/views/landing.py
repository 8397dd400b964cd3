"""The workforce landing page: only the pages that exist today."""

from __future__ import annotations

from django.shortcuts import render

from oversight.accounts.decorators import capability_required
from oversight.accounts.roles import Capability

from ..presenters import landing_cards


@capability_required(Capability.VIEW_WORKFORCE)
def index(request):
    return render(request, "core/module.jinja", {
        "page_title": "Workforce",
        "intro": "Professional standards for doctors and other clinicians.",
        "cards": landing_cards(request.user),
    })
