"""Who is acting now: set per request by middleware, per command by the CLI."""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    user: object | None = None  # a User, or None for a system process
    system_id: str = ""

    @property
    def label(self) -> str:
        if self.user is not None and getattr(self.user, "is_authenticated", False):
            return self.user.get_username()
        return f"system:{self.system_id}" if self.system_id else "anonymous"


class RequestActor(Actor):
    """The user of a web request, read when an entry is written, so that API token
    authentication (which sets request.user inside the view) is attributed too."""

    def __init__(self, request):
        object.__setattr__(self, "request", request)
        object.__setattr__(self, "system_id", "")

    @property
    def user(self):
        user = getattr(self.request, "user", None)
        return user if user is not None and getattr(user, "is_authenticated", False) else None


_current_actor: ContextVar[Actor | None] = ContextVar("oversight_audit_actor", default=None)


def current_actor() -> Actor | None:
    return _current_actor.get()


@contextmanager
def acting_as(actor: Actor):
    token = _current_actor.set(actor)
    try:
        yield actor
    finally:
        _current_actor.reset(token)


def system_actor(system_id: str) -> Actor:
    return Actor(user=None, system_id=system_id)
