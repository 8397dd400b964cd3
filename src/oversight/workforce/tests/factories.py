"""factory-boy factories for workforce records. A clinician is a governed record, so it is written
through the Auditor like any other (as whoever is acting, or the named test-data system)."""

from __future__ import annotations

from datetime import timedelta

import factory

from oversight.audit.testing import create_record
from oversight.organisations.tests.factories import OrganisationFactory

from ..models import Clinician, DbsCheck, IndemnityCover, TrainingRecord


class ClinicianFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Clinician

    name = factory.Sequence(lambda n: f"Dr Clinician {n}")
    profession = "doctor"
    registration_number = factory.Sequence(lambda n: f"{7000000 + n}")
    organisation = factory.SubFactory(OrganisationFactory)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        worked_at = kwargs.pop("organisations_worked_at", None)
        clinician = create_record(model_class(*args, **kwargs))
        if worked_at:
            clinician.organisations_worked_at.set(worked_at)
        return clinician


class DoctorFactory(ClinicianFactory):
    """A licensed doctor connected to their own organisation as designated body."""

    licence_status = "licensed"
    grade = "consultant"
    designated_body = factory.SelfAttribute("organisation")
    connection_started_on = factory.Faker("date_between", start_date="-8y", end_date="-1y")


# --- Employment checks and training (issue 13, Deliver 2) ------------------------------------------------
# Written as the services would write them: the recheck and expiry dates computed from training.toml
# unless a test gives them.


class DbsCheckFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DbsCheck

    clinician = factory.SubFactory(DoctorFactory)
    level = "enhanced_barred"
    certificate_number = factory.Sequence(lambda n: f"{1000_0000_0000 + n:012d}")
    issued_on = factory.Faker("date_between", start_date="-2y", end_date="-30d")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        from ..checks import training_rules

        check = model_class(*args, **kwargs)
        if "recheck_due_on" not in kwargs:
            check.recheck_due_on = training_rules().dbs.recheck_due(
                check.issued_on, update_service=check.update_service_counts,
                performers_list=check.clinician.performers_list_status in ("included", "included_with_conditions"))
        return create_record(check)


class TrainingRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingRecord

    clinician = factory.SubFactory(DoctorFactory)
    subject = "fire_safety"
    completed_on = factory.Faker("date_between", start_date="-300d", end_date="-1d")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        from ..checks import training_rules

        record = model_class(*args, **kwargs)
        if "expires_on" not in kwargs:
            record.expires_on = training_rules().expiry(record.subject, record.completed_on)
        return create_record(record)


class IndemnityCoverFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndemnityCover

    clinician = factory.SubFactory(DoctorFactory)
    provider = "mdu"
    kind = "membership"
    reference = factory.Sequence(lambda n: f"M{500000 + n}")
    starts_on = factory.Faker("date_between", start_date="-300d", end_date="-1d")
    expires_on = factory.LazyAttribute(lambda o: o.starts_on.replace(year=o.starts_on.year + 1) - timedelta(days=1))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return create_record(model_class(*args, **kwargs))


def full_compliance(clinician, today, *, dbs=True, indemnity=True, skip=()):
    """Every check and training item the clinician needs, recorded in date on ``today`` (less ``skip``)."""
    from ..checks import training_rules

    rules = training_rules()
    if dbs:
        DbsCheckFactory(clinician=clinician, level="enhanced_barred", issued_on=today - timedelta(days=200))
    for subject, level in rules.required_training(clinician.staff_group, clinician.grade):
        if subject.code not in skip:
            TrainingRecordFactory(clinician=clinician, subject=subject.code, level=level, completed_on=today - timedelta(days=100))
    if indemnity:
        IndemnityCoverFactory(clinician=clinician, starts_on=today - timedelta(days=100))
