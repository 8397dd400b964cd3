"""The professional standards landing page's cards: the pages that exist, for those who may open them."""

from __future__ import annotations

from oversight.accounts.roles import Capability as C
from oversight.core.presenters import CardEntry, ModuleCard, cards_for

# Each area adds its cards here (dashboard, appraisal, revalidation, records, the annual report).
LANDING_CARDS: list[CardEntry] = [
]


def landing_cards(user) -> list[ModuleCard]:
    return cards_for(user, LANDING_CARDS)


__all__ = ["LANDING_CARDS", "C", "landing_cards"]
