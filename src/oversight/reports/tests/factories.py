"""factory-boy factories for report records. Both are governed records, written through the
Auditor like any other (as whoever is acting, or the named test-data system)."""

from __future__ import annotations

from datetime import date

import factory

from oversight.audit.testing import create_record
from oversight.organisations.tests.factories import OrganisationFactory

from ..models import MetricNarrative, Orientation, ReportKind, ReportTemplate


class AuditedFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return create_record(model_class(*args, **kwargs))


class ReportTemplateFactory(AuditedFactory):
    class Meta:
        model = ReportTemplate

    organisation = factory.SubFactory(OrganisationFactory)
    metric_codes = factory.LazyFunction(lambda: ["incidents_reported"])
    orientation = Orientation.PORTRAIT
    updated_by_label = "Test Author"


class MetricNarrativeFactory(AuditedFactory):
    class Meta:
        model = MetricNarrative

    organisation = factory.SubFactory(OrganisationFactory)
    kind = ReportKind.BOARD
    metric_code = "summary"
    month = date(2025, 6, 1)
    text = "Falls rose in June; the ward's night staffing is under review."
    written_by_label = "Test Author"
