"""Make the signed-in user the actor for anything audited during the request."""

from __future__ import annotations

from .context import Actor, acting_as


class AuditActorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        actor = Actor(user=user if user is not None and user.is_authenticated else None)
        with acting_as(actor):
            return self.get_response(request)
