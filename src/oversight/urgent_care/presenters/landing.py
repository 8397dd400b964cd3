"""The urgent care landing page's cards: the pages that exist, for those who may open them."""

from __future__ import annotations

from oversight.accounts.roles import Capability as C
from oversight.core.presenters import CardEntry, ModuleCard, cards_for

LANDING_CARDS: list[CardEntry] = [
    CardEntry("KPIs by IUC contract", "Each published NHS 111 and IUC KPI by contract and month, with SPC, the year's "
              "target and where the figures come from.", "urgent_care:kpis", (C.VIEW_URGENT_CARE,)),
    CardEntry("Call KPIs by service and site", "Call back, definitive assessment, face-to-face, practice notification "
              "and validation from your own call data, against the standards.", "urgent_care:service-kpis", (C.VIEW_URGENT_CARE,)),
    CardEntry("Call KPIs by clinician", "Clinicians compared by funnel plot, outliers named, beside their audit results.",
              "urgent_care:clinician-kpis", (C.VIEW_CLINICIAN_PERFORMANCE,)),
    CardEntry("Load call events", "Check and load a call-level extract (CAD, Adastra or Cleric): all or nothing.",
              "urgent_care:upload", (C.MANAGE_URGENT_CARE_DATA,)),
]


def landing_cards(user) -> list[ModuleCard]:
    return cards_for(user, LANDING_CARDS)
