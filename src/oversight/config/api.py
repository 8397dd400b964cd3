"""The HTTP API under /api/v1 (django-ninja). OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs.

Service accounts authenticate with ``Authorization: Bearer <token>`` (``oversight token create``);
a signed-in browser session works too (with CSRF on unsafe methods). Each domain app adds a
router; every endpoint applies the same access rules as the pages.
"""

from __future__ import annotations

import importlib
import logging
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db import DataError
from django.http import HttpRequest, JsonResponse
from ninja import NinjaAPI
from ninja.security import APIKeyCookie, HttpBearer
from pydantic import ValidationError as PydanticValidationError

from oversight.accounts.models import APIToken

logger = logging.getLogger(__name__)


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        user = APIToken.authenticate(token)
        if user is not None:
            request.user = user
        return user


class SessionCookie(APIKeyCookie):
    """The browser session, with Django's CSRF check on unsafe methods."""

    param_name = "sessionid"

    def __init__(self):
        super().__init__(csrf=True)

    def authenticate(self, request: HttpRequest, key):
        user = getattr(request, "user", None)
        return user if user is not None and user.is_authenticated else None


def signed_in_only(view):
    """The API's schema and docs are for signed-in users and service accounts, not the public: the
    schema maps every endpoint and field an attacker could probe."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            header = request.headers.get("Authorization", "")
            token_user = APIToken.authenticate(header[7:]) if header.startswith("Bearer ") else None
            if token_user is None:
                return JsonResponse({"detail": "Sign in, or send an API token, to read the API's schema"},
                                    status=401)
            request.user = token_user
        return view(request, *args, **kwargs)

    return wrapper


api = NinjaAPI(
    title="Oversight API",
    version="1",
    description="Clinical governance and quality oversight for the NHS in England.",
    auth=[BearerToken(), SessionCookie()],
    urls_namespace="api",
    docs_url="/docs",
    docs_decorator=signed_in_only,
)


@api.exception_handler(PermissionError)
def permission_error(request, exc):
    return api.create_response(request, {"detail": str(exc) or "Forbidden"}, status=403)


@api.exception_handler(PermissionDenied)
def permission_denied(request, exc):
    return api.create_response(request, {"detail": str(exc) or "Forbidden"}, status=403)


@api.exception_handler(ValueError)
@api.exception_handler(OverflowError)
@api.exception_handler(DataError)
def unprocessable(request, exc):
    """Input the validation let through but the database or a library refused (NUL on PostgreSQL, a
    number too large for SQLite, an impossible date): a JSON 422, never an HTML 500. Logged, since it
    means a schema or form is missing a check. An answer that fails its own schema is our fault, and
    stays a 500."""
    if isinstance(exc, PydanticValidationError):
        raise exc
    logger.warning("API input refused after validation: %s %s: %r", request.method, request.path, exc)
    return api.create_response(request, {"detail": [{"loc": [], "msg": "The request could not be processed: "
                                                     "check the values sent", "type": "value_error"}]}, status=422)


# The domain routers, each module exposing ``router`` and ``PREFIX``. Imported unguarded: a router
# that fails to import stops start-up (tests/test_front_doors.py) rather than vanishing from the API.
ROUTERS = [
    "oversight.organisations.api",
    "oversight.accounts.api",
    "oversight.surveillance.api",
    "oversight.governance.api",
    "oversight.reports.api",
    "oversight.clinical_performance.api",
    "oversight.urgent_care.api",
    "oversight.professional_standards.api",
    "oversight.workforce.api",
]


def _register_routers() -> None:
    for name in ROUTERS:
        module = importlib.import_module(name)
        api.add_router(module.PREFIX, module.router)


_register_routers()
