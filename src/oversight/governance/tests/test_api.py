"""The governance API: every endpoint against every role and organisation scope, and bad input as 422."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from oversight.accounts.roles import CAPABILITIES, Role
from oversight.accounts.roles import Capability as C
from oversight.audit.models import AuditEntry
from oversight.testing.factories import user_with_role

from ..models import Complaint, Incident
from .conftest import bearer
from .factories import (
    ActionFactory,
    ClinicianFactory,
    ComplaintFactory,
    ConcernFactory,
    IncidentFactory,
    notifiable_incident,
)

pytestmark = pytest.mark.django_db
API = "/api/v1/governance"
TODAY = timezone.localdate


def incident_body(**overrides):
    body = {"organisation": "TRA01", "occurred_on": (TODAY() - timedelta(days=1)).isoformat(),
            "description": "Insulin given twice", "physical_harm": "low", "themes": ["Medication"]}
    body.update(overrides)
    return body


def complaint_body(**overrides):
    body = {"organisation": "TRA", "channel": "electronic", "received_on": TODAY().isoformat(),
            "events_on": (TODAY() - timedelta(days=10)).isoformat(), "summary": "Lost property",
            "complainant_name": "Pat", "complainant_relationship": "patient"}
    body.update(overrides)
    return body


def post(client, user, url, body):
    return client.post(url, json.dumps(body), content_type="application/json", **bearer(user))


def get(client, user, url):
    return client.get(url, **bearer(user))


# endpoint: (capability needed, how to call it in scope, how to call it out of scope)
def _requests(tree, user):
    a, c = tree["trust_a"], tree["trust_c"]
    today = TODAY().isoformat()
    return {
        "list incidents": (C.VIEW_CASES, lambda: ("get", f"{API}/incidents", None), None),
        "get incident": (C.VIEW_CASES, lambda: ("get", f"{API}/incidents/{IncidentFactory(organisation=a).pk}", None),
                         lambda: ("get", f"{API}/incidents/{IncidentFactory(organisation=c).pk}", None)),
        "report incident": (C.MANAGE_CASES, lambda: ("post", f"{API}/incidents", incident_body()),
                            lambda: ("post", f"{API}/incidents", incident_body(organisation="TRC"))),
        "patient details": (C.VIEW_PATIENT_DETAILS,
                            lambda: ("post", f"{API}/incidents/{IncidentFactory(organisation=a).pk}/patient-details", {"reason": "candour"}),
                            lambda: ("post", f"{API}/incidents/{IncidentFactory(organisation=c).pk}/patient-details", {"reason": "candour"})),
        "incident step": (C.MANAGE_CASES, lambda: ("post", f"{API}/incidents/{IncidentFactory(organisation=a).pk}/steps/reviewed", {}),
                          lambda: ("post", f"{API}/incidents/{IncidentFactory(organisation=c).pk}/steps/reviewed", {})),
        "candour step": (C.MANAGE_CASES,
                         lambda: ("post", f"{API}/incidents/{notifiable_incident(a).pk}/duty-of-candour/notification",
                                  {"notified_on": today, "relevant_person": "family", "notified_by": "Dr X", "apology_given": True}),
                         lambda: ("post", f"{API}/incidents/{notifiable_incident(c).pk}/duty-of-candour/notification",
                                  {"notified_on": today, "relevant_person": "family", "notified_by": "Dr X", "apology_given": True})),
        "list complaints": (C.VIEW_CASES, lambda: ("get", f"{API}/complaints", None), None),
        "get complaint": (C.VIEW_CASES, lambda: ("get", f"{API}/complaints/{ComplaintFactory(organisation=a).pk}", None),
                          lambda: ("get", f"{API}/complaints/{ComplaintFactory(organisation=c).pk}", None)),
        "record complaint": (C.MANAGE_CASES, lambda: ("post", f"{API}/complaints", complaint_body()),
                             lambda: ("post", f"{API}/complaints", complaint_body(organisation="TRC"))),
        "complaint step": (C.MANAGE_CASES,
                           lambda: ("post", f"{API}/complaints/{ComplaintFactory(organisation=a).pk}/steps/acknowledged", {"acknowledged_on": today}),
                           lambda: ("post", f"{API}/complaints/{ComplaintFactory(organisation=c).pk}/steps/acknowledged", {"acknowledged_on": today})),
        "complaint details": (C.VIEW_PATIENT_DETAILS,
                              lambda: ("post", f"{API}/complaints/{ComplaintFactory(organisation=a).pk}/patient-details", {"reason": "complaint"}),
                              lambda: ("post", f"{API}/complaints/{ComplaintFactory(organisation=c).pk}/patient-details", {"reason": "complaint"})),
        "list concerns": (C.VIEW_PROFESSIONAL_CONCERNS, lambda: ("get", f"{API}/concerns", None), None),
        "get concern": (C.VIEW_PROFESSIONAL_CONCERNS,
                        lambda: ("get", f"{API}/concerns/{ConcernFactory(clinician=ClinicianFactory(organisation=a)).pk}", None),
                        lambda: ("get", f"{API}/concerns/{ConcernFactory(clinician=ClinicianFactory(organisation=c)).pk}", None)),
        "move concern": (C.MANAGE_PROFESSIONAL_CONCERNS,
                         lambda: ("post", f"{API}/concerns/{ConcernFactory(clinician=ClinicianFactory(organisation=a)).pk}/stage",
                                  {"stage": "initial_assessment", "on": today}),
                         lambda: ("post", f"{API}/concerns/{ConcernFactory(clinician=ClinicianFactory(organisation=c)).pk}/stage",
                                  {"stage": "initial_assessment", "on": today})),
        "get MHPS case": (C.VIEW_PROFESSIONAL_CONCERNS,
                          lambda: ("get", f"{API}/concerns/{mhps_at(a)}/mhps", None),
                          lambda: ("get", f"{API}/concerns/{mhps_at(c)}/mhps", None)),
        "list clinicians": (C.VIEW_PROFESSIONAL_CONCERNS, lambda: ("get", f"{API}/clinicians", None), None),
        "add clinician": (C.MANAGE_PROFESSIONAL_CONCERNS,
                          lambda: ("post", f"{API}/clinicians", {"name": "Dr New", "profession": "doctor",
                                                                 "registration_number": str(7100000 + Incident.objects.count()), "organisation": "TRA"}),
                          None),
        "update action": (C.MANAGE_CASES,
                          lambda: ("post", f"{API}/actions/{ActionFactory(incident=IncidentFactory(organisation=a)).pk}", {"status": "in_progress"}),
                          lambda: ("post", f"{API}/actions/{ActionFactory(incident=IncidentFactory(organisation=c)).pk}", {"status": "in_progress"})),
        "list actions": ((C.VIEW_CASES, C.VIEW_PROFESSIONAL_CONCERNS), lambda: ("get", f"{API}/actions?mine=true", None), None),
        "add incident action": (C.MANAGE_CASES,
                                lambda: ("post", f"{API}/incidents/{IncidentFactory(organisation=a).pk}/actions",
                                         {"description": "Audit", "owner": user.username, "due_on": today}),
                                lambda: ("post", f"{API}/incidents/{IncidentFactory(organisation=c).pk}/actions",
                                         {"description": "Audit", "owner": user.username, "due_on": today})),
        "add concern action": (C.MANAGE_PROFESSIONAL_CONCERNS,
                               lambda: ("post", f"{API}/concerns/{ConcernFactory(clinician=ClinicianFactory(organisation=a)).pk}/actions",
                                        {"description": "Mentoring", "owner": user.username, "due_on": today}),
                               lambda: ("post", f"{API}/concerns/{ConcernFactory(clinician=ClinicianFactory(organisation=c)).pk}/actions",
                                        {"description": "Mentoring", "owner": user.username, "due_on": today})),
        "metrics": (C.VIEW_GOVERNANCE_AGGREGATES, lambda: ("get", f"{API}/metrics?organisation=TRA", None),
                    lambda: ("get", f"{API}/metrics?organisation=TRC", None)),
        "metric catalogue": (C.VIEW_GOVERNANCE_AGGREGATES, lambda: ("get", f"{API}/metrics/catalogue", None), None),
    }


def mhps_at(organisation):
    from .factories import ExclusionFactory, MhpsCaseFactory

    case = MhpsCaseFactory(concern=ConcernFactory(clinician=ClinicianFactory(organisation=organisation)))
    ExclusionFactory(case=case)
    return case.concern_id


@pytest.mark.parametrize("role", Role.values)
def test_every_endpoint_for_every_role(client, tree, role):
    scope = tree["region"] if role == Role.REGIONAL_MEDICAL_DIRECTOR else tree["trust_a"]
    user = user_with_role(role, scope)
    wrong = []
    for name, (capability, inside, outside) in _requests(tree, user).items():
        needed = capability if isinstance(capability, tuple) else (capability,)
        allowed = any(c in CAPABILITIES[role] for c in needed)
        method, url, body = inside()
        response = get(client, user, url) if method == "get" else post(client, user, url, body)
        if allowed and response.status_code not in (200, 201):
            wrong.append(f"{name}: expected success, got {response.status_code} {response.content[:300]!r}")
        if not allowed and response.status_code != 403:
            wrong.append(f"{name}: expected 403, got {response.status_code}")
        if allowed and outside is not None:
            method, url, body = outside()
            response = get(client, user, url) if method == "get" else post(client, user, url, body)
            if response.status_code not in (403, 404, 422):
                wrong.append(f"{name} outside scope: expected 403/404/422, got {response.status_code}")
    assert not wrong, "\n".join(wrong)


def test_lists_hold_only_the_callers_organisations(client, tree, lead):
    mine, theirs = IncidentFactory(organisation=tree["trust_a"]), IncidentFactory(organisation=tree["trust_b"])
    body = get(client, lead, f"{API}/incidents").json()
    assert [i["reference"] for i in body] == [mine.reference]
    assert "patient_name" not in body[0] and "patient_nhs_number" not in json.dumps(body)
    assert get(client, lead, f"{API}/incidents/{theirs.pk}").status_code == 403
    complaints = get(client, lead, f"{API}/complaints").json()
    assert complaints == [] or all(c["organisation"] == "TRA" for c in complaints)


@pytest.mark.parametrize("body, field, message", [
    (incident_body(occurred_on=(TODAY() + timedelta(days=3)).isoformat()), "occurred_on", "today or in the past"),
    (incident_body(physical_harm="dreadful"), "physical_harm", "not in the configured list"),
    (incident_body(patient_nhs_number="9434765918"), "patient_nhs_number", "valid NHS number"),
    (incident_body(organisation="NOWHERE"), "organisation", "Select an organisation or site"),
    (incident_body(occurred_on="2024-02-30"), "occurred_on", ""),
])
def test_bad_incident_input_is_a_422_naming_the_field(client, tree, lead, body, field, message):
    response = post(client, lead, f"{API}/incidents", body)
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert any(e["loc"][-1] == field and message in e["msg"] for e in detail), detail
    assert not Incident.objects.exists()


def test_bad_complaint_dates_are_a_422(client, tree, lead):
    response = post(client, lead, f"{API}/complaints", complaint_body(events_on=TODAY().isoformat(),
                                                                       received_on=(TODAY() - timedelta(days=2)).isoformat()))
    assert response.status_code == 422 and response.json()["detail"][0]["loc"][-1] == "events_on"
    old = (TODAY() - timedelta(days=500)).isoformat()
    response = post(client, lead, f"{API}/complaints", complaint_body(events_on=old))
    assert response.status_code == 422 and response.json()["detail"][0]["loc"][-1] == "time_limit_note"
    assert not Complaint.objects.exists()


def test_the_psii_rule_holds_over_the_api(client, tree, lead):
    incident = IncidentFactory(organisation=tree["trust_a"], never_event="NE05")
    assert post(client, lead, f"{API}/incidents/{incident.pk}/steps/reviewed", {"note": "ok"}).status_code == 200
    response = post(client, lead, f"{API}/incidents/{incident.pk}/steps/response_chosen", {"learning_response": "swarm_huddle"})
    assert response.status_code == 422 and "PSII" in response.json()["detail"][0]["msg"]
    assert response.json()["detail"][0]["loc"][-1] == "learning_response"
    response = post(client, lead, f"{API}/incidents/{incident.pk}/steps/closed", {})
    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == ["path", "step"]
    body = post(client, lead, f"{API}/incidents/{incident.pk}/steps/response_chosen", {"learning_response": "psii"}).json()
    assert body["status"] == "response_chosen" and body["requires_psii"]


def test_patient_details_over_the_api_are_audited(client, tree, lead):
    incident = IncidentFactory(organisation=tree["trust_a"])
    short = post(client, lead, f"{API}/incidents/{incident.pk}/patient-details", {"reason": "x"})
    assert short.status_code == 422
    body = post(client, lead, f"{API}/incidents/{incident.pk}/patient-details",
                {"reason": "other", "detail": "Calling the family today"}).json()
    assert body["patient_nhs_number"] == "9990000018"
    entry = AuditEntry.objects.get(action="view", object_id=str(incident.pk))
    assert entry.reason == "Another reason: Calling the family today" and entry.actor == lead


def test_candour_clock_over_the_api(client, tree, lead):
    incident = notifiable_incident(tree["trust_a"])
    body = get(client, lead, f"{API}/incidents/{incident.pk}").json()
    assert body["duty_of_candour_applies"] and body["duty_of_candour"]["notification_status"] in ("not_due", "due_soon")
    response = post(client, lead, f"{API}/incidents/{incident.pk}/duty-of-candour/notification",
                    {"notified_on": TODAY().isoformat(), "relevant_person": "patient", "notified_by": "Dr X", "apology_given": False})
    assert response.status_code == 422 and response.json()["detail"][0]["loc"][-1] == "apology_given"
