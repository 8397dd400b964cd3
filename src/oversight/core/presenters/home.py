"""The home page: the module cards a user may open."""

from __future__ import annotations

from functools import cached_property

from oversight.accounts.access import organisations_in_scope, roles_of
from oversight.accounts.roles import Capability as C

from .cards import CardEntry, ModuleCard, cards_for

# Each card says what the module does today: nothing still to come.
MODULE_CARDS = [
    CardEntry("Surveillance", "Provider quality from published NHS statistics, SPC charts, NHS Oversight Framework "
              "segments and escalations.", "surveillance:index", (C.VIEW_SURVEILLANCE,)),
    CardEntry("Governance", "Patient safety incidents under PSIRF, Duty of Candour, complaints, professional concerns "
              "and learning.", "governance:index",
              (C.VIEW_CASES, C.VIEW_GOVERNANCE_AGGREGATES, C.VIEW_PROFESSIONAL_CONCERNS)),
    CardEntry("Workforce", "The clinicians recorded with their GMC, NMC or HCPC registration.",
              "workforce:index", (C.VIEW_WORKFORCE,)),
    CardEntry("Reports", "Monthly board quality reports and quality account data packs.", "reports:index",
              (C.VIEW_REPORTS,)),
    CardEntry("Information governance", "The audit trail of every confidential view and change, and a check that "
              "nothing in it has been altered.", "infogov:index", (C.VIEW_AUDIT_TRAIL, C.MANAGE_INFORMATION_GOVERNANCE)),
]


class HomePresenter:
    def __init__(self, user):
        self.user = user

    @cached_property
    def roles(self):
        return roles_of(self.user)

    @cached_property
    def cards(self) -> list[ModuleCard]:
        return cards_for(self.user, MODULE_CARDS)

    @cached_property
    def organisation_count(self) -> int:
        return organisations_in_scope(self.user).count()
