"""The link from an escalation action back to the signal it was raised from.

The link arrives in the query string of "Raise an action" (``signal_url``), so anyone can craft one; it
is shown as a link on the form and on the action. Only a same-site relative path to one of this
service's surveillance pages is kept: never another scheme (``javascript:``, ``data:``), another host
(``//evil.example``) or a path that a browser would resolve elsewhere (``/surveillance/../accounts/``).
"""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

from django.urls import Resolver404, resolve
from django.utils.http import url_has_allowed_host_and_scheme

NAMESPACE = "surveillance"
MAX_LENGTH = 500


def surveillance_page(url: str | None) -> str:
    """``url`` when it is a relative link to a surveillance page of this site, else ""."""
    url = (url or "").strip()
    if not url or len(url) > MAX_LENGTH or not url.isprintable() or "\\" in url:
        return ""
    # No host allowed: only a relative URL with no scheme passes.
    if not url_has_allowed_host_and_scheme(url, allowed_hosts=set()):
        return ""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return ""
    return url if _is_surveillance_path(unquote(parts.path)) else ""


def _is_surveillance_path(path: str) -> bool:
    # Browsers resolve dot segments (also when percent-encoded) before asking: refuse them, and
    # doubled slashes, rather than guess where the browser would land.
    if "//" in path or any(segment in {".", ".."} for segment in path.split("/")):
        return False
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return match.namespace == NAMESPACE
