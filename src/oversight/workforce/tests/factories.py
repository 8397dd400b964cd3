"""factory-boy factories for workforce records. A clinician is a governed record, so it is written
through the Auditor like any other (as whoever is acting, or the named test-data system)."""

from __future__ import annotations

import factory

from oversight.audit.testing import create_record
from oversight.organisations.tests.factories import OrganisationFactory

from ..models import Clinician


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
