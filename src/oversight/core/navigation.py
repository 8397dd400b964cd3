"""The service's primary navigation: one entry per domain module."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    text: str
    url_name: str
    prefix: str


MODULES = [
    NavItem("Home", "core:home", "/"),
    NavItem("Surveillance", "surveillance:index", "/surveillance/"),
    NavItem("Governance", "governance:index", "/governance/"),
    NavItem("Workforce", "workforce:index", "/workforce/"),
    NavItem("Reports", "reports:index", "/reports/"),
    NavItem("Information governance", "infogov:index", "/information-governance/"),
    NavItem("Organisations", "organisations:list", "/organisations/"),
]


def primary_navigation(request) -> list[dict]:
    """Items for the NHS header macro, marking the section the page belongs to."""
    path = request.path
    items = []
    for item in MODULES:
        current = path == "/" if item.prefix == "/" else path.startswith(item.prefix)
        items.append({"href": reverse(item.url_name), "text": item.text, "current": current})
    return items
