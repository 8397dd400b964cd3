"""Saving a report's template and narratives: validated, in one transaction, each write recorded
through the Auditor (both are governed records)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from oversight.audit import auditor
from oversight.organisations.models import Organisation

from .models import NARRATIVE_MAX_LENGTH, MetricNarrative, Orientation, ReportKind, ReportTemplate


def template_for(organisation: Organisation) -> ReportTemplate | None:
    return ReportTemplate.objects.filter(organisation=organisation).first()


@transaction.atomic
def save_template(organisation: Organisation, codes: list[str], orientation: str, known: set[str], author: str) -> ReportTemplate:
    """Replace the organisation's template. ``known``: the metric codes a template may name."""
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise ValidationError({"metric_codes": f"Not a metric Oversight knows: {', '.join(unknown)}"})
    if not codes:
        raise ValidationError({"metric_codes": "Choose at least one metric"})
    if orientation not in Orientation.values:
        raise ValidationError({"orientation": f"Orientation must be one of {', '.join(Orientation.values)}"})
    template = ReportTemplate.objects.select_for_update().filter(organisation=organisation).first()
    is_new = template is None
    template = template or ReportTemplate(organisation=organisation)
    template.metric_codes = list(dict.fromkeys(codes))
    template.orientation = orientation
    template.updated_by_label = author
    template.full_clean()
    if is_new:
        auditor.create(template)
    else:
        auditor.update(template)
    return template


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
