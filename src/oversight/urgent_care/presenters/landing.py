"""The urgent care landing page's cards: the pages that exist, for those who may open them."""

from __future__ import annotations

from oversight.core.presenters import CardEntry, ModuleCard, cards_for

LANDING_CARDS: list[CardEntry] = []


def landing_cards(user) -> list[ModuleCard]:
    return cards_for(user, LANDING_CARDS)
