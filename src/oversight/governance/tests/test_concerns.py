"""Professional concerns: clinicians with checked registration numbers, stages, confidentiality."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from oversight.testing.factories import user_with_role
from oversight.workforce.models import Clinician, registration_problem

from ..models import ProfessionalConcern
from ..services import concerns
from .factories import ActionFactory, ClinicianFactory, ConcernFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("profession, number, ok", [
    ("doctor", "1234567", True), ("doctor", "123456", False), ("doctor", "A234567", False),
    ("nurse", "12A3456E", True), ("midwife", "12A3456", False), ("paramedic", "PA12345", True),
    ("physiotherapist", "12345", False),
])
def test_registration_number_formats(profession, number, ok):
    assert (registration_problem(profession, number) is None) is ok


def test_the_responsible_officer_records_a_concern_and_closes_it(client, tree):
    ro = user_with_role("responsible_officer", tree["trust_a"])
    client.force_login(ro)
    bad = client.post(reverse("workforce:clinician-new"), {"name": "Dr A", "profession": "doctor",
                                                               "registration_number": "12345", "organisation": tree["trust_a"].pk})
    assert "a GMC number is 7 digits" in bad.content.decode() and not Clinician.objects.exists()
    response = client.post(reverse("workforce:clinician-new"), {"name": "Dr A Surgeon", "profession": "doctor",
                                                                    "registration_number": "765 4321", "organisation": tree["trust_a"].pk})
    assert response.status_code == 302
    clinician = Clinician.objects.get()
    assert clinician.registration_number == "7654321"
    today = timezone.localdate().isoformat()
    response = client.post("/governance/concerns/new/", {"clinician": clinician.pk, "raised_on": today, "source": "colleague",
                                                         "category": "capability", "summary": "Complication rate", "restrictions": ""})
    concern = ProfessionalConcern.objects.get()
    assert response.status_code == 302 and concern.stage == "raised"
    base = f"/governance/concerns/{concern.pk}"
    client.post(f"{base}/stage/", {"stage": "initial_assessment", "on": today, "note": "Decision group met"})
    refused = client.post(f"{base}/stage/", {"stage": "closed", "on": today, "outcome": ""})
    assert "Record the outcome" in refused.content.decode()
    client.post(f"{base}/stage/", {"stage": "closed", "on": today, "outcome": "Remediation completed"})
    concern.refresh_from_db()
    assert concern.is_closed and [s.action for s in concern.steps.order_by("recorded_at")] == ["raised", "initial_assessment", "closed"]


def test_concerns_are_hidden_from_governance_leads_and_other_trusts(client, tree, lead):
    concern = ConcernFactory(clinician=ClinicianFactory(organisation=tree["trust_a"]))
    action = ActionFactory(incident=None, concern=concern, organisation=tree["trust_a"], due_on=timezone.localdate().replace(year=2020))
    client.force_login(lead)
    for url in ("/governance/concerns/", f"/governance/concerns/{concern.pk}/", f"/governance/actions/{action.pk}/"):
        assert client.get(url).status_code == 403, url
    assert action.description not in client.get("/governance/overdue/").content.decode()
    other_ro = user_with_role("responsible_officer", tree["trust_b"])
    client.force_login(other_ro)
    assert client.get(f"/governance/concerns/{concern.pk}/").status_code == 403
    assert concern.reference not in client.get("/governance/concerns/").content.decode()
    ro = user_with_role("responsible_officer", tree["trust_a"])
    client.force_login(ro)
    assert action.description in client.get("/governance/overdue/").content.decode()


def test_a_closed_concern_cannot_move(tree, as_lead):
    concern = ConcernFactory(clinician=ClinicianFactory(organisation=tree["trust_a"]))
    concerns.move_to_stage(concern, as_lead, stage="closed", outcome="No case to answer")
    with pytest.raises(ValidationError, match="is closed"):
        concerns.move_to_stage(concern, as_lead, stage="remediation")
