"""The home page: the module cards a user may open."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.urls import reverse

from oversight.accounts.access import can, organisations_in_scope, roles_of
from oversight.accounts.roles import Capability as C


@dataclass(frozen=True)
class ModuleCard:
    title: str
    description: str
    href: str


# (title, description, url name, capabilities: any one of them shows the card)
MODULE_CARDS = [
    ("Surveillance", "Provider quality from published NHS statistics, SPC charts, NHS Oversight Framework segments and escalations.",
     "surveillance:index", (C.VIEW_SURVEILLANCE,)),
    ("Governance", "Patient safety incidents under PSIRF, Duty of Candour, complaints, professional concerns and learning.",
     "governance:index", (C.VIEW_CASES, C.VIEW_GOVERNANCE_AGGREGATES, C.VIEW_PROFESSIONAL_CONCERNS)),
    ("Workforce", "Appraisal and revalidation, licence and registration checks, mandatory training.",
     "workforce:index", (C.VIEW_WORKFORCE,)),
    ("Reports", "Monthly board reports and annual quality accounts.", "reports:index", (C.VIEW_REPORTS,)),
    ("Information governance", "The audit trail of every confidential view and change, breaches and subject access requests.",
     "infogov:index", (C.VIEW_AUDIT_TRAIL, C.MANAGE_INFORMATION_GOVERNANCE)),
]


class HomePresenter:
    def __init__(self, user):
        self.user = user

    @cached_property
    def roles(self):
        return roles_of(self.user)

    @cached_property
    def cards(self) -> list[ModuleCard]:
        return [
            ModuleCard(title, description, reverse(url_name))
            for title, description, url_name, capabilities in MODULE_CARDS
            if any(can(self.user, capability) for capability in capabilities)
        ]

    @cached_property
    def organisation_count(self) -> int:
        return organisations_in_scope(self.user).count()
