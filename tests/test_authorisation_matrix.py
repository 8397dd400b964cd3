"""Every page, requested anonymously and as every role, gets its designed answer.

The design lives in each app's ``tests/access_matrix.py``; a URL with no designed answer
fails here, so no page can ship without one. API endpoints: every one refuses an
unauthenticated caller.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from django.apps import apps
from django.test import Client
from django.urls import get_resolver, reverse
from django.urls.resolvers import URLPattern, URLResolver

from oversight.accounts.roles import CAPABILITIES, Role
from oversight.testing.access import PUBLIC, SIGNED_IN, Page
from oversight.testing.factories import build_tree, user_with_role

# Every app with pages declares their designed answers in tests/access_matrix.py.
APPS = [c.label for c in apps.get_app_configs()
        if c.name.startswith("oversight.") and (Path(c.path) / "tests" / "access_matrix.py").exists()]


def designed_pages() -> dict[str, Page]:
    pages = {}
    for app in APPS:
        module = importlib.import_module(f"oversight.{app}.tests.access_matrix")
        pages.update(module.PAGES)
    return pages


def project_url_names(resolver=None, namespace="") -> set[str]:
    names = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "api":
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= project_url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


PAGES = designed_pages()


def test_every_page_has_a_designed_answer():
    missing = project_url_names() - set(PAGES)
    assert not missing, f"pages with no designed access answer: {sorted(missing)}"


def _resolve(value, tree):
    return value(tree) if callable(value) else value


def _url(name, page, tree, kwargs=None):
    return reverse(name, kwargs=_resolve(kwargs if kwargs is not None else page.kwargs, tree) or None) + (
        f"?{page.query}" if page.query else ""
    )


def _expected(page: Page, role: str | None) -> int:
    if page.allowed == PUBLIC:
        return page.ok_status
    if role is None:
        return 302
    if page.allowed == SIGNED_IN:
        return page.ok_status
    return page.ok_status if CAPABILITIES[role] & page.allowed else 403


@pytest.fixture
def tree(db):
    return build_tree()


@pytest.mark.django_db
@pytest.mark.parametrize("role", [None, *Role.values], ids=lambda r: r or "anonymous")
def test_each_page_as_each_role(tree, role, client: Client):
    if role is not None:
        # A regional role is held for the region; a trust role for Trust A.
        scope = tree["region"] if role == Role.REGIONAL_MEDICAL_DIRECTOR else tree["trust_a"]
        client.force_login(user_with_role(role, scope))
    wrong = []
    for name, page in sorted(PAGES.items()):
        if name == "accounts:sign-in" and role is not None:
            continue  # a signed-in user is forwarded home; covered in the accounts tests
        url = _url(name, page, tree)
        response = client.get(url)
        expected = _expected(page, role)
        if response.status_code != expected:
            wrong.append(f"{url}: expected {expected}, got {response.status_code}")
        elif expected == 302 and role is None and "/accounts/sign-in/" not in response.url:
            wrong.append(f"{url}: redirected to {response.url}, not to sign in")
        if page.out_of_scope_kwargs is not None and role is not None and expected == page.ok_status:
            outside = _url(name, page, tree, page.out_of_scope_kwargs)
            status = client.get(outside).status_code
            if status != 403:
                wrong.append(f"{outside} (outside the user's organisation): expected 403, got {status}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.django_db
def test_every_api_endpoint_refuses_anonymous_callers(client: Client):
    from oversight.config.api import api

    assert client.get("/api/v1/openapi.json").status_code == 401  # the schema itself is not public
    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    wrong = []
    for path, operations in schema["paths"].items():
        concrete = path.replace("{", "").replace("}", "")
        for method in operations:
            response = getattr(client, method)(concrete, content_type="application/json")
            if response.status_code != 401:
                wrong.append(f"{method.upper()} {path}: {response.status_code}")
    assert not wrong, "\n".join(wrong)
