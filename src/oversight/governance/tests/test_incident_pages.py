"""Incident pages: the public report, scope on lists and cases, patient details with a reason, CSV."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from oversight.audit.models import AuditEntry
from oversight.testing.factories import user_with_role

from ..models import Incident, IncidentStatus
from .factories import IncidentFactory, notifiable_incident

pytestmark = pytest.mark.django_db


def report_data(**overrides):
    data = {
        "event_type": "incident", "place": "TRA01", "location": "Ward 7",
        "occurred_on": (timezone.localdate() - timedelta(days=1)).isoformat(), "occurred_time": "14:30",
        "description": "Patient given a second dose of enoxaparin.", "immediate_actions": "Doctor informed",
        "physical_harm": "low", "psychological_harm": "none", "prolonged_psychological_harm": "unknown",
        "never_event": "", "patient_involved": "yes", "staff_involved": "no",
        "patient_name": "", "patient_nhs_number": "", "patient_date_of_birth": "", "reporter_name": "", "reporter_contact": "",
    }
    data.update(overrides)
    return data


def test_anyone_can_report_anonymously_and_sees_only_their_reference(client, tree):
    response = client.post("/governance/report/", report_data(patient_nhs_number="943 476 5919", patient_name="Ann Other"))
    assert response.status_code == 302 and response.url == "/governance/report/sent/"
    incident = Incident.objects.get()
    assert incident.organisation == tree["trust_a"] and incident.site == tree["site_a"]
    assert incident.patient_nhs_number == "9434765919" and incident.reported_by is None
    entry = AuditEntry.objects.get(action="create", object_id=str(incident.pk))
    assert entry.system_id == "anonymous-incident-report"
    done = client.get(response.url)
    assert incident.reference in done.content.decode()
    # The reporter reads nothing back.
    for url in ("/governance/incidents/", f"/governance/incidents/{incident.pk}/", "/governance/incidents/incidents.csv"):
        assert "/accounts/sign-in/" in client.get(url).url


@pytest.mark.parametrize("field, value, message", [
    ("occurred_on", (timezone.localdate() + timedelta(days=2)).isoformat(), "must be today or in the past"),
    ("patient_nhs_number", "943 476 5918", "Enter a valid NHS number"),
    ("physical_harm", "catastrophic", "is not in the configured list"),
    ("place", "NOPE", "Select an organisation or site from the list"),
    ("description", "", "Enter what happened"),
    ("patient_date_of_birth", (timezone.localdate()).isoformat(), "on or before the date it happened"),
])
def test_bad_report_input_gets_a_clear_message_and_saves_nothing(client, tree, field, value, message):
    response = client.post("/governance/report/", report_data(**{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "There is a problem" in response.content.decode()
    assert not Incident.objects.exists()


def test_a_lead_sees_only_their_trusts_incidents(client, tree, lead):
    mine = IncidentFactory(organisation=tree["trust_a"], description="Mine: fall on Ward 7")
    theirs = IncidentFactory(organisation=tree["trust_b"], description="Theirs: fall at Trust B")
    client.force_login(lead)
    listing = client.get("/governance/incidents/").content.decode()
    assert mine.reference in listing and theirs.reference not in listing
    assert client.get(f"/governance/incidents/{theirs.pk}/").status_code == 403
    page = client.get(f"/governance/incidents/{mine.pk}/").content.decode()
    assert "Alex Example" not in page and "9990000018" not in page  # patient details hidden
    csv = client.get("/governance/incidents/incidents.csv").content.decode()
    assert mine.reference in csv and theirs.reference not in csv
    assert "Alex Example" not in csv and "9990000018" not in csv
    assert AuditEntry.objects.filter(action="export", actor=lead).exists()


def test_list_filters_and_search(client, tree, lead):
    fall = IncidentFactory(organisation=tree["trust_a"], description="Fall from bed", physical_harm="moderate")
    drug = IncidentFactory(organisation=tree["trust_a"], description="Wrong drug given", physical_harm="low")
    client.force_login(lead)
    page = client.get("/governance/incidents/", {"q": "drug"}).content.decode()
    assert drug.reference in page and fall.reference not in page
    page = client.get("/governance/incidents/", {"notifiable": "on"}).content.decode()
    assert fall.reference in page and drug.reference not in page
    page = client.get("/governance/incidents/", {"physical_harm": "low"}).content.decode()
    assert drug.reference in page and fall.reference not in page


def test_patient_details_need_a_reason_which_is_logged(client, tree, lead):
    incident = IncidentFactory(organisation=tree["trust_a"])
    client.force_login(lead)
    url = f"/governance/incidents/{incident.pk}/patient/"
    assert "Alex Example" not in client.get(url).content.decode()
    refused = client.post(url, {"reason": "other", "detail": ""}).content.decode()
    assert "Enter the reason" in refused and "Alex Example" not in refused
    shown = client.post(url, {"reason": "candour"}).content.decode()
    assert "Alex Example" in shown and "999 000 0018" in shown
    entry = AuditEntry.objects.get(action="view", object_id=str(incident.pk))
    assert entry.actor == lead and "Duty of Candour" in entry.reason and entry.organisation_code == "TRA"


def test_board_members_see_aggregates_only(client, tree):
    board = user_with_role("board_member", tree["trust_a"])
    incident = IncidentFactory(organisation=tree["trust_a"])
    client.force_login(board)
    assert client.get("/governance/incidents/").status_code == 403
    assert client.get(f"/governance/incidents/{incident.pk}/").status_code == 403
    assert client.get(f"/governance/incidents/{incident.pk}/patient/").status_code == 403
    assert client.get("/governance/figures/").status_code == 200
    compliance = client.get("/governance/duty-of-candour/")
    assert compliance.status_code == 200 and incident.reference not in compliance.content.decode()


def test_walk_an_incident_through_the_pages(client, tree, lead):
    incident = notifiable_incident(tree["trust_a"], never_event="NE03")
    client.force_login(lead)
    base = f"/governance/incidents/{incident.pk}"
    page = client.get(f"{base}/").content.decode()
    assert "A patient safety incident investigation (PSII) is required" in page
    assert "Retained foreign object" in page
    response = client.post(f"{base}/step/reviewed/", {
        "event_type": "incident", "physical_harm": "moderate", "psychological_harm": "none",
        "prolonged_psychological_harm": "unknown", "never_event": "NE03", "themes": "Theatres, Swab counts", "note": "Agreed"})
    assert response.status_code == 302
    refused = client.post(f"{base}/step/response_chosen/", {"learning_response": "after_action_review", "note": ""})
    assert "requires a patient safety incident investigation (PSII)" in refused.content.decode()
    incident.refresh_from_db()
    assert incident.status == IncidentStatus.REVIEWED
    assert client.post(f"{base}/step/response_chosen/", {"learning_response": "psii", "note": ""}).status_code == 302
    not_next = client.post(f"{base}/step/closed/", {"note": ""}, follow=True)  # not a next step: back to the case
    assert not_next.redirect_chain == [(base + "/", 302)] and "cannot be recorded now" in not_next.content.decode()
    incident.refresh_from_db()
    assert incident.status == IncidentStatus.RESPONSE_CHOSEN
    today = timezone.localdate().isoformat()
    assert client.post(f"{base}/duty-of-candour/notification/", {
        "notified_on": today, "relevant_person": "patient", "notified_by": "Mr Surgeon", "apology_given": "on",
        "note": "Apologised"}).status_code == 302
    assert client.post(f"{base}/duty-of-candour/written_follow_up/", {"sent_on": today}).status_code == 302
    client.post(f"{base}/step/response_under_way/", {"note": ""})
    client.post(f"{base}/step/learning_shared/", {"title": "Count swabs twice", "summary": "Two-person count", "note": ""})
    blocked = client.post(f"{base}/step/closed/", {"note": ""}).content.decode()
    assert "Complete the Duty of Candour first" in blocked
    client.post(f"{base}/duty-of-candour/outcome_letter/", {"sent_on": today})
    assert client.post(f"{base}/step/closed/", {"note": "Done"}).status_code == 302
    incident.refresh_from_db()
    assert incident.status == IncidentStatus.CLOSED
    assert {t.name for t in incident.themes.all()} == {"Theatres", "Swab counts"}
    assert "Count swabs twice" in client.get("/governance/learning/").content.decode()
