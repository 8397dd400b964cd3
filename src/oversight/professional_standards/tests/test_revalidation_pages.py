"""Revalidation pages: a doctor's page, a deferral stopped until the Employer Liaison contact is recorded,
checking and submitting, the GMC's outcome, the ready list's batch, and the GMC list out and in; and the
API with the same rules and access."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from oversight.audit.models import AuditAction, AuditEntry
from oversight.testing.factories import api_token_for, build_tree, user_with_role
from oversight.workforce.tests.factories import DoctorFactory

from ..models import DEFERRAL_CRITERIA, DoctorRevalidation, Recommendation
from .factories import AppraisalFactory, DoctorRevalidationFactory, ElsContactFactory, RecommendationFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def tree(db):
    return build_tree()


@pytest.fixture
def ro(tree, client):
    user = user_with_role("responsible_officer", tree["trust_a"], username="ro-a")
    client.force_login(user)
    return user


def doctor_due(tree, days_ahead=30, place="trust_a", **state):
    doctor = DoctorFactory(organisation=tree[place])
    DoctorRevalidationFactory(clinician=doctor, submission_due_on=TODAY + timedelta(days=days_ahead),
                              cycle_started_on=TODAY - timedelta(days=4 * 365), **state)
    return doctor


def ready_doctor(tree, **kwargs):
    """A doctor every clause of the ready rule holds for."""
    doctor = doctor_due(tree, **kwargs)
    year = TODAY.year if TODAY.month >= 4 else TODAY.year - 1
    for offset in range(4):
        AppraisalFactory(clinician=doctor, appraisal_year=year - offset, due_on=TODAY.replace(day=1) - timedelta(days=365 * offset + 40),
                         signed_off_on=TODAY - timedelta(days=365 * offset + 10), declared_issues=False, on_track=True,
                         colleague_feedback_on=TODAY - timedelta(days=700) if offset == 2 else None,
                         patient_feedback_on=TODAY - timedelta(days=400) if offset == 1 else None)
    return doctor


def deferral_post(doctor, action="submit", **extra):
    due = DoctorRevalidation.objects.get(clinician=doctor).submission_due_on
    return {"kind": "defer", "criteria": [name for name, _ in DEFERRAL_CRITERIA], "deferral_reason": "ongoing_process",
            "missing_information": "The outcome of the open serious incident investigation, in June.",
            "defer_to": (due + timedelta(days=60)).isoformat(), "action": action, **extra}


def test_the_doctor_page_shows_the_gmc_state_and_is_recorded(client, tree, ro):
    doctor = doctor_due(tree)
    response = client.get(reverse("professional_standards:doctor-revalidation", args=[doctor.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Under notice" in body and "Deferrals this cycle" in body and "Make a recommendation" in body
    assert AuditEntry.objects.filter(action=AuditAction.VIEW, object_id=str(doctor.pk)).exists()


def test_a_deferral_form_lists_the_five_criteria_as_checkboxes(client, tree, ro):
    doctor = doctor_due(tree)
    body = client.get(reverse("professional_standards:recommendation-new", args=[doctor.pk])).content.decode()
    for name, wording in DEFERRAL_CRITERIA:
        assert f'value="{name}"' in body and wording in body


def test_a_deferral_without_its_criteria_is_refused_naming_them(client, tree, ro):
    doctor = doctor_due(tree)
    response = client.post(reverse("professional_standards:recommendation-new", args=[doctor.pk]),
                           deferral_post(doctor, criteria=[DEFERRAL_CRITERIA[0][0]], defer_to=""))
    body = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in body
    assert "All five criteria must apply" in body and "Enter the new submission date" in body
    assert not Recommendation.objects.exists()


def test_a_second_deferral_is_stopped_until_the_employer_liaison_contact_is_recorded(client, tree, ro):
    doctor = doctor_due(tree)
    url = reverse("professional_standards:recommendation-new", args=[doctor.pk])
    assert client.post(url, deferral_post(doctor)).status_code == 302
    first = Recommendation.objects.get()
    assert first.is_submitted
    outcome = reverse("professional_standards:recommendation-outcome", args=[first.pk])
    assert client.post(outcome, {"outcome": "approved", "on": TODAY.isoformat()}).status_code == 302
    page = client.get(reverse("professional_standards:doctor-revalidation", args=[doctor.pk])).content.decode()
    assert "A deferral needs an Employer Liaison Service contact first" in page
    refused = client.post(url, deferral_post(doctor))
    assert refused.status_code == 200 and "Contact the GMC&#39;s Employer Liaison Service first" in refused.content.decode()
    assert Recommendation.objects.count() == 1
    els = reverse("professional_standards:els-contact-new", args=[doctor.pk])
    assert client.post(els, {"contacted_on": TODAY.isoformat(), "adviser_name": "A. Adviser",
                             "summary": "Discussed the second deferral."}).status_code == 302
    assert client.post(url, deferral_post(doctor)).status_code == 302
    second = Recommendation.objects.exclude(pk=first.pk).get()
    assert second.is_submitted and second.els_contact is not None


def test_a_draft_is_checked_then_submitted_and_then_cannot_change(client, tree, ro):
    doctor = doctor_due(tree)
    url = reverse("professional_standards:recommendation-new", args=[doctor.pk])
    assert client.post(url, {"kind": "revalidate", "action": "draft"}).status_code == 302
    draft = Recommendation.objects.get()
    submit = reverse("professional_standards:recommendation-submit", args=[draft.pk])
    assert "Check and submit" in client.get(submit).content.decode()
    assert client.post(submit).status_code == 302
    assert Recommendation.objects.get().is_submitted
    again = client.get(submit, follow=True).content.decode()
    assert "nothing can be changed once submitted" in again


def test_the_ready_list_submits_a_batch(client, tree, ro):
    a, b = ready_doctor(tree), ready_doctor(tree)
    not_ready = doctor_due(tree)
    page = client.get(reverse("professional_standards:ready")).content.decode()
    assert a.name in page and b.name in page and not_ready.name not in page
    response = client.post(reverse("professional_standards:ready"), {"doctor": [str(a.pk), str(b.pk)]})
    assert response.status_code == 302
    assert Recommendation.objects.filter(status="submitted", kind="revalidate").count() == 2
    assert Recommendation.objects.get(clinician=a).batch_id == Recommendation.objects.get(clinician=b).batch_id


def test_the_ready_list_refuses_a_doctor_not_on_it(client, tree, ro):
    a, not_ready = ready_doctor(tree), doctor_due(tree)
    response = client.post(reverse("professional_standards:ready"), {"doctor": [str(a.pk), str(not_ready.pk)]})
    assert response.status_code == 200 and "no longer on the ready list" in response.content.decode()
    assert not Recommendation.objects.exists()


def test_the_gmc_export_and_import(client, tree, ro):
    doctor = doctor_due(tree)
    RecommendationFactory(clinician=doctor, submission_due_on=TODAY + timedelta(days=30))
    export = client.get(reverse("professional_standards:gmc-export"))
    assert export.status_code == 200 and doctor.registration_number in export.content.decode()
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()
    from django.core.files.uploadedfile import SimpleUploadedFile

    good = (f"GMC Reference Number,Submission Due Date,Under Notice\n{doctor.registration_number},"
            f"{TODAY + timedelta(days=40):%d/%m/%Y},Yes\n").encode()
    response = client.post(reverse("professional_standards:gmc-import"), {"file": SimpleUploadedFile("gmc.csv", good)})
    assert response.status_code == 302
    assert DoctorRevalidation.objects.get(clinician=doctor).submission_due_on == TODAY + timedelta(days=40)
    bad = good + b"1111111,01/01/2028,No\n"
    response = client.post(reverse("professional_standards:gmc-import"), {"file": SimpleUploadedFile("gmc.csv", bad)})
    assert "Nothing was imported" in response.content.decode() and "1111111" in response.content.decode()


def test_the_medical_director_reads_but_does_not_recommend(client, tree):
    doctor = doctor_due(tree)
    client.force_login(user_with_role("chief_medical_officer", tree["trust_a"]))
    page = client.get(reverse("professional_standards:doctor-revalidation", args=[doctor.pk]))
    assert page.status_code == 200 and "Make a recommendation" not in page.content.decode()
    assert client.post(reverse("professional_standards:recommendation-new", args=[doctor.pk]),
                       {"kind": "revalidate"}).status_code == 403


# ----------------------------------------------------------------------------------- API ----

def bearer(user) -> dict:
    _, token = api_token_for(user)
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


API = "/api/v1/professional-standards"


def test_the_api_makes_a_recommendation_with_the_same_rules(client, tree):
    ro = user_with_role("responsible_officer", tree["trust_a"], username="ro-api")
    doctor = doctor_due(tree)
    url = f"{API}/doctors/{doctor.pk}/recommendations"
    refused = client.post(url, json.dumps({"kind": "defer", "submit": True}), content_type="application/json", **bearer(ro))
    assert refused.status_code == 422
    fields = {item["loc"][-1] for item in refused.json()["detail"]}
    assert {"criterion_engaging", "deferral_reason", "missing_information", "defer_to"} <= fields
    made = client.post(url, json.dumps({"kind": "revalidate"}), content_type="application/json", **bearer(ro))
    assert made.status_code == 201 and made.json()["status"] == "draft"
    submitted = client.post(f"{API}/recommendations/{made.json()['id']}/submit", **bearer(ro))
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    again = client.post(f"{API}/recommendations/{made.json()['id']}/submit", **bearer(ro))
    assert again.status_code == 422 and "submitted to the GMC" in again.json()["detail"][0]["msg"]
    read = client.get(f"{API}/doctors/{doctor.pk}/revalidation", **bearer(ro)).json()
    assert read["recommendations"][0]["status"] == "submitted"
    rows = client.get(f"{API}/revalidation/dashboard", **bearer(ro)).json()
    assert rows["count"] == 1 and rows["results"][0]["gmc_number"] == doctor.registration_number


def test_the_api_keeps_to_the_callers_doctors(client, tree):
    ro = user_with_role("responsible_officer", tree["trust_a"], username="ro-api")
    outside = doctor_due(tree, place="trust_c")
    assert client.get(f"{API}/doctors/{outside.pk}/revalidation", **bearer(ro)).status_code == 403
    assert client.post(f"{API}/doctors/{outside.pk}/recommendations", json.dumps({"kind": "revalidate"}),
                       content_type="application/json", **bearer(ro)).status_code == 403
    md = user_with_role("chief_medical_officer", tree["trust_a"], username="md-api")
    inside = doctor_due(tree)
    assert client.post(f"{API}/doctors/{inside.pk}/recommendations", json.dumps({"kind": "revalidate"}),
                       content_type="application/json", **bearer(md)).status_code == 403
    ElsContactFactory(clinician=inside)
