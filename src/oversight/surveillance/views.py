"""Regional quality surveillance."""

from __future__ import annotations

from django.shortcuts import render

from oversight.accounts.decorators import capability_required
from oversight.accounts.roles import Capability


@capability_required(Capability.VIEW_SURVEILLANCE)
def index(request):
    return render(
        request,
        "core/module.jinja",
        {"page_title": "Surveillance", "intro": "Provider quality from published NHS statistics.", "links": []},
    )
