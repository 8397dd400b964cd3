"""Appraisal pages: who sees which doctor's appraisals (the RO, the doctor's appraiser, the doctor; never another
doctor's), each view recorded with its reason, the list's filters and CSV, and the forms' refusals."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from oversight.accounts.roles import Role
from oversight.audit.context import Actor, acting_as
from oversight.audit.models import AuditAction, AuditEntry
from oversight.audit.testing import update_record
from oversight.testing.factories import build_tree, user_with_role
from oversight.workforce.tests.factories import DoctorFactory

from ..appraisals import appraisal_year_of
from ..models import Appraisal
from .factories import AppraisalFactory

YEAR = appraisal_year_of(timezone.localdate())


@pytest.fixture
def world(db):
    tree = build_tree()
    trust = tree["trust_a"]
    ro = user_with_role(Role.RESPONSIBLE_OFFICER, trust, username="ro-p")
    appraiser = user_with_role(Role.APPRAISER, trust, username="appraiser-p")
    own = user_with_role(Role.CLINICIAN, trust, username="own-p")
    with acting_as(Actor(user=ro)):
        mine = DoctorFactory(organisation=trust, name="Dr Appraisee", appraiser=appraiser, user=own)
        other = DoctorFactory(organisation=trust, name="Dr Other")
        far = DoctorFactory(organisation=tree["trust_c"], name="Dr Far")
        done = AppraisalFactory(clinician=mine, appraisal_year=YEAR - 1, due_on=date(YEAR - 1, 10, 1), appraiser=appraiser,
                                meeting_on=date(YEAR - 1, 9, 1), signed_off_on=date(YEAR - 1, 9, 10), outputs="Good outputs",
                                si_cpd=True, colleague_feedback_on=date(YEAR - 1, 6, 1))
        late = AppraisalFactory(clinician=other, appraisal_year=YEAR - 1, due_on=date(YEAR - 1, 5, 1))
    return {"tree": tree, "ro": ro, "appraiser": appraiser, "own": own, "mine": mine, "other": other, "far": far,
            "done": done, "late": late}


def doctor_url(doctor) -> str:
    return reverse("professional_standards:doctor-appraisals", args=[doctor.pk])


def test_the_ro_sees_a_doctor_and_the_view_is_recorded_with_its_reason(world, client):
    client.force_login(world["ro"])
    page = client.get(doctor_url(world["mine"]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Good outputs" in text and "1a: Completed within the time standards" in text
    assert "Record the" in text and "Allocate an appraiser" in text
    entry = AuditEntry.objects.filter(action=AuditAction.VIEW).latest("sequence")
    assert entry.reason == "Doctor's appraisals: Responsible Officer's oversight of appraisal"
    assert client.get(doctor_url(world["far"])).status_code == 403


def test_the_appraiser_sees_their_appraisee_only(world, client):
    client.force_login(world["appraiser"])
    page = client.get(doctor_url(world["mine"]))
    assert page.status_code == 200
    assert "Allocate an appraiser" not in page.content.decode()  # appraisal information, no management
    assert AuditEntry.objects.filter(action=AuditAction.VIEW).latest("sequence").reason == "Doctor's appraisals: Appraiser of the doctor"
    assert client.get(doctor_url(world["other"])).status_code == 403
    assert client.get(reverse("professional_standards:appraisals")).status_code == 403
    listing = client.get(reverse("professional_standards:my-appraisees")).content.decode()
    assert "Dr Appraisee" in listing and "Dr Other" not in listing


def test_the_doctor_sees_their_own_only(world, client):
    client.force_login(world["own"])
    assert client.get(doctor_url(world["mine"])).status_code == 200
    assert AuditEntry.objects.filter(action=AuditAction.VIEW).latest("sequence").reason == "Doctor's appraisals: The doctor's own record"
    assert client.get(doctor_url(world["other"])).status_code == 403
    own = client.get(reverse("professional_standards:my-appraisals")).content.decode()
    assert "My appraisals" in own and "Good outputs" in own
    assert client.get(reverse("professional_standards:appraisal-allocate", args=[world["mine"].pk])).status_code == 403


def test_an_unlinked_clinician_is_told_so(world, client):
    client.force_login(user_with_role(Role.CLINICIAN, world["tree"]["trust_a"], username="unlinked"))
    assert "not linked" in client.get(reverse("professional_standards:my-appraisals")).content.decode()


def test_the_list_filters_and_downloads(world, client):
    client.force_login(world["ro"])
    url = reverse("professional_standards:appraisals")
    page = client.get(url, {"year": str(YEAR - 1)}).content.decode()
    assert "Dr Appraisee" in page and "Dr Other" in page and "Dr Far" not in page
    overdue = client.get(url, {"year": str(YEAR - 1), "category": "3"}).content.decode()
    assert "Dr Other" in overdue and "Dr Appraisee" not in overdue
    by_appraiser = client.get(url, {"year": str(YEAR - 1), "appraiser": str(world["appraiser"].pk)}).content.decode()
    assert "Dr Appraisee" in by_appraiser and "Dr Other" not in by_appraiser
    response = client.get(reverse("professional_standards:appraisals-csv"), {"year": str(YEAR - 1), "sort": "name"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [r["name"] for r in rows] == ["Dr Appraisee", "Dr Other"]
    assert rows[0]["category"] == "1a" and rows[1]["category"] == "3" and rows[0]["supporting_information_types"] == "2"
    assert "Good outputs" not in response.content.decode()  # no free text in the export
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()


def test_allocate_refuses_the_line_manager_naming_the_rule(world, client):
    other = world["other"]
    other.line_manager = world["appraiser"]
    with acting_as(Actor(user=world["ro"])):
        update_record(other)
    client.force_login(world["ro"])
    url = reverse("professional_standards:appraisal-allocate", args=[other.pk])
    response = client.post(url, {"appraisal_year": str(YEAR), "due_on": f"{YEAR}-11-01", "appraiser": str(world["appraiser"].pk)})
    assert response.status_code == 200
    assert "Line manager: the appraiser is the doctor&#39;s line manager" in response.content.decode()
    assert not Appraisal.objects.filter(clinician=other, appraisal_year=YEAR).exists()


def test_allocate_then_record_then_the_appraiser_sees_them(world, client):
    other = world["other"]
    client.force_login(world["ro"])
    url = reverse("professional_standards:appraisal-allocate", args=[other.pk])
    response = client.post(url, {"appraisal_year": str(YEAR), "due_on": f"{YEAR}-11-01", "appraiser": str(world["appraiser"].pk)})
    assert response.status_code == 302
    appraisal = Appraisal.objects.get(clinician=other, appraisal_year=YEAR)
    other.refresh_from_db()
    assert appraisal.appraiser == world["appraiser"] and other.appraiser == world["appraiser"]
    record = reverse("professional_standards:appraisal-record", args=[appraisal.pk])
    bad = client.post(record, {"meeting_on": f"{YEAR}-06-10", "signed_off_on": f"{YEAR}-06-01", "outputs": "x"})
    assert "cannot be signed off before the meeting" in bad.content.decode()
    appraisal.refresh_from_db()
    assert appraisal.meeting_on is None
    client.force_login(world["appraiser"])
    assert client.get(doctor_url(other)).status_code == 200


def test_approve_missed_needs_a_reason(world, client):
    client.force_login(world["ro"])
    url = reverse("professional_standards:appraisal-missed", args=[world["late"].pk])
    assert "Select the reason" in client.post(url, {}).content.decode()
    assert client.post(url, {"missed_reason": "sickness"}).status_code == 302
    world["late"].refresh_from_db()
    assert world["late"].missed_approved


def test_forms_refuse_a_doctor_out_of_scope(world, client):
    client.force_login(world["ro"])
    far_appraisal = AppraisalFactory(clinician=world["far"], appraisal_year=YEAR, due_on=date(YEAR, 10, 1))
    assert client.get(reverse("professional_standards:appraisal-record", args=[far_appraisal.pk])).status_code == 403
    assert client.get(reverse("professional_standards:appraisal-allocate", args=[world["far"].pk])).status_code == 403


# ------------------------------------------------------------------------------------- API ----

API = "/api/v1/professional-standards"


def bearer(user) -> dict:
    from oversight.testing.factories import api_token_for

    _, token = api_token_for(user)
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_api_reads_a_doctors_appraisals_with_the_pages_access(world, client):
    mine, other = world["mine"], world["other"]
    answer = client.get(f"{API}/doctors/{mine.pk}/appraisals", **bearer(world["appraiser"]))
    assert answer.status_code == 200
    body = answer.json()
    assert body["why_you_may_see"] == "Appraiser of the doctor" and body["appraisals"][0]["category"] == "1a"
    assert body["cycle_feedback"]["colleague_met"] is True and body["cycle_feedback"]["patient_met"] is False
    assert AuditEntry.objects.filter(action=AuditAction.VIEW).latest("sequence").reason.endswith("Appraiser of the doctor")
    assert client.get(f"{API}/doctors/{other.pk}/appraisals", **bearer(world["appraiser"])).status_code == 403
    assert client.get(f"{API}/doctors/{world['far'].pk}/appraisals", **bearer(world["ro"])).status_code == 403


def test_api_allocates_and_records_with_the_rules(world, client):
    headers = bearer(world["ro"])
    other = world["other"]
    made = client.post(f"{API}/doctors/{other.pk}/appraisals/allocate", content_type="application/json", **headers,
                       data={"appraisal_year": YEAR, "appraiser_id": world["appraiser"].pk, "due_on": f"{YEAR}-11-01"})
    assert made.status_code == 200, made.content
    appraisal_id = made.json()["id"]
    bad = client.post(f"{API}/appraisals/{appraisal_id}/record", content_type="application/json", **headers,
                      data={"signed_off_on": f"{YEAR}-05-01", "outputs": "x"})
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"][-1] == "signed_off_on"
    assert client.post(f"{API}/doctors/{other.pk}/appraisals/allocate", content_type="application/json",
                       **bearer(world["appraiser"]), data={"appraisal_year": YEAR}).status_code == 403
