"""The Caldicott Guardian reads the audit trail of their own organisations only (issue 12, point 3).

A joint appointment (roles at two trusts) is common: what that person does at the other trust is
recorded against the other trust, and this Guardian sees none of it, on the page or in the CSV.
Their signing in and out (entries about no organisation) is theirs to see."""

from __future__ import annotations

import pytest
from django.urls import reverse

from oversight.audit.auditor import Auditor, record
from oversight.audit.context import Actor, acting_as
from oversight.audit.models import AuditAction
from oversight.governance.tests.factories import ActionFactory, ConcernFactory, IncidentFactory
from oversight.testing.factories import build_tree, user_with_role
from oversight.workforce.tests.factories import ClinicianFactory

pytestmark = pytest.mark.django_db

OTHER_TRUST_REASON = "Checking the address of the patient for the inquest at the other trust"
OWN_TRUST_REASON = "Checking contact details for a candour letter"


@pytest.fixture
def joint_appointment():
    """Trust A's Caldicott Guardian, and a governance lead at trust A who is also Trust B's medical director."""
    tree = build_tree()
    guardian = user_with_role("caldicott_guardian", tree["trust_a"], "guardian.a")
    joint = user_with_role("governance_lead", tree["trust_a"], "joint.appointment")
    user_with_role("chief_medical_officer", tree["trust_b"], "joint.appointment")
    with acting_as(Actor(user=joint)):
        auditor = Auditor(Actor(user=joint))
        at_b = IncidentFactory(organisation=tree["trust_b"], reference="INC-TRUSTB01")
        auditor.view(at_b, reason=OTHER_TRUST_REASON)
        concern_at_b = ConcernFactory(clinician=ClinicianFactory(organisation=tree["trust_b"]), reference="PC-TRUSTB01")
        ActionFactory(incident=None, concern=concern_at_b, organisation=tree["trust_b"],
                      description="Tell Dr Example's clinical lead at Trust B")
        at_a = IncidentFactory(organisation=tree["trust_a"], reference="INC-TRUSTA01")
        auditor.view(at_a, reason=OWN_TRUST_REASON)
        record(AuditAction.SIGN_IN)
    return guardian


def _page(client, guardian) -> str:
    client.force_login(guardian)
    return client.get(reverse("infogov:audit-trail")).content.decode()


def _csv(client, guardian) -> str:
    client.force_login(guardian)
    response = client.get(reverse("infogov:audit-trail-csv"))
    return (b"".join(response.streaming_content) if response.streaming else response.content).decode()


@pytest.mark.parametrize("read", [_page, _csv], ids=["page", "csv"])
def test_the_guardian_sees_none_of_a_joint_appointments_work_at_the_other_trust(client, joint_appointment, read):
    text = read(client, joint_appointment)
    for other_trust in ("INC-TRUSTB01", "PC-TRUSTB01", OTHER_TRUST_REASON, "Trust B", "TRB"):
        assert other_trust not in text
    assert "INC-TRUSTA01" in text and OWN_TRUST_REASON in text


def test_the_guardian_sees_a_joint_appointments_signing_in(client, joint_appointment):
    client.force_login(joint_appointment)
    response = client.get(reverse("infogov:audit-trail"), {"action": AuditAction.SIGN_IN, "who": "joint"})
    assert "1 entries</caption>" in response.content.decode()


def test_entries_beneath_the_guardians_organisation_are_in_scope(client):
    tree = build_tree()
    guardian = user_with_role("caldicott_guardian", tree["trust_a"])
    with acting_as(Actor(user=user_with_role("governance_lead", tree["trust_b"]))):
        IncidentFactory(organisation=tree["site_a"], reference="INC-SITEA01")  # work at trust A's hospital
    assert "INC-SITEA01" in _page(client, guardian)


def test_an_export_entry_names_its_filters_but_never_their_values(client):
    from django.urls import reverse

    from oversight.audit.models import AuditAction, AuditEntry
    from oversight.testing.factories import build_tree, user_with_role

    tree = build_tree()
    client.force_login(user_with_role("governance_lead", tree["trust_a"]))
    client.get(reverse("governance:incident-csv") + "?q=Mrs+Example+Patient&status=open")
    entry = AuditEntry.objects.filter(action=AuditAction.EXPORT).latest("sequence")
    assert "Example" not in entry.reason and entry.reason == "Filtered by: q, status"
