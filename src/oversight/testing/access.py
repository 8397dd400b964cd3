"""The designed access answer for each page, declared by each app's tests in
``<app>/tests/access_matrix.py`` as ``PAGES = {url_name: Page(...)}``.

tests/test_authorisation_matrix.py requests every page as anonymous and as every role,
and fails if any URL in the project has no designed answer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

PUBLIC = "public"  # anyone, signed in or not
SIGNED_IN = "signed_in"  # any signed-in user, whatever their role


@dataclass(frozen=True)
class Page:
    # Who gets the page: PUBLIC, SIGNED_IN, or a set of capabilities (holding any one is enough).
    allowed: str | frozenset[str]
    # URL kwargs, or a function of the fixture tree returning them (for object pages).
    kwargs: dict | Callable[[dict], dict] = field(default_factory=dict)
    # Status a permitted user gets (200 for a page, 302 for e.g. a sign-in page that forwards).
    ok_status: int = 200
    # For signed-in users: the status when allowed by role but the object is out of their scope.
    out_of_scope_kwargs: dict | Callable[[dict], dict] | None = None
    query: str = ""


def capabilities(*names: str) -> frozenset[str]:
    return frozenset(names)
