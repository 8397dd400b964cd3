"""Demo report settings for Northbridge (XD1): a saved template and last month's summary narrative,
so the report pages show both at work. The narrative says it is a demonstration."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from .models import SUMMARY_CODE, ReportKind
from .sections import DEFAULT_GOVERNANCE_METRICS
from .services import narratives_for, save_narratives, save_template, template_for

AUTHOR = "Demo Chief Medical Officer"
SUMMARY = (
    "Demonstration narrative (synthetic trust). Incident reporting remains within expected variation. "
    "One Never Event is under a patient safety incident investigation; its immediate actions are complete. "
    "Complaint response times are below our 85% ambition and the divisional plan is in the actions log."
)


def build(region, rng) -> str:
    trust = region.main_trust
    if template_for(trust) is None:
        codes = [*DEFAULT_GOVERNANCE_METRICS, "gov_doc_written_in_time", "gov_complaints_acknowledged_in_time"]
        save_template(trust, codes, "portrait", set(codes), AUTHOR)
    today = timezone.localdate()
    last_month = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    if SUMMARY_CODE not in narratives_for(trust, ReportKind.BOARD, last_month):
        save_narratives(trust, ReportKind.BOARD, last_month, {SUMMARY_CODE: SUMMARY}, AUTHOR)
    return f"reports: template and {last_month:%B %Y} summary narrative for {trust.name}"
