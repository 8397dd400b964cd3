"""The Responsible Officer's walk in a real browser (issue 13, "Done when"): from the dashboard to a doctor's
whole record (a reason asked for first), a deferral stopped until the Employer Liaison Service contact is
recorded, and a batch of positive recommendations submitted; axe on every page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from oversight.accounts.roles import Role
from oversight.accounts.tests.factories import user_with_role
from oversight.audit.context import Actor, acting_as
from oversight.governance.tests.factories import IncidentFactory
from oversight.professional_standards.appraisals import appraisal_year_of
from oversight.professional_standards.models import (
    DEFERRAL_CRITERIA,
    GmcOutcome,
    Recommendation,
    RecommendationKind,
    RecommendationStatus,
)
from oversight.professional_standards.services import revalidation
from oversight.professional_standards.tests.factories import AppraisalFactory
from oversight.testing.browser import axe_violations, describe
from oversight.testing.factories import TEST_PASSWORD, build_tree
from oversight.workforce.tests.factories import DoctorFactory

from .conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def accessible(page, where: str) -> None:
    violations = axe_violations(page)
    assert violations == [], f"{where}: {describe(violations)}"


def _ready_appraisal(doctor, today, patient_feedback=True):
    """Last year's appraisal, signed off, with colleague and patient feedback, on track."""
    year = appraisal_year_of(today) - 1
    meeting = today - timedelta(days=200)
    return AppraisalFactory(clinician=doctor, appraisal_year=year, due_on=meeting.replace(day=1) + timedelta(days=32),
                            meeting_on=meeting, signed_off_on=meeting + timedelta(days=10), outputs="Outputs agreed.",
                            pdp_agreed=True, colleague_feedback_on=meeting - timedelta(days=40),
                            patient_feedback_on=meeting - timedelta(days=30) if patient_feedback else None,
                            declared_issues=False, on_track=True)


@pytest.fixture
def world(db):
    tree = build_tree()
    trust = tree["trust_a"]
    ro = user_with_role(Role.RESPONSIBLE_OFFICER, trust, username="ro")
    with acting_as(Actor(user=ro)):
        return _world(tree, trust, ro)


def _world(tree, trust, ro):
    today = timezone.localdate()
    due = today + timedelta(days=40)
    started = today - timedelta(days=4 * 365)
    doctors = {}
    for key, name in (("deferring", "Dr Alice Deferring"), ("ready1", "Dr Bram Ready"), ("ready2", "Dr Chen Ready")):
        doctor = DoctorFactory(organisation=trust, name=name, connection_started_on=started - timedelta(days=30))
        revalidation.update_gmc_state(doctor, ro, submission_due_on=due, cycle_started_on=started, under_notice=True)
        # The doctor to defer lacks patient feedback this cycle: not ready to revalidate.
        _ready_appraisal(doctor, today, patient_feedback=key != "deferring")
        doctors[key] = doctor
    # The first deferral of this cycle, made and accepted: its new date is in the window again.
    first = revalidation.make_recommendation(
        doctors["deferring"], ro, kind=RecommendationKind.DEFER, submit_now=True, deferral_reason="insufficient_evidence",
        defer_to=due + timedelta(days=20), missing_information="Patient feedback due from the survey provider.",
        **{name: True for name, _ in DEFERRAL_CRITERIA})
    revalidation.record_gmc_outcome(first, ro, outcome=GmcOutcome.APPROVED, on=today)
    incident = IncidentFactory(organisation=trust)
    incident.clinicians_involved.add(doctors["deferring"])
    return {"tree": tree, "doctors": doctors, "incident": incident, "today": today, "due": due + timedelta(days=20)}


def test_the_responsible_officer_from_dashboard_to_record_deferral_and_batch(page, world):
    page.set_default_timeout(30_000)  # many steps on a busy 2-core machine
    deferring = world["doctors"]["deferring"]
    sign_in(page, "ro", TEST_PASSWORD)

    # The dashboard: doctors by state; the ready ones are counted.
    page.goto("/professional-standards/dashboard/")
    accessible(page, "dashboard")
    expect(page.get_by_role("link", name="Ready to recommend: 2")).to_be_visible()
    expect(page.get_by_role("link", name="Employer Liaison contact needed: 1")).to_be_visible()

    # To the doctor's whole record: a reason first, then the incident that names them.
    page.get_by_role("link", name="Dr Alice Deferring").click()
    accessible(page, "record reason")
    page.get_by_label("Preparing a revalidation recommendation").check()
    page.get_by_role("button", name="Show the whole record").click()
    expect(page.get_by_text(world["incident"].reference).first).to_be_visible()
    accessible(page, "whole record")

    # A second deferral is stopped until the Employer Liaison Service contact is recorded.
    page.goto(f"/professional-standards/doctors/{deferring.pk}/revalidation/recommendation/")
    accessible(page, "recommendation form")

    def fill_deferral():
        page.get_by_label("Defer", exact=True).check()
        for _, wording in DEFERRAL_CRITERIA:
            page.get_by_label(wording).check()
        page.get_by_label("Insufficient evidence for a recommendation to revalidate").check()
        page.get_by_label("What is missing, and where and when it will come from").fill("Colleague feedback due in March.")
        new_date = world["due"] + timedelta(days=60)
        page.get_by_label("New submission date").fill(new_date.isoformat())
        page.get_by_role("button", name="Submit to the GMC").click()

    fill_deferral()
    expect(page.get_by_role("alert").get_by_text("There is a problem")).to_be_visible()
    expect(page.get_by_text("Contact the GMC's Employer Liaison Service first").first).to_be_visible()
    accessible(page, "deferral refused")
    assert not Recommendation.objects.filter(clinician=deferring, status=RecommendationStatus.SUBMITTED,
                                             submission_due_on=world["due"]).exists()

    page.get_by_role("link", name="Record the Employer Liaison Service contact").click()
    accessible(page, "Employer Liaison contact form")
    today = world["today"]
    page.get_by_label("Date of contact").fill(today.isoformat())
    page.get_by_label("Employer Liaison Adviser").fill("A. Adviser")
    page.get_by_label("What was discussed and agreed").fill("A second deferral is appropriate while feedback is gathered.")
    page.get_by_role("button", name="Record contact").click()
    expect(page.get_by_text("The Employer Liaison Service contact is recorded").first).to_be_visible()

    page.goto(f"/professional-standards/doctors/{deferring.pk}/revalidation/recommendation/")
    fill_deferral()
    expect(page.get_by_text("Defer recommendation submitted to the GMC").first).to_be_visible()
    second = Recommendation.objects.get(clinician=deferring, status=RecommendationStatus.SUBMITTED, submission_due_on=world["due"])
    assert second.els_contact is not None

    # A batch of positive recommendations from the ready list.
    page.goto("/professional-standards/revalidation/ready/")
    accessible(page, "ready list")
    for key in ("ready1", "ready2"):
        page.get_by_label(world["doctors"][key].name, exact=False).check()
    page.get_by_role("button", name="Submit these recommendations to revalidate").click()
    expect(page.get_by_text("2 recommendations to revalidate submitted").first).to_be_visible()
    batch = {r.batch_id for r in Recommendation.objects.filter(kind=RecommendationKind.REVALIDATE,
                                                               status=RecommendationStatus.SUBMITTED)}
    assert len(batch) == 1 and None not in batch
    assert page.csp_violations == []
