"""An organisation's report template: validated, in one transaction, each write recorded through
the Auditor (a governed record)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from oversight.audit import auditor
from oversight.organisations.models import Organisation

from ..models import Orientation, ReportTemplate


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
