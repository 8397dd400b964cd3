"""Governance test data. Every create goes through the Auditor, as a named system actor when no one
is acting (the authorisation matrix builds objects outside a request): governed records refuse to be
written any other way."""

from __future__ import annotations

from datetime import date, timedelta

import factory
from django.utils import timezone

from oversight.audit.auditor import Auditor
from oversight.audit.context import acting_as, current_actor, system_actor
from oversight.testing.factories import OrganisationFactory, UserFactory
from oversight.workforce.tests.factories import ClinicianFactory

from ..models import (
    Action,
    Complaint,
    Exclusion,
    Incident,
    MhpsCase,
    PerformersListAction,
    ProfessionalConcern,
    new_reference,
)
from ..services import candour


class GovernedFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # Governed records are written only through the Auditor, test data included.
        instance = model_class(*args, **kwargs)
        Auditor(current_actor() or system_actor("test-factories")).create(instance)
        return instance


class IncidentFactory(GovernedFactory):
    class Meta:
        model = Incident
        skip_postgeneration_save = True

    reference = factory.LazyFunction(lambda: new_reference("INC"))
    organisation = factory.SubFactory(OrganisationFactory)
    event_type = "incident"
    occurred_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=2))
    description = "A patient fell on the ward while walking to the bathroom at night."
    physical_harm = "low"
    psychological_harm = "none"
    patient_nhs_number = "9990000018"
    patient_name = "Alex Example"
    patient_date_of_birth = date(1950, 1, 1)

    @factory.post_generation
    def candour_tracker(self, create, extracted, **kwargs):
        if create:
            with acting_as(current_actor() or system_actor("test-factories")):
                candour.ensure_tracker(self)


class ComplaintFactory(GovernedFactory):
    class Meta:
        model = Complaint

    reference = factory.LazyFunction(lambda: new_reference("COM"))
    organisation = factory.SubFactory(OrganisationFactory)
    channel = "written"
    received_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=1))
    events_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    complainant_name = "Jo Complainant"
    summary = "Waited nine hours in the emergency department without pain relief."
    patient_nhs_number = "9990000026"
    patient_name = "Sam Example"


class ConcernFactory(GovernedFactory):
    class Meta:
        model = ProfessionalConcern

    reference = factory.LazyFunction(lambda: new_reference("PC"))
    clinician = factory.SubFactory(ClinicianFactory)
    organisation = factory.SelfAttribute("clinician.organisation")
    raised_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=5))
    source = "colleague"
    category = "conduct"
    summary = "Repeated lateness to theatre lists reported by theatre staff."
    stage = "raised"


class ActionFactory(GovernedFactory):
    class Meta:
        model = Action

    incident = factory.SubFactory(IncidentFactory)
    organisation = factory.SelfAttribute("incident.organisation")
    description = "Review the falls risk assessment on the ward."
    owner = factory.SubFactory(UserFactory)
    due_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=14))


class MhpsCaseFactory(GovernedFactory):
    """A concern in the MHPS process, with PPA already consulted (so a formal exclusion may follow)."""

    class Meta:
        model = MhpsCase

    concern = factory.SubFactory(ConcernFactory, raised_on=factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=60)))
    started_on = factory.SelfAttribute("concern.raised_on")
    case_manager_name = "Dr Case Manager"
    case_investigator_name = "Dr Case Investigator"
    designated_board_member = "Ms Non-Executive"
    ppa_contacted_on = factory.SelfAttribute("concern.raised_on")


class ExclusionFactory(GovernedFactory):
    class Meta:
        model = Exclusion

    case = factory.SubFactory(MhpsCaseFactory)
    kind = "formal_exclusion"
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=10))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=17))


class PerformersListActionFactory(GovernedFactory):
    class Meta:
        model = PerformersListAction

    case = factory.SubFactory(MhpsCaseFactory)
    kind = "conditions"


def notifiable_incident(organisation, **overrides) -> Incident:
    return IncidentFactory(organisation=organisation, physical_harm="moderate", **overrides)
