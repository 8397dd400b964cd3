"""The clinician audit API: every endpoint against every role and organisation scope (as the governance
API tests do), one audit cycle from the sample to feedback after the quorum, and bad input as a 422
naming the field."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.test import Client

from oversight.accounts.roles import CAPABILITIES, Role
from oversight.accounts.roles import Capability as C
from oversight.accounts.services import grant_role
from oversight.audit.context import Actor, acting_as, system_actor
from oversight.audit.models import AuditAction, AuditEntry
from oversight.audit.testing import create_record, update_record
from oversight.testing.factories import api_token_for, build_tree, user_with_role
from oversight.workforce.tests.factories import ClinicianFactory

from ..configuration import read_template
from ..models import AuditCase, AuditRound, CaseStatus, FeedbackKind
from ..services.rounds import create_round
from .factories import audit_world, consultations

pytestmark = pytest.mark.django_db
API = "/api/v1/clinical-performance/audits"
APRIL = date(2026, 4, 1)
ALL_MET = {c.code: "compliant" for c in read_template().criteria}
NONE_MET = dict.fromkeys(ALL_MET, "non_compliant")


def bearer(user) -> dict:
    _, token = api_token_for(user)
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def call(client: Client, user, method: str, url: str, body: dict | None = None):
    if method == "get":
        return client.get(url, **bearer(user))
    return client.post(url, json.dumps(body or {}), content_type="application/json", **bearer(user))


def errors_at(response) -> dict:
    """{field path: message} of a 422."""
    assert response.status_code == 422, response.content
    return {".".join(map(str, e["loc"][2:])): e["msg"] for e in response.json()["detail"]}


# ------------------------------------------------------------------ every endpoint, every role ----


def _round(organisation, **kwargs) -> AuditRound:
    with acting_as(system_actor("test-data")):
        consultations(ClinicianFactory(organisation=organisation), 3)
        return create_round(organisation=organisation, name="Q1", period_start=APRIL, **kwargs)


def _case(organisation, *, status=CaseStatus.REFERRED, auditor=None, score=None) -> AuditCase:
    audit_round = _round(organisation)
    with acting_as(system_actor("test-data")):
        consultation = consultations(ClinicianFactory(organisation=organisation), 1, prefix="K")[0]
        return create_record(AuditCase(round=audit_round, consultation=consultation, clinician=consultation.clinician,
                                       auditor=auditor, status=status, score=score,
                                       screen_outcome="refer" if status == CaseStatus.REFERRED else "pass"))


def _requests(tree, user):
    """endpoint: (capabilities any one of which is needed, the call in scope, the call outside it)."""
    a, c = tree["trust_a"], tree["trust_c"]
    new = {"name": "Q1 2026-27", "period_start": "2026-04-01", "sampling_method": "per_clinician", "per_clinician": 2}
    passed = {"status": CaseStatus.PASSED, "score": 100.0}
    return {
        "list rounds": (C.MANAGE_CLINICAL_AUDIT, lambda: ("get", f"{API}/rounds", None), None),
        "create round": (C.MANAGE_CLINICAL_AUDIT, lambda: ("post", f"{API}/rounds", {**new, "organisation": "TRA"}),
                         lambda: ("post", f"{API}/rounds", {**new, "organisation": "TRC"})),
        "draw sample": (C.MANAGE_CLINICAL_AUDIT, lambda: ("post", f"{API}/rounds/{_round(a).pk}/sample", {"seed": 4}),
                        lambda: ("post", f"{API}/rounds/{_round(c).pk}/sample", {"seed": 4})),
        # A round not ready to close: refused with 422 for those who manage it, 403 outside their scope.
        "close round": (C.MANAGE_CLINICAL_AUDIT, lambda: ("post", f"{API}/rounds/{_case(a).round_id}/close", None),
                        lambda: ("post", f"{API}/rounds/{_case(c).round_id}/close", None)),
        "round sample": (C.MANAGE_CLINICAL_AUDIT, lambda: ("get", f"{API}/rounds/{_case(a).round_id}/sample", None),
                         lambda: ("get", f"{API}/rounds/{_case(c).round_id}/sample", None)),
        "queue": (C.REVIEW_CLINICAL_AUDIT, lambda: ("get", f"{API}/queue", None), None),
        "case": ((C.MANAGE_CLINICAL_AUDIT, C.REVIEW_CLINICAL_AUDIT), lambda: ("get", f"{API}/cases/{_case(a).pk}", None),
                 lambda: ("get", f"{API}/cases/{_case(c).pk}", None)),
        "screen": (C.REVIEW_CLINICAL_AUDIT,
                   lambda: ("post", f"{API}/cases/{_case(a, status=CaseStatus.AWAITING_SCREEN, auditor=user).pk}/screen",
                            {"outcome": "pass", "ratings": ALL_MET}),
                   lambda: ("post", f"{API}/cases/{_case(c, status=CaseStatus.AWAITING_SCREEN).pk}/screen",
                            {"outcome": "pass", "ratings": ALL_MET})),
        "panel": (C.REVIEW_CLINICAL_AUDIT,
                  lambda: ("post", f"{API}/cases/{_case(a).pk}/panel", {"decision": "no_concerns", "ratings": ALL_MET}),
                  lambda: ("post", f"{API}/cases/{_case(c).pk}/panel", {"decision": "no_concerns", "ratings": ALL_MET})),
        "release": (C.MANAGE_CLINICAL_AUDIT,
                    lambda: ("post", f"{API}/cases/{_case(a, **passed).pk}/release", {"feedback": "Well done."}),
                    lambda: ("post", f"{API}/cases/{_case(c, **passed).pk}/release", {"feedback": "Well done."})),
        # A case of someone else's: 404 past the capability gate (the clinician's own is tested below).
        "reflection": (C.VIEW_OWN_PERFORMANCE,
                       lambda: ("post", f"{API}/cases/{_case(a, status=CaseStatus.RELEASED).pk}/reflection",
                                {"reflection": "Noted"}), None),
        "clinician's audits": (C.VIEW_CLINICIAN_PERFORMANCE,
                               lambda: ("get", f"{API}/clinicians/{_case(a, **passed).clinician_id}", None),
                               lambda: ("get", f"{API}/clinicians/{_case(c, **passed).clinician_id}", None)),
    }


@pytest.mark.parametrize("role", Role.values)
def test_every_endpoint_for_every_role(client, role):
    tree = build_tree()
    user_with_role(Role.CLINICAL_AUDITOR, tree["trust_a"], username="auditor-a")  # someone to draw samples for
    scope = tree["region"] if role == Role.REGIONAL_MEDICAL_DIRECTOR else tree["trust_a"]
    user = user_with_role(role, scope)
    wrong = []
    for name, (capability, inside, outside) in _requests(tree, user).items():
        needed = capability if isinstance(capability, tuple) else (capability,)
        allowed = any(c in CAPABILITIES[role] for c in needed)
        response = call(client, user, *inside())
        if name == "reflection" and allowed:
            if response.status_code != 404:
                wrong.append(f"{name}: expected 404 for a case not the caller's, got {response.status_code}")
            continue
        if name == "close round" and allowed:
            if response.status_code != 422:
                wrong.append(f"{name}: expected 422 for a round not ready to close, got {response.status_code}")
            continue
        if allowed and response.status_code not in (200, 201):
            wrong.append(f"{name}: expected success, got {response.status_code} {response.content[:300]!r}")
        if not allowed and response.status_code != 403:
            wrong.append(f"{name}: expected 403, got {response.status_code}")
        if allowed and outside is not None:
            response = call(client, user, *outside())
            if response.status_code not in (403, 404, 422):
                wrong.append(f"{name} outside scope: expected 403/404/422, got {response.status_code}")
    assert not wrong, "\n".join(wrong)


# ------------------------------------------------------------------------------ one audit cycle ----


@pytest.fixture
def world(db):
    tree = build_tree()
    with acting_as(system_actor("test-data")):
        world = audit_world(tree["trust_a"], auditors=4)
    world["tree"] = tree
    return world


def _draw(client, world, **body):
    body = {"organisation": "TRA", "name": "Q1 2026-27", "period_start": "2026-04-01", "per_clinician": 2, **body}
    return call(client, world["lead"], "post", f"{API}/rounds", body)


def test_a_round_is_created_and_drawn_with_its_seed_recorded(client, world):
    response = _draw(client, world, seed=2024)
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["seed"] == 2024 and created["status"] == "sampled" and created["period_end"] == "2026-06-30"
    again = _draw(client, world, seed=2024).json()
    sample = call(client, world["lead"], "get", f"{API}/rounds/{created['id']}/sample").json()
    repeat = call(client, world["lead"], "get", f"{API}/rounds/{again['id']}/sample").json()
    assert [c["case_reference"] for c in sample["cases"]] == [c["case_reference"] for c in repeat["cases"]]
    # New starters both: 2 doubled to 4 each; no shifts recorded, so no hours
    assert [(r["sampled"], r["hours_worked"]) for r in sample["clinicians"]] == [(4, None), (4, None)]
    assert "New starter" in sample["clinicians"][0]["risk_reasons"][0]
    assert sum(load["assigned"] for load in sample["workload"].values()) == 8
    text = json.dumps(sample).lower()
    assert "nhs_number" not in text and "patient" not in text and "date_of_birth" not in text
    assert AuditEntry.objects.filter(action=AuditAction.VIEW, object_id=str(created["id"])).exists()
    listed = call(client, world["lead"], "get", f"{API}/rounds?status=sampled").json()
    assert {r["id"] for r in listed} == {created["id"], again["id"]} and listed[0]["cases"] == 8


def test_a_round_that_cannot_be_drawn_leaves_nothing_behind(client, world):
    errors = errors_at(_draw(client, world, period_start="2027-04-01", draw=True))
    assert "No consultations were imported" in errors["seed"]
    assert not AuditRound.objects.exists()


def test_bad_round_input_names_the_field(client, world):
    assert "percentage" in errors_at(_draw(client, world, sampling_method="percentage", percentage=0))
    assert "sampling_method" in errors_at(_draw(client, world, sampling_method="everyone"))
    assert "period_end" in errors_at(_draw(client, world, period_end="2026-03-01"))
    assert "seed" in errors_at(_draw(client, world, seed=-1))
    assert "organisation" in errors_at(_draw(client, world, organisation="TRC"))
    assert "status" in errors_at(call(client, world["lead"], "get", f"{API}/rounds?status=lost"))


def test_screen_panel_and_release_after_the_quorum(client, world):
    round_id = _draw(client, world, seed=7).json()["id"]
    case = AuditCase.objects.filter(round_id=round_id, clinician=world["first"]).exclude(auditor=world["lead"]).first()
    screener = case.auditor
    queue = call(client, screener, "get", f"{API}/queue").json()
    assert str(case.pk) in {row["id"] for row in queue} and "clinician" not in queue[0]
    url = f"{API}/cases/{case.pk}"
    detail = call(client, screener, "get", url).json()
    assert len(detail["template"]["criteria"]) == 14 and detail["quorum"] == 3
    others = [a for a in world["auditors"] if a != screener]
    assert call(client, others[0], "post", f"{url}/screen", {"outcome": "pass", "ratings": ALL_MET}).status_code == 403
    assert "ratings.made_up" in errors_at(call(client, screener, "post", f"{url}/screen",
                                               {"outcome": "pass", "ratings": {**ALL_MET, "made_up": "compliant"}}))
    low = errors_at(call(client, screener, "post", f"{url}/screen", {"outcome": "pass", "ratings": NONE_MET}))
    assert "below the re-audit threshold" in low["outcome"]
    assert "comment" in errors_at(call(client, screener, "post", f"{url}/screen", {"outcome": "refer", "ratings": {}}))
    referred = call(client, screener, "post", f"{url}/screen",
                    {"outcome": "refer", "ratings": NONE_MET, "comment": "No safety-netting"})
    assert referred.json()["status"] == "referred"
    refused = errors_at(call(client, world["lead"], "post", f"{url}/release", {"feedback": "Learning needed."}))
    assert "panel of at least 3 auditors" in refused["feedback"] and "(0 so far)" in refused["feedback"]
    panel = [world["lead"], *others[:2]]
    for number, reviewer in enumerate(panel, start=1):
        answer = call(client, reviewer, "post", f"{url}/panel",
                      {"decision": "concerns_confirmed", "ratings": NONE_MET, "comment": "Agree"})
        assert answer.status_code == 200 and answer.json()["panel_size"] == number, answer.content
        if number < 3:
            assert errors_at(call(client, world["lead"], "post", f"{url}/release", {"feedback": "x"}))
    assert "reviewer" in errors_at(call(client, panel[0], "post", f"{url}/panel",
                                        {"decision": "no_concerns", "ratings": ALL_MET}))
    released = call(client, world["lead"], "post", f"{url}/release", {"feedback": "Safety-net every call."}).json()
    assert released["status"] == "released" and released["feedback_kind"] == FeedbackKind.NEGATIVE
    # The round closes only when every case's feedback is out; the error says how many are waiting.
    refused = errors_at(call(client, world["lead"], "post", f"{API}/rounds/{round_id}/close"))
    assert "waiting for the first screen" in refused["round"]


def test_the_panel_refuses_the_clinician_and_incomplete_scores(client, world):
    round_id = _draw(client, world, seed=11).json()["id"]
    case = AuditCase.objects.filter(round_id=round_id, clinician=world["first"]).first()
    with acting_as(Actor(user=case.auditor)):
        from ..services.reviews import screen_case

        screen_case(case=case, reviewer=case.auditor, outcome="refer", ratings={}, comment="Unsure")
    url = f"{API}/cases/{case.pk}/panel"
    own = world["clinician_user"]
    with acting_as(system_actor("test-data")):
        grant_role(own, Role.CLINICAL_AUDITOR, "TRA", granted_by="test")  # even as an auditor, never on their own panel
    assert call(client, own, "post", url, {"decision": "no_concerns", "ratings": ALL_MET}).status_code == 403
    partial = dict(list(ALL_MET.items())[:3])
    errors = errors_at(call(client, world["auditors"][1], "post", url, {"decision": "no_concerns", "ratings": partial}))
    assert any(key.startswith("ratings.") for key in errors)


def test_a_clinicians_audits_follow_the_one_rule_and_each_read_is_recorded(client, world):
    round_id = _draw(client, world, seed=3).json()["id"]
    cases = list(AuditCase.objects.filter(round_id=round_id, clinician=world["first"]))
    released, held = cases[0], cases[1]
    with acting_as(Actor(user=released.auditor)):
        from ..services.reviews import release_feedback, screen_case

        screen_case(case=released, reviewer=released.auditor, outcome="pass", ratings=ALL_MET)
        screen_case(case=held, reviewer=held.auditor, outcome="pass", ratings=ALL_MET)
        release_feedback(case=released, feedback="Clear notes.")
    url = f"{API}/clinicians/{world['first'].pk}"
    before = AuditEntry.objects.filter(action=AuditAction.VIEW).count()
    own = call(client, world["clinician_user"], "get", url).json()
    assert [c["id"] for c in own["cases"]] == [str(released.pk)]
    assert own["cases"][0]["feedback"] == "Clear notes." and own["cases"][0]["auditor"] is None
    appraiser = call(client, world["auditors"][0], "get", url).json()  # auditor1 is Dr Ann's appraiser
    # As on the record page: only results that are final (a pass, a quorate panel, released feedback),
    # never one auditor's score on a case still waiting for its screen or its panel.
    assert appraiser["relationship"] == "Appraiser of the clinician"
    assert {c["id"] for c in appraiser["cases"]} == {str(released.pk), str(held.pk)}
    lead = call(client, world["lead"], "get", url).json()
    held_row = next(c for c in lead["cases"] if c["id"] == str(held.pk))
    assert held_row["feedback"] is None and held_row["auditor"]
    assert AuditEntry.objects.filter(action=AuditAction.VIEW).count() == before + 3
    assert call(client, world["auditors"][1], "get", url).status_code == 403  # an auditor, not the appraiser
    reflect = f"{API}/cases/{released.pk}/reflection"
    assert "reflection" in errors_at(call(client, world["clinician_user"], "post", reflect, {"reflection": " "}))
    written = call(client, world["clinician_user"], "post", reflect, {"reflection": "I will document advice given."})
    assert written.status_code == 200 and written.json()["reflection"] == "I will document advice given."
    held_url = f"{API}/cases/{held.pk}/reflection"  # passed but feedback not released: not yet theirs to reflect on
    assert call(client, world["clinician_user"], "post", held_url, {"reflection": "x"}).status_code == 404
    assert call(client, world["clinician_user"], "get", f"{API}/clinicians/{world['second'].pk}").status_code == 403


def test_a_referred_case_is_not_shown_on_a_clinicians_audits_before_its_panel(client, world):
    """One auditor's referral and score are not a result: the appraiser and the clinical lead see it only
    once the panel is quorate (no negative feedback from one person, rules §7 [S135]), as the record page."""
    round_id = _draw(client, world, seed=5).json()["id"]
    case = AuditCase.objects.filter(round_id=round_id, clinician=world["first"]).first()
    with acting_as(Actor(user=case.auditor)):
        from ..services.reviews import screen_case

        screen_case(case=case, reviewer=case.auditor, outcome="refer", ratings=NONE_MET, comment="No safety-netting")
    url = f"{API}/clinicians/{world['first'].pk}"
    for reader in (world["auditors"][0], world["lead"]):
        shown = call(client, reader, "get", url).json()["cases"]
        assert str(case.pk) not in {c["id"] for c in shown}


def test_an_auditor_is_not_told_why_a_clinician_was_sampled_more(client, world):
    """'Re-audit: a score in the last round was below the threshold' is the clinician's earlier result: the
    round's manager sees it, the auditor screening the case does not (the screening page does not show it)."""
    round_id = _draw(client, world, seed=9).json()["id"]
    case = AuditCase.objects.filter(round_id=round_id).exclude(auditor=world["lead"]).first()
    case.risk_reasons = ["Re-audit: a score in the last round was below the threshold"]
    with acting_as(system_actor("test-data")):
        update_record(case)
    url = f"{API}/cases/{case.pk}"
    assert call(client, case.auditor, "get", url).json()["risk_reasons"] is None
    screened = call(client, case.auditor, "post", f"{url}/screen", {"outcome": "pass", "ratings": ALL_MET}).json()
    assert screened["risk_reasons"] is None
    assert call(client, world["lead"], "get", url).json()["risk_reasons"]
