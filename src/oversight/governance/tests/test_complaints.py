"""Complaints: intake with the 12-month warning, deadlines, agreed dates, holding letters, the Ombudsman."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ..models import Complaint, ComplaintStatus
from ..services import complaints
from .factories import ComplaintFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def intake(**overrides):
    data = {"place": "TRA", "channel": "written", "received_on": TODAY().isoformat(),
            "summary": "Rude reception staff and a lost referral.", "events_on": (TODAY() - timedelta(days=20)).isoformat(),
            "became_aware_on": "", "time_limit_note": "", "complainant_name": "Jo Bloggs", "complainant_contact": "jo@example.org",
            "complainant_relationship": "patient", "patient_name": "", "patient_nhs_number": "", "patient_date_of_birth": "",
            "themes": "Communication"}
    data.update(overrides)
    return data


def test_deadlines_are_3_working_days_and_6_months(tree, as_lead):
    complaint = ComplaintFactory(organisation=tree["trust_a"], received_on=date(2024, 5, 3), events_on=date(2024, 4, 1))
    assert complaint.acknowledgement_due() == date(2024, 5, 9)  # Monday 6 May was a bank holiday
    assert complaint.response_due() == date(2024, 11, 3)


def test_an_agreed_date_counts_only_if_agreed_before_the_period_ran_out(tree, as_lead):
    complaint = ComplaintFactory(organisation=tree["trust_a"], received_on=date(2024, 1, 10), events_on=date(2024, 1, 1),
                                 status=ComplaintStatus.INVESTIGATING)
    with pytest.raises(ValidationError, match="must be agreed before the response period runs out"):
        complaints.agree_response_date(complaint, as_lead, agreed_date=date(2024, 9, 1), agreed_on=date(2024, 7, 20))
    complaints.agree_response_date(complaint, as_lead, agreed_date=date(2024, 9, 1), agreed_on=date(2024, 6, 1))
    assert complaint.response_due() == date(2024, 9, 1)


def test_steps_follow_the_process(tree, as_lead):
    complaint = ComplaintFactory(organisation=tree["trust_a"])
    with pytest.raises(ValidationError, match="cannot be recorded now"):
        complaints.send_response(complaint, as_lead, sent_on=TODAY(), signed_by="Chief Executive", outcome="upheld")
    with pytest.raises(ValidationError, match="on or after the date received"):
        complaints.acknowledge(complaint, as_lead, acknowledged_on=complaint.received_on - timedelta(days=1))
    complaints.acknowledge(complaint, as_lead, acknowledged_on=TODAY())
    complaints.start_investigation(complaint, as_lead)
    complaints.send_holding_letter(complaint, as_lead, sent_on=TODAY(), reason="Awaiting statements")
    with pytest.raises(ValidationError, match="must be signed"):
        complaints.send_response(complaint, as_lead, sent_on=TODAY(), signed_by=" ", outcome="upheld")
    complaints.send_response(complaint, as_lead, sent_on=TODAY(), signed_by="Chief Executive", outcome="partly_upheld")
    complaints.refer_to_ombudsman(complaint, as_lead, referred_on=TODAY(), reference="PHSO-1")
    complaints.close(complaint, as_lead)
    complaints.record_ombudsman_outcome(complaint, as_lead, outcome="not_upheld")
    assert complaint.status == ComplaintStatus.CLOSED and complaint.phso_outcome == "not_upheld"
    assert [s.action for s in complaint.steps.order_by("recorded_at")] == [
        "acknowledged", "investigating", "holding_letter", "responded", "phso_referral", "closed", "phso_outcome"]
    assert complaint.acknowledgement_clock(TODAY()).status == "met"


def test_intake_warns_after_12_months_and_needs_a_reason(client, tree, lead):
    client.force_login(lead)
    old = (TODAY() - timedelta(days=400)).isoformat()
    response = client.post("/governance/complaints/new/", intake(events_on=old))
    page = response.content.decode()
    assert response.status_code == 200 and "more than 12 months after the events" in page
    assert not Complaint.objects.exists()
    response = client.post("/governance/complaints/new/", intake(events_on=old, time_limit_note="Was in hospital for a year"))
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.outside_time_limit and complaint.time_limit_note
    # Later awareness moves the limit.
    response = client.post("/governance/complaints/new/", intake(
        events_on=old, became_aware_on=(TODAY() - timedelta(days=30)).isoformat()))
    assert response.status_code == 302
    assert not Complaint.objects.order_by("-created_at").first().outside_time_limit


@pytest.mark.parametrize("overrides, message", [
    ({"received_on": (TODAY() + timedelta(days=1)).isoformat()}, "today or in the past"),
    ({"events_on": (TODAY() - timedelta(days=1)).isoformat(), "received_on": (TODAY() - timedelta(days=5)).isoformat()},
     "on or before the date the complaint was received"),
    ({"channel": "pigeon"}, "is not in the configured list"),
    ({"patient_nhs_number": "1234567890"}, "Enter a valid NHS number"),
])
def test_bad_intake_is_refused_with_a_message(client, tree, lead, overrides, message):
    client.force_login(lead)
    response = client.post("/governance/complaints/new/", intake(**overrides))
    assert message in response.content.decode()
    assert not Complaint.objects.exists()


def test_complaint_pages_walk_from_receipt_to_response(client, tree, lead):
    client.force_login(lead)
    client.post("/governance/complaints/new/", intake())
    complaint = Complaint.objects.get()
    base = f"/governance/complaints/{complaint.pk}"
    detail = client.get(f"{base}/").content.decode()
    assert "Jo Bloggs" not in detail and "Acknowledgement (3 working days)" in detail
    assert client.post(f"{base}/step/acknowledged/", {"acknowledged_on": TODAY().isoformat(), "note": ""}).status_code == 302
    assert client.post(f"{base}/step/responded/", {"sent_on": TODAY().isoformat(), "signed_by": "CEO",
                                                    "outcome": "upheld", "note": ""}).status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.RESPONDED and complaint.response_clock(TODAY()).status == "met"
    shown = client.post(f"{base}/patient/", {"reason": "complaint"}).content.decode()
    assert "Jo Bloggs" in shown and "jo@example.org" in shown
    csv = client.get("/governance/complaints/complaints.csv").content.decode()
    assert complaint.reference in csv and "Jo Bloggs" not in csv


def test_other_trusts_complaints_are_invisible(client, tree, lead):
    theirs = ComplaintFactory(organisation=tree["trust_b"])
    client.force_login(lead)
    assert theirs.reference not in client.get("/governance/complaints/").content.decode()
    assert client.get(f"/governance/complaints/{theirs.pk}/").status_code == 403
    assert client.post(f"/governance/complaints/{theirs.pk}/step/acknowledged/",
                       {"acknowledged_on": TODAY().isoformat()}).status_code == 403
