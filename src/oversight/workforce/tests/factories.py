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
        return create_record(model_class(*args, **kwargs))
