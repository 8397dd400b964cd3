"""The report factories write audited records, as every writer of a governed record must."""

from __future__ import annotations

import pytest

from oversight.audit.models import AuditEntry

from .factories import MetricNarrativeFactory, ReportTemplateFactory

pytestmark = pytest.mark.django_db


def test_each_factory_record_has_its_audit_entry():
    template = ReportTemplateFactory()
    narrative = MetricNarrativeFactory(organisation=template.organisation)
    for record in (template, narrative):
        assert AuditEntry.objects.filter(object_id=str(record.pk)).exists()
