"""The clinical performance landing page's cards: the pages that exist, for those who may open them."""

from __future__ import annotations

from oversight.accounts.roles import Capability as C
from oversight.core.presenters import CardEntry, ModuleCard, cards_for

LANDING_CARDS = [
    CardEntry("Urgent care KPIs", "NHS 111 and integrated urgent care performance by contract and month, against the year's targets.",
              "urgent_care:index", (C.VIEW_URGENT_CARE,)),
]


def landing_cards(user) -> list[ModuleCard]:
    return cards_for(user, LANDING_CARDS)
