"""Governance in a real browser: an incident from an anonymous report to closed with its Duty of Candour
clock, a complaint from receipt to response, and a professional concern; axe on every main page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from oversight.governance.models import Complaint, Incident, ProfessionalConcern
from oversight.testing.browser import axe_violations, describe
from oversight.testing.factories import TEST_PASSWORD, build_tree, user_with_role

from .conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)
TODAY = timezone.localdate


@pytest.fixture
def people(db):
    tree = build_tree()
    return {
        "lead": user_with_role("governance_lead", tree["trust_a"], username="sam"),
        "ro": user_with_role("responsible_officer", tree["trust_a"], username="helen"),
        "tree": tree,
    }


def accessible(page, where: str) -> None:
    violations = axe_violations(page)
    assert violations == [], f"{where}: {describe(violations)}"


def choose(page, name: str, value: str) -> None:
    page.check(f"input[name={name}][value={value}]")


def test_an_incident_from_anonymous_report_to_closed_with_its_duty_of_candour_clock(page, people):
    # Anyone reports, without signing in.
    page.goto("/governance/report/")
    assert page.locator("h1").inner_text() == "Report a patient safety incident"
    accessible(page, "report form")
    page.get_by_role("button", name="Send report").click()
    expect(page.get_by_role("alert").get_by_text("There is a problem")).to_be_visible()
    accessible(page, "report form with errors")
    choose(page, "event_type", "incident")
    page.select_option("#id_place", "TRA01")
    page.get_by_label("Ward, department or place").fill("Theatre 3")
    page.get_by_label("Date it happened").fill((TODAY() - timedelta(days=1)).isoformat())
    page.get_by_label("What happened?").fill("A swab was left in after an operation and found on a scan.")
    choose(page, "physical_harm", "moderate")
    choose(page, "psychological_harm", "none")
    page.select_option("#id_never_event", "NE03")
    choose(page, "patient_involved", "yes")
    choose(page, "staff_involved", "no")
    page.get_by_label("Patient's NHS number").fill("943 476 5919")
    page.get_by_role("button", name="Send report").click()
    reference = Incident.objects.get().reference
    expect(page.get_by_text(f"Your reference is {reference}")).to_be_visible()
    accessible(page, "report sent")

    # The governance lead takes it from here.
    page.context.clear_cookies()
    sign_in(page, "sam", TEST_PASSWORD)
    page.goto("/governance/incidents/")
    page.get_by_role("link", name=reference).click()
    expect(page.get_by_text("A patient safety incident investigation (PSII) is required")).to_be_visible()
    expect(page.locator("#candour").get_by_text("working days left").first).to_be_visible()
    assert page.get_by_text("943 476 5919").count() == 0
    accessible(page, "incident page")

    page.get_by_role("link", name="Record: reviewed").click()
    page.get_by_label("Themes").fill("Theatres, Swab counts")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Record: learning response chosen").click()
    accessible(page, "learning response form")
    choose(page, "learning_response", "after_action_review")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert").get_by_text("requires a patient safety incident investigation")).to_be_visible()
    choose(page, "learning_response", "psii")
    page.get_by_role("button", name="Save").click()

    today = TODAY().isoformat()
    page.locator("#candour").get_by_role("link", name="In-person notification with apology").click()
    page.get_by_label("Date of the in-person notification").fill(today)
    choose(page, "relevant_person", "patient")
    page.get_by_label("Told by").fill("Consultant surgeon")
    page.get_by_label("An apology was given").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#candour").get_by_text("Done in time")).to_be_visible()
    page.locator("#candour").get_by_role("link", name="Written notification").click()
    page.get_by_label("Date the letter was sent").fill(today)
    page.get_by_role("button", name="Save").click()

    page.get_by_role("link", name="Record: learning response under way").click()
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Record: learning shared").click()
    page.get_by_label("Title for the learning library").fill("Count swabs twice")
    page.get_by_label("What we learned and what changed").fill("A second person now counts at every closure.")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Record: closed").click()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert").get_by_text("Complete the Duty of Candour first")).to_be_visible()
    page.get_by_role("link", name="Cancel").click()
    page.locator("#candour").get_by_role("link", name="Outcome letter").click()
    page.get_by_label("Date the letter was sent").fill(today)
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Record: closed").click()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Closed: recorded")).to_be_visible()
    assert Incident.objects.get().status == "closed"

    # Patient details: a reason first, then shown once.
    page.get_by_role("link", name="View patient and reporter details").click()
    choose(page, "reason", "candour")
    page.get_by_role("button", name="Show patient details").click()
    expect(page.get_by_text("943 476 5919")).to_be_visible()
    accessible(page, "patient details")
    for path in ("/governance/", "/governance/tasks/", "/governance/overdue/", "/governance/duty-of-candour/",
                 "/governance/figures/", "/governance/learning/"):
        page.goto(path)
        accessible(page, path)
    expect(page.get_by_text("Count swabs twice")).to_be_visible()
    assert page.csp_violations == []


def test_a_complaint_from_receipt_to_response(page, people):
    sign_in(page, "sam", TEST_PASSWORD)
    page.goto("/governance/complaints/")
    page.get_by_role("link", name="Record a complaint").click()
    accessible(page, "complaint form")
    page.select_option("#id_place", "TRA")
    choose(page, "channel", "oral")
    page.get_by_label("What the complaint is about").fill("Waited nine hours for pain relief.")
    page.get_by_label("When the events complained about happened").fill((TODAY() - timedelta(days=400)).isoformat())
    page.get_by_label("Complainant's name").fill("Jo Bloggs")
    choose(page, "complainant_relationship", "patient")
    page.get_by_role("button", name="Record complaint").click()
    expect(page.get_by_text("more than 12 months after the events").first).to_be_visible()
    accessible(page, "complaint time limit warning")
    page.get_by_label("Reason for considering a complaint made after the 12-month time limit").fill("In hospital abroad")
    page.get_by_role("button", name="Record complaint").click()
    expect(page.get_by_text("Made after the 12-month time limit").first).to_be_visible()
    expect(page.locator("#deadlines").get_by_text("working days left").first).to_be_visible()
    accessible(page, "complaint page")
    page.get_by_role("link", name="Record: acknowledged").click()
    page.get_by_label("Date acknowledged").fill(TODAY().isoformat())
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Record: holding letter sent").click()
    page.get_by_label("Date sent").fill(TODAY().isoformat())
    page.get_by_label("Why the response is delayed").fill("Waiting for the consultant's statement")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Record: response sent").click()
    page.get_by_label("Date the response was sent").fill(TODAY().isoformat())
    page.get_by_label("Signed by").fill("Chief Executive")
    choose(page, "outcome", "partly_upheld")
    page.get_by_role("button", name="Save").click()
    assert page.locator("#deadlines").get_by_text("Done in time").count() == 2
    assert Complaint.objects.get().status == "responded"
    page.goto("/governance/complaints/")
    accessible(page, "complaint list")
    assert page.csp_violations == []


def test_a_professional_concern(page, people):
    sign_in(page, "helen", TEST_PASSWORD)
    page.goto("/governance/concerns/")
    accessible(page, "concerns")
    page.get_by_role("link", name="Clinicians").click()
    page.get_by_role("link", name="Add a clinician").click()
    page.get_by_label("Full name").fill("Dr Example Surgeon")
    page.select_option("#id_profession", "doctor")
    page.get_by_label("Registration number").fill("12345")
    page.select_option("#id_organisation", label="Trust A NHS Trust")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert").get_by_text("a GMC number is 7 digits")).to_be_visible()
    page.get_by_label("Registration number").fill("7654321")
    page.get_by_role("button", name="Save").click()
    # The register's own "Add a clinician" shows the entry saved; the concern is raised from it.
    page.get_by_role("link", name="Record a professional concern").click()
    choose(page, "source", "data")
    choose(page, "category", "capability")
    page.get_by_label("What the concern is").fill("Return-to-theatre rate above peers")
    page.get_by_role("button", name="Record concern").click()
    page.get_by_role("link", name="Move to another stage").click()
    page.select_option("#id_stage", "closed")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert").get_by_text("Record the outcome")).to_be_visible()
    page.get_by_label("Outcome").fill("Case-note review found no concerns")
    page.get_by_role("button", name="Save").click()
    assert ProfessionalConcern.objects.get().is_closed
    accessible(page, "concern page")
    # The governance lead cannot see it.
    page.context.clear_cookies()
    sign_in(page, "sam", TEST_PASSWORD)
    page.goto(f"/governance/concerns/{ProfessionalConcern.objects.get().pk}/")
    assert page.locator("h1").inner_text().startswith("You do not have access")
    assert page.csp_violations == []
