"""The professional standards landing page's cards: the pages that exist, for those who may open them."""

from __future__ import annotations

from oversight.accounts.roles import Capability as C
from oversight.core.presenters import CardEntry, ModuleCard, cards_for

# Each area adds its cards here (dashboard, appraisal, revalidation, records, the annual report).
LANDING_CARDS: list[CardEntry] = [
    CardEntry("Responsible Officer's dashboard", "Every doctor by state: appraisal due or overdue, under notice, ready, "
              "deferred, non-engaged, checks expiring, open concerns.", "professional_standards:dashboard",
              (C.VIEW_PROFESSIONAL_STANDARDS,)),
    CardEntry("Ready to recommend", "Doctors the ready rule says can be recommended: submit a batch of recommendations "
              "to revalidate.", "professional_standards:ready", (C.MAKE_REVALIDATION_RECOMMENDATIONS,)),
    CardEntry("Import the GMC's list", "Read GMC Connect's list back: submission dates, notice and the GMC's outcomes.",
              "professional_standards:gmc-import", (C.MAKE_REVALIDATION_RECOMMENDATIONS,)),
    CardEntry("Appraisals", "Every doctor's appraisal for the year: due, overdue, completed, missed; categories, appraisers, "
              "and a CSV download.", "professional_standards:appraisals", (C.VIEW_PROFESSIONAL_STANDARDS,)),
    CardEntry("My appraisees", "The doctors you appraise and when each appraisal is due.", "professional_standards:my-appraisees",
              (C.VIEW_APPRAISEE_APPRAISALS,)),
    CardEntry("My appraisals", "Your own appraisals by year, the supporting information and feedback in your revalidation cycle.",
              "professional_standards:my-appraisals", (C.VIEW_OWN_RECORD,)),
    CardEntry("My professional record", "The incidents, complaints, concerns, notes and audit results that name you, across "
              "every organisation that holds a record of you.", "professional_standards:my-record", (C.VIEW_OWN_RECORD,)),
    CardEntry("Annual Board Report and Statement of Compliance", "The designated body's annual report to its board: appraisal "
              "by category, recommendations, medical governance and employment checks, with a narrative per section, as "
              "PDF or a web page.", "professional_standards:annual-report", (C.VIEW_PROFESSIONAL_STANDARDS,)),
]


def landing_cards(user) -> list[ModuleCard]:
    return cards_for(user, LANDING_CARDS)


__all__ = ["LANDING_CARDS", "C", "landing_cards"]
