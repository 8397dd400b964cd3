"""The workforce landing page's cards: the pages that exist today, for those who may open them."""

from __future__ import annotations

from oversight.accounts.roles import Capability as C
from oversight.core.presenters import CardEntry, ModuleCard, cards_for

LANDING_CARDS = [
    CardEntry("Clinicians", "The clinician register: doctors, nurses, midwives and allied health professionals, with "
              "their GMC, NMC or HCPC registration, designated body and Responsible Officer, and how many professional "
              "concerns are recorded about them.",
              "workforce:clinician-list", (C.VIEW_PROFESSIONAL_CONCERNS, C.VIEW_PROFESSIONAL_STANDARDS)),
    CardEntry("Import the register", "Load or update clinicians from an ESR extract or a GMC Connect list of connected "
              "doctors. Every row is checked first: nothing is imported unless the whole file is good.",
              "workforce:register-import", (C.MANAGE_CLINICIAN_REGISTER,)),
    CardEntry("Checks and training expiring", "DBS checks, training and indemnity that are running out, have run out "
              "or are not recorded, for the clinicians in your scope.",
              "workforce:checks-expiring", (C.VIEW_PROFESSIONAL_STANDARDS, C.MANAGE_CLINICIAN_REGISTER)),
    CardEntry("Checks and training compliance", "Compliance per organisation and staff group, month by month.",
              "workforce:compliance", (C.VIEW_WORKFORCE, C.VIEW_PROFESSIONAL_STANDARDS)),
]


def landing_cards(user) -> list[ModuleCard]:
    return cards_for(user, LANDING_CARDS)
