"""The workforce landing page's cards: the pages that exist today, for those who may open them."""

from __future__ import annotations

from oversight.accounts.roles import Capability as C
from oversight.core.presenters import CardEntry, ModuleCard, cards_for

LANDING_CARDS = [
    CardEntry("Clinicians", "Doctors, nurses, midwives and allied health professionals, with their GMC, NMC or "
              "HCPC registration and how many professional concerns are recorded about them.",
              "workforce:clinician-list", (C.VIEW_PROFESSIONAL_CONCERNS,)),
]


def landing_cards(user) -> list[ModuleCard]:
    return cards_for(user, LANDING_CARDS)
