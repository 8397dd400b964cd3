"""The clinical performance landing page's cards: the pages that exist, for those who may open them."""

from __future__ import annotations

from oversight.accounts.roles import Capability as C
from oversight.core.presenters import CardEntry, ModuleCard, cards_for

LANDING_CARDS = [
    CardEntry("Urgent care KPIs", "NHS 111 and integrated urgent care performance by contract and month, against the year's targets.",
              "urgent_care:index", (C.VIEW_URGENT_CARE,)),
    CardEntry("Clinician audit rounds", "Import consultations, draw each round's sample, follow its progress and release feedback.",
              "clinical_performance:audit-rounds", (C.MANAGE_CLINICAL_AUDIT,)),
    CardEntry("My audit queue", "The consultations you are to screen, and referred cases waiting for the panel.",
              "clinical_performance:audit-queue", (C.REVIEW_CLINICAL_AUDIT,)),
    CardEntry("My audits", "Feedback on your audited consultations, and your reflections on it.",
              "clinical_performance:my-audits", (C.VIEW_OWN_PERFORMANCE,)),
    CardEntry("Audit results", "Clinicians' audit results compared by a funnel plot, by service and by role.",
              "clinical_performance:results", (C.VIEW_CLINICIAN_PERFORMANCE,)),
    CardEntry("Productivity", "Cases per clinician hour, always beside the disposition mix and the audit outcome.",
              "clinical_performance:productivity", (C.VIEW_CLINICIAN_PERFORMANCE,)),
    CardEntry("Shifts", "Import the rota or record a shift: the hours behind cases per hour and audit sampling.",
              "clinical_performance:shift-list", (C.MANAGE_CLINICAL_AUDIT,)),
    CardEntry("My performance record", "My audits, scores over time, feedback, reflections and productivity.",
              "clinical_performance:my-record", (C.VIEW_OWN_PERFORMANCE,)),
]


def landing_cards(user) -> list[ModuleCard]:
    return cards_for(user, LANDING_CARDS)
