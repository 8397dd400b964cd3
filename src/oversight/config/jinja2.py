"""The Jinja2 environment: NHS.UK design system macros plus Django's url/static helpers."""

from __future__ import annotations

from pathlib import Path

import nhsuk_frontend_jinja
from django.contrib.messages import get_messages
from django.templatetags.static import static
from django.urls import reverse
from jinja2 import ChainableUndefined, ChoiceLoader, Environment, FileSystemLoader

from oversight.core.formatting import register_filters
from oversight.core.navigation import primary_navigation

NHSUK_TEMPLATES = Path(nhsuk_frontend_jinja.__file__).parent / "templates"


def url(name: str, *args, **kwargs) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def csp_nonce(request) -> str:
    """The request's CSP nonce, or "" when there is none (e.g. an error page rendered
    after the CSP middleware has already written its header)."""
    try:
        return str(request.csp_nonce)
    except Exception:  # csp raises its own error type once the header is sent
        return ""


def environment(**options) -> Environment:
    # nhsuk-frontend-jinja reads nested params (params.a.b) that may be absent.
    options["undefined"] = ChainableUndefined
    options.setdefault("autoescape", True)
    env = Environment(**options)
    env.loader = ChoiceLoader([env.loader, FileSystemLoader(str(NHSUK_TEMPLATES))])
    env.globals.update(
        url=url,
        static=static,
        get_messages=get_messages,
        primary_navigation=primary_navigation,
        csp_nonce=csp_nonce,
    )
    register_filters(env)
    return env
