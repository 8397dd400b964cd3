"""The error pages Django shows for 403, 404 and 500 (named in oversight.config.urls)."""

from __future__ import annotations

from django.shortcuts import render


def permission_denied(request, exception=None):
    return render(request, "core/403.jinja", {"page_title": "You do not have access", "reason": str(exception or "")}, status=403)


def page_not_found(request, exception=None):
    return render(request, "core/404.jinja", {"page_title": "Page not found"}, status=404)


def server_error(request):
    return render(request, "core/500.jinja", {"page_title": "Sorry, there is a problem with the service"}, status=500)
