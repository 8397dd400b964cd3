"""factory-boy factories for professional standards records, written through the Auditor."""

from __future__ import annotations

from datetime import date

import factory

from oversight.audit.testing import create_record
from oversight.workforce.tests.factories import DoctorFactory

from ..models import Appraisal, DoctorRevalidation, ElsContact, Recommendation, RecordNote


class _Audited(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return create_record(model_class(*args, **kwargs))


class DoctorRevalidationFactory(_Audited):
    class Meta:
        model = DoctorRevalidation

    clinician = factory.SubFactory(DoctorFactory)
    submission_due_on = date(2027, 3, 1)
    cycle_started_on = date(2022, 3, 1)


class AppraisalFactory(_Audited):
    class Meta:
        model = Appraisal

    clinician = factory.SubFactory(DoctorFactory)
    appraisal_year = 2025
    due_on = date(2025, 10, 1)


class ElsContactFactory(_Audited):
    class Meta:
        model = ElsContact

    clinician = factory.SubFactory(DoctorFactory)
    contacted_on = date(2026, 11, 2)
    adviser_name = "Employer Liaison Adviser"
    summary = "Discussed the proposed recommendation."
    recorded_by_label = "test-data"


class RecommendationFactory(_Audited):
    class Meta:
        model = Recommendation

    clinician = factory.SubFactory(DoctorFactory)
    kind = "revalidate"
    submission_due_on = date(2027, 3, 1)
    prepared_by_label = "test-data"


class RecordNoteFactory(_Audited):
    class Meta:
        model = RecordNote

    clinician = factory.SubFactory(DoctorFactory)
    kind = "claim"
    occurred_on = date(2025, 6, 1)
    summary = "A claim notified by NHS Resolution."
    recorded_by_label = "test-data"
