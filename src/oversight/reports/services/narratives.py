"""A report's narratives, per metric and month: validated, all or nothing, each write recorded
through the Auditor (governed records)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from oversight.audit import auditor
from oversight.core.forms.fields import has_control_characters
from oversight.organisations.models import Organisation

from ..models import NARRATIVE_MAX_LENGTH, MetricNarrative, ReportKind


def narratives_for(organisation: Organisation, kind: str, month: date) -> dict[str, str]:
    rows = MetricNarrative.objects.filter(organisation=organisation, kind=kind, month=month)
    return {row.metric_code: row.text for row in rows}


@transaction.atomic
def save_narratives(organisation: Organisation, kind: str, month: date, texts: dict[str, str], author: str) -> int:
    """Create, change or (when emptied) delete each narrative; returns how many changed. All or nothing."""
    if kind not in ReportKind.values:
        raise ValidationError(f"No report kind {kind!r}")
    if month.day != 1:
        raise ValidationError("The month must be given as its first day")
    # Browsers send line breaks as CRLF: count the text as it is kept.
    texts = {code: raw.strip().replace("\r\n", "\n") for code, raw in texts.items()}
    too_long = [code for code, text in texts.items() if len(text) > NARRATIVE_MAX_LENGTH]
    if too_long:
        raise ValidationError(dict.fromkeys(too_long, f"Keep the narrative to {NARRATIVE_MAX_LENGTH} characters"))
    # The same rule as every form's text (NUL cannot be stored on PostgreSQL, and controls print in the PDF);
    # checked here so the page and the API refuse it alike.
    controls = [code for code, text in texts.items() if has_control_characters(text)]
    if controls:
        raise ValidationError(dict.fromkeys(controls, "Remove the control characters (such as NUL) from this text"))
    existing = {n.metric_code: n for n in MetricNarrative.objects.select_for_update().filter(
        organisation=organisation, kind=kind, month=month, metric_code__in=list(texts))}
    changed = 0
    for code, text in texts.items():
        narrative = existing.get(code)
        if narrative is None and text:
            auditor.create(MetricNarrative(organisation=organisation, kind=kind, month=month, metric_code=code,
                                           text=text, written_by_label=author))
        elif narrative is not None and not text:
            auditor.delete(narrative)
        elif narrative is not None and narrative.text != text:
            narrative.text, narrative.written_by_label = text, author
            auditor.update(narrative)
        else:
            continue
        changed += 1
    return changed
