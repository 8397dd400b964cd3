"""The service's primary navigation: one entry per domain module the user may open."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from oversight.accounts.access import can
from oversight.accounts.roles import Capability as C


@dataclass(frozen=True)
class NavItem:
    text: str
    url_name: str
    prefix: str
    capabilities: tuple[str, ...] = ()  # any one shows the item; none: every signed-in user


MODULES = [
    NavItem("Home", "core:home", "/"),
    NavItem("Surveillance", "surveillance:index", "/surveillance/", (C.VIEW_SURVEILLANCE,)),
    NavItem("Governance", "governance:index", "/governance/",
            (C.VIEW_CASES, C.VIEW_GOVERNANCE_AGGREGATES, C.VIEW_PROFESSIONAL_CONCERNS)),
    NavItem("Workforce", "workforce:index", "/workforce/", (C.VIEW_WORKFORCE,)),
    NavItem("Clinical performance", "clinical_performance:index", "/clinical-performance/",
            (C.VIEW_URGENT_CARE, C.VIEW_CLINICIAN_PERFORMANCE, C.MANAGE_CLINICAL_AUDIT, C.REVIEW_CLINICAL_AUDIT,
             C.VIEW_OWN_PERFORMANCE)),
    NavItem("Professional standards", "professional_standards:index", "/professional-standards/",
            (C.VIEW_PROFESSIONAL_STANDARDS, C.VIEW_DOCTOR_RECORD, C.VIEW_APPRAISEE_APPRAISALS, C.VIEW_OWN_RECORD)),
    NavItem("Reports", "reports:index", "/reports/", (C.VIEW_REPORTS,)),
    NavItem("Information governance", "infogov:index", "/information-governance/",
            (C.VIEW_AUDIT_TRAIL, C.MANAGE_INFORMATION_GOVERNANCE)),
    NavItem("Organisations", "organisations:list", "/organisations/", (C.VIEW_ORGANISATIONS,)),
]


def primary_navigation(request) -> list[dict]:
    """Items for the NHS header macro, marking the section the page belongs to."""
    path = request.path
    items = []
    for item in MODULES:
        if item.capabilities and not any(can(request.user, c) for c in item.capabilities):
            continue
        current = path == "/" if item.prefix == "/" else path.startswith(item.prefix)
        items.append({"href": reverse(item.url_name), "text": item.text, "current": current})
    return items
