"""The landing page's cards: the pages that exist today, for those who may open them."""

from __future__ import annotations

from oversight.accounts.roles import Capability as C
from oversight.core.presenters import CardEntry, ModuleCard, cards_for

LANDING_CARDS = [
    CardEntry("Audit trail", "Every confidential view and every change to a governed record, with reasons.",
              "infogov:audit-trail", (C.VIEW_AUDIT_TRAIL,)),
    CardEntry("Check the audit trail", "Check that no entry has been edited or deleted since it was written.",
              "infogov:audit-verify", (C.VIEW_AUDIT_TRAIL,)),
    CardEntry("API tokens", "The tokens other systems use to reach the API for your organisations: see and revoke them.",
              "accounts:tokens", (C.MANAGE_INFORMATION_GOVERNANCE,)),
]


def landing_cards(user) -> list[ModuleCard]:
    return cards_for(user, LANDING_CARDS)
