"""The urgent care landing page's cards: the pages that exist, for those who may open them."""

from __future__ import annotations

from oversight.accounts.roles import Capability as C
from oversight.core.presenters import CardEntry, ModuleCard, cards_for

LANDING_CARDS: list[CardEntry] = [
    CardEntry("KPIs by IUC contract", "Each published NHS 111 and IUC KPI by contract and month, with SPC, the year's "
              "target and where the figures come from.", "urgent_care:kpis", (C.VIEW_URGENT_CARE,)),
]


def landing_cards(user) -> list[ModuleCard]:
    return cards_for(user, LANDING_CARDS)
