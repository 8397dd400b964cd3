"""Make the signed-in user the actor for anything audited during the request."""

from __future__ import annotations

from .context import RequestActor, acting_as


class AuditActorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with acting_as(RequestActor(request)):
            return self.get_response(request)
