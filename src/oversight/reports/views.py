"""Board assurance reports."""

from __future__ import annotations

from django.shortcuts import render

from oversight.accounts.decorators import capability_required
from oversight.accounts.roles import Capability


@capability_required(Capability.VIEW_REPORTS)
def index(request):
    return render(
        request,
        "core/module.jinja",
        {"page_title": "Reports", "intro": "Monthly board reports and annual quality accounts.", "links": []},
    )
