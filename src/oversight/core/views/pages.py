"""The home dashboard and the service's information pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import render

from ..presenters import HomePresenter


def home(request):
    presenter = HomePresenter(request.user)
    return render(request, "core/home.jinja", {"page_title": "Home", "home": presenter})


@login_not_required
def about(request):
    return render(request, "core/about.jinja", {"page_title": "About Oversight"})


@login_not_required
def accessibility(request):
    return render(request, "core/accessibility.jinja", {"page_title": "Accessibility statement"})


@login_not_required
def privacy(request):
    return render(request, "core/privacy.jinja", {"page_title": "Privacy and audit"})


@login_not_required
def health(request):
    return HttpResponse("ok", content_type="text/plain")
