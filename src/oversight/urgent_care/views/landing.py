"""The urgent care KPIs landing page."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse

from oversight.accounts.decorators import capability_required
from oversight.accounts.roles import Capability as C

from ..presenters import landing_cards


@capability_required(C.VIEW_URGENT_CARE)
def index(request):
    return render(request, "core/module.jinja", {
        "page_title": "Urgent care KPIs",
        "intro": "NHS 111 and integrated urgent care performance, from the published statistics and your own call data.",
        "cards": landing_cards(request.user),
        "breadcrumbs": [{"text": "Clinical performance", "href": reverse("clinical_performance:index")}],
    })
