"""Clinical governance."""

from __future__ import annotations

from django.shortcuts import render

from oversight.accounts.decorators import capability_required
from oversight.accounts.roles import Capability as C


@capability_required(C.VIEW_CASES, C.VIEW_GOVERNANCE_AGGREGATES, C.VIEW_PROFESSIONAL_CONCERNS)
def index(request):
    return render(
        request,
        "core/module.jinja",
        {"page_title": "Governance", "intro": "Patient safety incidents, Duty of Candour, complaints and concerns.", "links": []},
    )
