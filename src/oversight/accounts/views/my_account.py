"""The signed-in user's own roles."""

from __future__ import annotations

from django.shortcuts import render

from ..access import roles_of


def my_account(request):
    return render(
        request,
        "accounts/my_account.jinja",
        {"page_title": "Your roles", "assignments": roles_of(request.user)},
    )
