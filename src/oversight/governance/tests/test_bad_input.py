"""Bad input answered in words, never by a 500 (issue 12, points 7, 10, 13 and 15 in part): size and
rate limits on the public form, long text logged by its length, a patient-details reason that means
something, step pages opened when the step is not allowed, API bounds, text evidence that is text,
and the reporter's details behind the same reason as the patient's."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from oversight.audit.context import acting_as, system_actor
from oversight.audit.models import AuditEntry

from ..models import ComplaintStatus, Incident, IncidentStatus
from ..services.complaints import ALLOWED
from ..services.incidents import NEXT_STEPS
from .conftest import bearer
from .factories import ActionFactory, ComplaintFactory, IncidentFactory
from .test_incident_pages import report_data

pytestmark = pytest.mark.django_db
API = "/api/v1/governance"
TODAY = timezone.localdate


def api_post(client, user, url, body):
    return client.post(url, json.dumps(body), content_type="application/json", **bearer(user))


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


# --- point 7: the public incident form ----------------------------------------------------------


def test_a_description_over_10000_characters_is_refused_on_the_form_and_the_api(client, tree, lead):
    page = client.post("/governance/report/", report_data(description="x" * 10_001)).content.decode()
    assert "What happened must be 10,000 characters or fewer" in page
    name = client.post("/governance/report/", report_data(reporter_name="n" * 201)).content.decode()
    assert "Your name must be 200 characters or fewer" in name
    body = {"organisation": "TRA01", "occurred_on": TODAY().isoformat(), "description": "x" * 10_001, "physical_harm": "low"}
    response = api_post(client, lead, f"{API}/incidents", body)
    assert response.status_code == 422 and response.json()["detail"][0]["loc"][-1] == "description"
    assert not Incident.objects.exists()


def test_long_free_text_is_logged_by_its_length_not_copied_into_the_audit_trail(client, tree):
    description = " ".join(["The patient fell."] * 300)
    assert client.post("/governance/report/", report_data(description=description)).status_code == 302
    incident = Incident.objects.get()
    entry = AuditEntry.objects.get(action="create", object_id=str(incident.pk))
    assert entry.changes["description"] == f"[{len(description):,} characters]"
    assert entry.changes["location"] == "Ward 7"  # short text is still recorded as it is


def test_reports_from_one_address_are_limited_and_the_sixth_answers_429(client, tree):
    for _ in range(5):
        assert client.post("/governance/report/", report_data()).status_code == 302
    refused = client.post("/governance/report/", report_data())
    assert refused.status_code == 429 and "Try again in 10 minutes" in refused.content.decode()
    assert Incident.objects.count() == 5
    other = client.post("/governance/report/", report_data(), REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 302  # another address is not held up


def test_reports_about_one_organisation_are_limited_whatever_the_address(client, tree, settings):
    settings.OVERSIGHT_REPORTS_PER_ORGANISATION = 2
    for number in range(2):
        assert client.post("/governance/report/", report_data(), REMOTE_ADDR=f"192.0.2.{number}").status_code == 302
    refused = client.post("/governance/report/", report_data(), REMOTE_ADDR="192.0.2.99")
    assert refused.status_code == 429 and "Try again in an hour" in refused.content.decode()
    assert client.post("/governance/report/", report_data(place="TRB"), REMOTE_ADDR="192.0.2.99").status_code == 302


def test_a_form_with_errors_does_not_count_against_the_limit(client, tree):
    for _ in range(6):
        client.post("/governance/report/", report_data(description=""))
    assert client.post("/governance/report/", report_data()).status_code == 302


# --- point 10: a reason that means something ----------------------------------------------------


@pytest.mark.parametrize("body", [
    {"reason": "   "}, {"reason": "Calling the family"}, {"reason": "other"}, {"reason": "other", "detail": " \t "},
    {"reason": "other", "detail": "\u200b\u200b\u200b\u200b"}, {"reason": "other", "detail": "....."},
    {"reason": "other", "detail": "Calling\x00 the family"},
])
def test_patient_details_over_the_api_need_a_reason_code_and_words_for_other(client, tree, lead, body):
    incident = IncidentFactory(organisation=tree["trust_a"])
    response = api_post(client, lead, f"{API}/incidents/{incident.pk}/patient-details", body)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] in ("reason", "detail")
    assert not AuditEntry.objects.filter(action="view", object_id=str(incident.pk)).exists()


def test_the_page_also_refuses_a_reason_of_invisible_characters(client, tree, lead):
    incident = IncidentFactory(organisation=tree["trust_a"])
    client.force_login(lead)
    url = reverse("governance:incident-patient", args=[incident.pk])
    page = client.post(url, {"reason": "other", "detail": "\u200b . \u200b"}).content.decode()
    assert "see the patient" in page and "details, in words" in page
    assert client.post(url, {"reason": "candour", "detail": ""}).status_code == 200
    assert AuditEntry.objects.get(action="view", object_id=str(incident.pk)).reason.startswith("Contacting the patient")


# --- point 13: step pages opened when the step is not allowed, API bounds -----------------------


def _not_allowed_now(allowed: dict, status: str) -> list[str]:
    every = {step for steps in allowed.values() for step in steps}
    return sorted(str(step) for step in every - set(allowed[status]))


def test_every_step_page_not_allowed_now_returns_to_the_case_with_a_notice(client, tree, lead):
    client.force_login(lead)
    with acting_as(system_actor("test-data")):
        incident = IncidentFactory(organisation=tree["trust_a"])
        complaint = ComplaintFactory(organisation=tree["trust_a"])
    cases = [("incident", incident, _not_allowed_now(NEXT_STEPS, IncidentStatus.REPORTED)),
             ("complaint", complaint, _not_allowed_now(ALLOWED, ComplaintStatus.RECEIVED))]
    assert sum(len(steps) for _, _, steps in cases) == 11
    for kind, case, steps in cases:
        back = reverse(f"governance:{kind}-detail", args=[case.pk])
        for step in steps:
            response = client.get(reverse(f"governance:{kind}-step", args=[case.pk, step]), follow=True)
            assert response.redirect_chain == [(back, 302)], step
            assert "cannot be recorded now" in response.content.decode(), step


def test_the_stage_page_of_a_closed_concern_returns_to_the_concern_with_a_notice(client, tree):
    from oversight.testing.factories import user_with_role

    from .factories import ConcernFactory

    with acting_as(system_actor("test-data")):
        concern = ConcernFactory(organisation=tree["trust_a"], closed_on=TODAY(), stage="closed",
                                 clinician__organisation=tree["trust_a"])
    client.force_login(user_with_role("responsible_officer", tree["trust_a"]))
    back = reverse("governance:concern-detail", args=[concern.pk])
    for method in (client.get, client.post):
        response = method(reverse("governance:concern-stage", args=[concern.pk]), follow=True)
        assert response.redirect_chain == [(back, 302)] and "is closed" in response.content.decode()


@pytest.mark.parametrize("query", ["offset=-1", "offset=100000000000000000000", "offset=abc"])
def test_an_offset_out_of_bounds_is_a_json_422(client, tree, lead, query):
    for endpoint in ("incidents", "complaints"):
        response = client.get(f"{API}/{endpoint}?{query}", **bearer(lead))
        assert response.status_code == 422 and response["Content-Type"].startswith("application/json")


def test_a_time_with_a_time_zone_and_control_characters_are_refused_by_the_api(client, tree, lead):
    body = {"organisation": "TRA01", "occurred_on": TODAY().isoformat(), "description": "Fell", "physical_harm": "low"}
    aware = api_post(client, lead, f"{API}/incidents", {**body, "occurred_time": "14:30:00+01:00"})
    assert aware.status_code == 422 and aware.json()["detail"][0]["loc"][-1] == "occurred_time"
    for bad in ("Fell\x00 over", "Fell\x1b[31m over"):
        response = api_post(client, lead, f"{API}/incidents", {**body, "description": bad})
        assert response.status_code == 422 and response.json()["detail"][0]["loc"][-1] == "description"
    location = api_post(client, lead, f"{API}/incidents", {**body, "location": "Ward\n7"})  # one line only
    assert location.status_code == 422 and location.json()["detail"][0]["loc"][-1] == "location"
    assert api_post(client, lead, f"{API}/incidents", {**body, "description": "Fell.\n\tThen:\r\nhelped"}).status_code == 201


def test_a_value_error_the_validation_missed_is_a_json_422_not_an_html_500(rf):
    from oversight.config.api import api

    response = api.on_exception(rf.get("/api/v1/governance/incidents"), ValueError("A string literal cannot contain NUL"))
    assert response.status_code == 422 and json.loads(response.content)["detail"][0]["type"] == "value_error"


# --- point 15: text evidence and the reporter's details -----------------------------------------


@pytest.mark.parametrize("content, accepted", [
    (b"\x01\x02\x03\x04\x1b\x7f" * 100, False),
    (b"Minutes of the review\n" * 50 + b"\x00", False),
    ("Réunion: the ward’s checklist\r\n".encode(), True),
    ("Réunion: the ward’s checklist\r\n".encode("cp1252"), True),
    ("Notes\n".encode("utf-16"), True),
])
def test_text_evidence_must_be_text(client, tree, lead, evidence_storage, content, accepted):
    client.force_login(lead)
    with acting_as(system_actor("test-data")):
        action = ActionFactory(incident=IncidentFactory(organisation=tree["trust_a"]))
    upload = SimpleUploadedFile("notes.txt", content, content_type="text/plain")
    response = client.post(reverse("governance:action-detail", args=[action.pk]), {"file": upload, "form": "evidence"})
    assert action.evidence.exists() is accepted
    if not accepted:
        assert "The file is not a TXT text file" in response.content.decode()


def test_the_reporters_name_and_contact_show_only_behind_a_recorded_reason(client, tree, lead):
    client.post("/governance/report/", report_data(reporter_name="Nurse Rivers", reporter_contact="07700 900123"))
    incident = Incident.objects.get()
    client.force_login(lead)
    case = client.get(reverse("governance:incident-detail", args=[incident.pk])).content.decode()
    assert "Nurse Rivers" not in case and "07700 900123" not in case
    assert "Name given: shown with the patient details" in case
    url = reverse("governance:incident-patient", args=[incident.pk])
    assert "Nurse Rivers" not in client.get(url).content.decode()
    shown = client.post(url, {"reason": "investigation", "detail": ""}).content.decode()
    assert "Nurse Rivers" in shown and "07700 900123" in shown
    assert AuditEntry.objects.filter(action="view", object_id=str(incident.pk)).count() == 1
