"""The Responsible Officer's dashboard: doctors by state with counts as links, filters, sorting, pages, the
CSV, the doctors in the user's scope only, and each doctor's deadlines on the task list."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from oversight.audit.models import AuditAction, AuditEntry
from oversight.testing.factories import build_tree, user_with_role
from oversight.workforce.tests.factories import DoctorFactory

from ..presenters.dashboard import PAGE_SIZE
from .factories import AppraisalFactory, DoctorRevalidationFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
DASHBOARD = "professional_standards:dashboard"


@pytest.fixture
def tree(db):
    return build_tree()


@pytest.fixture
def ro(tree, client):
    user = user_with_role("responsible_officer", tree["trust_a"], username="ro-a")
    client.force_login(user)
    return user


def doctor(tree, *, days_ahead=None, place="trust_a", grade="consultant", name=None, **state):
    made = DoctorFactory(organisation=tree[place], grade=grade, **({"name": name} if name else {}))
    if days_ahead is not None:
        DoctorRevalidationFactory(clinician=made, submission_due_on=TODAY + timedelta(days=days_ahead),
                                  cycle_started_on=TODAY - timedelta(days=4 * 365), **state)
    return made


def test_doctors_by_state_with_counts_as_links(client, tree, ro):
    notice = doctor(tree, days_ahead=30, name="Dr Notice")
    later = doctor(tree, days_ahead=300, name="Dr Later")
    overdue = doctor(tree, days_ahead=900, name="Dr Overdue")
    AppraisalFactory(clinician=overdue, appraisal_year=TODAY.year - 2, due_on=TODAY.replace(day=1) - timedelta(days=400))
    outside = doctor(tree, days_ahead=30, place="trust_c", name="Dr Elsewhere")
    response = client.get(reverse(DASHBOARD))
    body = response.content.decode()
    assert response.status_code == 200
    assert notice.name in body and later.name in body and overdue.name in body and outside.name not in body
    assert "Under notice: <strong>1</strong>" in body and "Appraisal overdue: <strong>1</strong>" in body
    assert "state=under_notice" in body
    listed = client.get(reverse(DASHBOARD), {"state": "under_notice"}).content.decode()
    assert notice.name in listed and later.name not in listed
    assert AuditEntry.objects.filter(action=AuditAction.VIEW, object_repr__startswith="Responsible Officer's dashboard").exists()


def test_filters_by_organisation_grade_and_submission_month(client, tree, ro):
    a = doctor(tree, days_ahead=30, grade="gp", name="Dr Gp")
    b = doctor(tree, days_ahead=200, name="Dr Consultant")
    month = f"{TODAY + timedelta(days=30):%Y-%m}"
    by_grade = client.get(reverse(DASHBOARD), {"grade": "gp"}).content.decode()
    assert a.name in by_grade and b.name not in by_grade
    by_month = client.get(reverse(DASHBOARD), {"month": month}).content.decode()
    assert a.name in by_month and b.name not in by_month
    by_org = client.get(reverse(DASHBOARD), {"organisation": "TRB"}).content.decode()
    assert a.name not in by_org
    bad = client.get(reverse(DASHBOARD), {"month": "March"}).content.decode()
    assert "like 2027-03" in bad


def test_sorted_by_name_or_submission_date_and_paged(client, tree, ro):
    doctor(tree, days_ahead=10, name="Dr Zed")
    doctor(tree, days_ahead=20, name="Dr Abel")
    by_date = client.get(reverse(DASHBOARD)).content.decode()
    assert by_date.index("Dr Zed") < by_date.index("Dr Abel")
    by_name = client.get(reverse(DASHBOARD), {"sort": "name"}).content.decode()
    assert by_name.index("Dr Abel") < by_name.index("Dr Zed")
    for _ in range(PAGE_SIZE):
        doctor(tree, days_ahead=100)
    first = client.get(reverse(DASHBOARD)).content.decode()
    assert "page=2" in first
    assert client.get(reverse(DASHBOARD), {"page": 2}).status_code == 200


def test_each_name_links_to_the_record_or_the_revalidation_page(client, tree, ro):
    made = doctor(tree, days_ahead=30)
    body = client.get(reverse(DASHBOARD)).content.decode()
    assert reverse("professional_standards:doctor-revalidation", args=[made.pk]) in body
    try:
        record = reverse("professional_standards:record", args=[made.pk])
    except Exception:  # the record pages are another area's; the revalidation page stands in until they exist
        record = None
    if record:
        assert record in body


def test_the_csv_has_every_filtered_doctor_and_is_recorded(client, tree, ro):
    a = doctor(tree, days_ahead=30)
    doctor(tree, days_ahead=300)
    response = client.get(reverse("professional_standards:dashboard-csv"), {"state": "under_notice"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["gmc_number"] for row in rows] == [a.registration_number]
    assert rows[0]["under_notice"] == "yes" and "Under notice" in rows[0]["states"]
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()


def test_the_task_list_shows_each_doctors_deadlines(client, tree, ro):
    due = doctor(tree, days_ahead=30, name="Dr Due")
    doctor(tree, days_ahead=300, name="Dr Not Yet")
    overdue = doctor(tree, name="Dr Appraisal")
    AppraisalFactory(clinician=overdue, appraisal_year=TODAY.year - 2, due_on=TODAY.replace(day=1) - timedelta(days=400))
    body = client.get(reverse("governance:my-tasks")).content.decode()
    assert "Doctors: revalidation, appraisal and checks due" in body
    assert "Revalidation recommendation to the GMC" in body and due.name in body
    assert "Dr Not Yet" not in body
    assert "overdue" in body and overdue.name in body


def test_the_task_list_has_no_doctors_section_for_those_who_do_not_oversee_doctors(client, tree):
    client.force_login(user_with_role("governance_lead", tree["trust_a"]))
    body = client.get(reverse("governance:my-tasks")).content.decode()
    assert "Doctors: revalidation" not in body
