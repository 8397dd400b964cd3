"""The clinician audit cycle in a real browser (issue 14, "Done when"): consultations imported, the
sample drawn with its seed, a case screened and referred, a panel of three, the negative feedback
released only then, and the clinician reading it and writing a reflection; axe on every page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from oversight.clinical_performance.configuration import read_template
from oversight.clinical_performance.models import AuditCase, AuditRound, CaseStatus
from oversight.clinical_performance.tests.factories import audit_world
from oversight.testing.browser import axe_violations, describe
from oversight.testing.factories import TEST_PASSWORD, build_tree

from .conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)
CODES = [c.code for c in read_template().criteria]


@pytest.fixture
def world(db):
    tree = build_tree()
    world = audit_world(tree["trust_a"])
    world["trust"] = tree["trust_a"]
    return world


def accessible(page, where: str) -> None:
    violations = axe_violations(page)
    assert violations == [], f"{where}: {describe(violations)}"


def as_user(page, username: str) -> None:
    page.context.clear_cookies()
    sign_in(page, username, TEST_PASSWORD)


def rate_all(page, rating: str) -> None:
    for code in CODES:
        page.check(f"input[name=criterion_{code}][value={rating}]")


def test_an_audit_cycle_from_import_to_reflection(page, world):
    page.set_default_timeout(30_000)  # the cycle has many steps; a busy 2-core machine is slow to answer
    registration = world["first"].registration_number
    as_user(page, "lead")
    page.goto("/clinical-performance/audit/import/")
    accessible(page, "import page")
    page.select_option("#id_organisation", str(world["trust"].pk))
    page.check("input[name=shape][value=adastra]")
    page.locator("input[type=file]").set_input_files(files=[{"name": "adastra.csv", "mimeType": "text/csv", "buffer": (
        "Case No,Clinician Registration,Clinician Role,Consultation Start,Service,Case Type,Outcome\n"
        f"AD-1001,{registration},GP,02/04/2026 19:30,Out of hours,Home Visit,Admitted\n").encode()}])
    page.get_by_role("button", name="Check and import").click()
    expect(page.get_by_text("1 consultation imported").first).to_be_visible()

    page.goto("/clinical-performance/audit/rounds/new/")
    accessible(page, "new round")
    page.select_option("#id_organisation", str(world["trust"].pk))
    page.get_by_label("Name of the round").fill("Quarter 1 2026 to 2027")
    page.get_by_label("First day of the period").fill("2026-04-01")
    page.check("input[name=sampling_method][value=per_clinician]")
    page.fill("#id_per_clinician", "1")
    page.get_by_role("button", name="Create the round").click()
    page.get_by_label("Seed (optional)").fill("20260401")
    page.get_by_role("button", name="Draw the sample").click()
    expect(page.get_by_text("Sample drawn and shared").first).to_be_visible()
    expect(page.get_by_text("20260401").first).to_be_visible()
    accessible(page, "round page")
    audit_round = AuditRound.objects.get()
    case = audit_round.cases.filter(clinician=world["first"]).select_related("consultation", "auditor").first()
    reference = case.consultation.case_reference

    # First screen by the assigned auditor: refer to the panel.
    as_user(page, case.auditor.username)
    page.goto("/clinical-performance/audit/queue/")
    accessible(page, "auditor's queue")
    page.get_by_role("link", name=f"Screen (case {reference})").click()
    accessible(page, "screen form")
    page.check("input[name=outcome][value=refer]")
    page.get_by_role("button", name="Save the screen").click()
    expect(page.get_by_role("alert").get_by_text("There is a problem")).to_be_visible()
    accessible(page, "screen form with errors")
    page.check("input[name=criterion_red_flags][value=non_compliant]")
    page.check("input[name=outcome][value=refer]")
    page.get_by_label("Comment for the panel").fill("Red flags for chest pain not asked about.")
    page.get_by_role("button", name="Save the screen").click()
    expect(page.get_by_text(f"Case {reference} screened").first).to_be_visible()

    # Release is refused before the panel is quorate.
    as_user(page, "lead")
    page.goto(f"/clinical-performance/audit/cases/{case.pk}/release/")
    accessible(page, "release page")
    page.get_by_label("Feedback for the clinician").fill("Please ask about red flags every time.")
    page.get_by_role("button", name="Release the feedback").click()
    expect(page.get_by_text("only after a panel of at least 3 auditors has reviewed it (0 so far)").first).to_be_visible()

    # The panel: three distinct auditors.
    for number, username in enumerate(("auditor1", "auditor2", "auditor3"), start=1):
        as_user(page, username)
        page.goto("/clinical-performance/audit/queue/")
        page.get_by_role("link", name=f"Panel review (case {reference})").click()
        if number == 1:
            accessible(page, "panel form")
        rate_all(page, "partially_compliant")
        page.check("input[name=decision][value=concerns_confirmed]")
        page.get_by_role("button", name="Save my review").click()
        expect(page.get_by_text(f"Your panel review of case {reference} is saved").first).to_be_visible()
    case.refresh_from_db()
    assert case.status == CaseStatus.PANEL_REVIEWED

    as_user(page, "lead")
    page.goto(f"/clinical-performance/audit/cases/{case.pk}/release/")
    page.get_by_label("Feedback for the clinician").fill("Please ask about red flags every time.")
    page.get_by_role("button", name="Release the feedback").click()
    expect(page.get_by_text(f"Feedback on case {reference} released").first).to_be_visible()

    # The clinician reads it and reflects.
    as_user(page, "clinician")
    page.goto("/clinical-performance/my-audits/")
    accessible(page, "my audits")
    page.get_by_role("link", name=reference).click()
    expect(page.get_by_text("Please ask about red flags every time.").first).to_be_visible()
    accessible(page, "my audit")
    page.get_by_label("Your reflection").fill("I now use a red-flag checklist on every chest pain call.")
    page.get_by_role("button", name="Save my reflection").click()
    expect(page.get_by_text("Your reflection is saved").first).to_be_visible()
    case = AuditCase.objects.get(pk=case.pk)
    assert case.reflection.startswith("I now use")
    assert page.csp_violations == []
