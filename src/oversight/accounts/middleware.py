"""Middleware for signed-in use: the idle timeout, and no caching of what a signed-in user sees.

Idle session timeout without a database write on every request.

Django's ``SESSION_SAVE_EVERY_REQUEST`` rewrites the session row on every page, API call and HTMX swap;
on SQLite that serialises every request behind one write lock. Instead the session is refreshed at
most once a ``SESSION_REFRESH_SECONDS`` (a minute): the 30-minute idle timeout is then exact to within
that minute, and most requests only read.
"""

from __future__ import annotations

import time

from django.conf import settings

REFRESHED_AT = "_oversight_refreshed_at"


def _now() -> int:
    return int(time.time())


class SessionRefreshMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and not session.is_empty() and getattr(request, "user", None) is not None \
                and request.user.is_authenticated:
            now = _now()
            if now - int(session.get(REFRESHED_AT, 0)) >= settings.SESSION_REFRESH_SECONDS:
                session[REFRESHED_AT] = now  # marks it modified: saved with a new expiry
        return response


class NoStoreMiddleware:
    """Pages, exports and API answers for a signed-in user or a token may carry confidential data:
    no browser, proxy or shared machine may keep a copy (``Cache-Control: no-store``). Responses that
    set their own caching (the public design-system stylesheet, static files) keep it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if (signed_in or request.path.startswith("/api/")) and "Cache-Control" not in response:
            response["Cache-Control"] = "no-store, private"
        return response
