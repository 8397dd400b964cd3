"""Appraisal's rules without pages: the appraisal year, the AOA-style categories at their edges, a doctor's
appraisal state, the conflict-of-interest rules, feedback once per cycle, and the rule file's checks."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from oversight.accounts.roles import Role
from oversight.audit.testing import update_record
from oversight.organisations.tests.factories import OrganisationFactory
from oversight.testing.factories import user_with_role
from oversight.workforce.tests.factories import DoctorFactory

from ..appraisals import (
    appraisal_state,
    appraisal_year_of,
    category_label,
    category_of,
    conflicts,
    cycle_feedback,
    meeting_window,
    standards_window,
    supporting_information,
    year_bounds,
)
from ..configuration import AppraisalRulesError, appraisal_rules, read_appraisal_rules
from .factories import AppraisalFactory


def appraisal(year=2025, due=date(2025, 10, 1), meeting=None, signed=None, approved=False, **extra):
    fields = {"si_cpd": False, "si_quality_improvement": False, "si_significant_events": False,
              "colleague_feedback_on": None, "patient_feedback_on": None, "si_complaints_and_compliments": False}
    return SimpleNamespace(appraisal_year=year, due_on=due, meeting_on=meeting, signed_off_on=signed,
                           missed_approved=approved, year_label=f"{year}/{(year + 1) % 100:02d}", **{**fields, **extra})


# ----------------------------------------------------------------------------- the year ----


@pytest.mark.parametrize(("day", "year"), [(date(2025, 4, 1), 2025), (date(2026, 3, 31), 2025), (date(2025, 3, 31), 2024),
                                           (date(2025, 12, 31), 2025), (date(2026, 1, 1), 2025)])
def test_the_appraisal_year_runs_april_to_march(day, year):
    assert appraisal_year_of(day) == year


def test_year_bounds():
    assert year_bounds(2025) == (date(2025, 4, 1), date(2026, 3, 31))


# ------------------------------------------------------------------------------ categories ----


def test_1a_meeting_within_three_months_before_the_due_date_and_signed_off_within_28_days():
    # Due October 2025: the due date is 31 October; the standards allow a meeting from 31 July.
    assert standards_window(appraisal()) == (date(2025, 7, 31), date(2025, 10, 31))
    assert category_of(appraisal(meeting=date(2025, 7, 31), signed=date(2025, 8, 28)), today=date(2025, 9, 1)) == "1a"
    assert category_of(appraisal(meeting=date(2025, 10, 31), signed=date(2025, 11, 28)), today=date(2026, 1, 1)) == "1a"


@pytest.mark.parametrize(("meeting", "signed"), [
    (date(2025, 7, 30), date(2025, 8, 1)),    # a day too early for the standard
    (date(2025, 11, 1), date(2025, 11, 2)),   # after the due date
    (date(2025, 9, 1), date(2025, 9, 30)),    # signed off 29 days after the meeting
])
def test_1b_completed_outside_the_time_standards(meeting, signed):
    assert category_of(appraisal(meeting=meeting, signed=signed), today=date(2026, 1, 5)) == "1b"


def test_2_approved_missed_and_3_unapproved():
    assert category_of(appraisal(approved=True), today=date(2025, 6, 1)) == "2"
    # No meeting by the due date: 3, even with the year still running.
    assert category_of(appraisal(), today=date(2025, 11, 1)) == "3"
    assert category_of(appraisal(), today=date(2025, 10, 31)) is None  # the due date itself: not yet missed
    # A meeting but no sign-off when the year ends: incomplete, 3.
    assert category_of(appraisal(meeting=date(2025, 10, 10)), today=date(2026, 3, 31)) is None
    assert category_of(appraisal(meeting=date(2025, 10, 10)), today=date(2026, 4, 1)) == "3"


def test_not_yet_due_has_no_category_and_labels_are_plain_english():
    assert category_of(appraisal(), today=date(2025, 5, 1)) is None
    assert category_label("1a") == "Completed within the time standards"
    assert category_label("3") == "Missed, not approved"
    assert appraisal_rules().categories_confidence == "unconfirmed"


def test_the_standards_come_from_the_rule_file():
    text = (appraisal_rules_text().replace("sign_off_days = 28", "sign_off_days = 40")
            .replace("meeting_months_before_due = 3", "meeting_months_before_due = 1"))
    rules = read_appraisal_rules(text)
    late_sign_off = appraisal(meeting=date(2025, 10, 1), signed=date(2025, 11, 5))
    assert category_of(late_sign_off, rules, today=date(2026, 1, 1)) == "1a"
    assert category_of(late_sign_off, today=date(2026, 1, 1)) == "1b"
    early = appraisal(meeting=date(2025, 8, 15), signed=date(2025, 8, 20))
    assert category_of(early, rules, today=date(2026, 1, 1)) == "1b"


def appraisal_rules_text() -> str:
    from ..configuration import APPRAISAL_FILE

    return APPRAISAL_FILE.read_text(encoding="utf-8")


def test_a_bad_rule_file_is_refused_naming_the_key():
    with pytest.raises(AppraisalRulesError, match="sign_off_days"):
        read_appraisal_rules(appraisal_rules_text().replace("sign_off_days = 28", "sign_off_days = -1"))
    with pytest.raises(AppraisalRulesError, match="unknown"):
        read_appraisal_rules(appraisal_rules_text().replace("line_manager = true", "line_manger = true"))
    with pytest.raises(AppraisalRulesError, match="due_date"):
        read_appraisal_rules(appraisal_rules_text().replace('due_date = "month_end"', 'due_date = "end"'))


def test_meeting_window_reaches_back_to_the_standard_for_an_early_due_month():
    early = appraisal(due=date(2025, 5, 1))
    assert meeting_window(early) == (date(2025, 2, 28), date(2026, 3, 31))
    assert meeting_window(appraisal()) == (date(2025, 4, 1), date(2026, 3, 31))


# ----------------------------------------------------------------------------- the state ----


def test_state_not_due_due_overdue_done_and_approved():
    assert appraisal_state([appraisal()], date(2025, 7, 1)).status == "not_due"
    state = appraisal_state([appraisal()], date(2025, 8, 2))  # 60 days before 1 October
    assert (state.status, state.due_on, state.label) == ("due", date(2025, 10, 1), "Appraisal 2025/26 due")
    assert appraisal_state([appraisal()], date(2025, 11, 1)).status == "overdue"
    done = appraisal_state([appraisal(meeting=date(2025, 9, 1), signed=date(2025, 9, 10))], date(2025, 11, 1))
    assert done.status == "done" and "1a" in done.label
    assert appraisal_state([appraisal(approved=True)], date(2025, 11, 1)).status == "approved_missed"


def test_state_a_missed_past_year_is_superseded_by_a_later_completed_one():
    missed = appraisal(year=2024, due=date(2024, 10, 1))
    done = appraisal(meeting=date(2025, 9, 1), signed=date(2025, 9, 10))
    assert appraisal_state([missed], date(2025, 5, 1)).status == "overdue"
    assert appraisal_state([missed, done], date(2025, 11, 1)).status == "done"


def test_state_expects_an_unscheduled_year_in_the_latest_due_month():
    last_year = appraisal(year=2024, due=date(2024, 10, 1), meeting=date(2024, 9, 1), signed=date(2024, 9, 5))
    state = appraisal_state([last_year], date(2025, 11, 15))
    assert (state.status, state.due_on) == ("overdue", date(2025, 10, 1))
    assert "not scheduled" in state.label
    assert appraisal_state([last_year], date(2025, 5, 1)).status == "not_due"
    assert appraisal_state([], date(2025, 5, 1)).label == "No appraisal scheduled"


def test_state_next_year_due_soon_after_this_year_is_done():
    done = appraisal(meeting=date(2025, 4, 20), signed=date(2025, 4, 25), due=date(2025, 4, 1))
    next_year = appraisal(year=2026, due=date(2026, 4, 1))
    assert appraisal_state([done, next_year], date(2026, 3, 1)).status == "due"
    assert appraisal_state([done, next_year], date(2025, 12, 1)).status == "done"


# -------------------------------------------------------------------------- supporting info ----


def test_supporting_information_checklist_has_the_six_types():
    items = supporting_information(appraisal(si_cpd=True, colleague_feedback_on=date(2025, 6, 1)))
    assert len(items) == 6
    assert [i.present for i in items] == [True, False, False, True, False, False]
    assert items[3].on == date(2025, 6, 1)


def test_cycle_feedback_counts_only_dates_within_the_cycle():
    old = appraisal(year=2020, colleague_feedback_on=date(2020, 6, 1), patient_feedback_on=date(2020, 6, 1))
    recent = appraisal(year=2024, colleague_feedback_on=date(2024, 6, 1))
    feedback = cycle_feedback(None, date(2022, 3, 1), date(2027, 3, 1), appraisals=[old, recent])
    assert feedback.colleague_met and not feedback.patient_met and not feedback.met
    assert feedback.missing == ["Patient feedback"]
    assert cycle_feedback(None, None, date(2027, 3, 1), appraisals=[old, recent]).met


# ------------------------------------------------------------------------------ conflicts ----


@pytest.fixture
def people(db):
    trust = OrganisationFactory()
    appraiser = user_with_role(Role.APPRAISER, trust, username="appraiser-x")
    doctor_user = user_with_role(Role.APPRAISER, trust, username="doctor-x")
    doctor = DoctorFactory(organisation=trust, user=doctor_user)
    return {"trust": trust, "appraiser": appraiser, "doctor": doctor, "doctor_user": doctor_user}


def test_no_conflict(people):
    assert conflicts(people["doctor"], people["appraiser"], 2025) == []


def test_self_appraisal_and_line_manager(people):
    doctor = people["doctor"]
    assert conflicts(doctor, people["doctor_user"], 2025)[0].startswith("Self-appraisal")
    doctor.line_manager = people["appraiser"]
    update_record(doctor)
    found = conflicts(doctor, people["appraiser"], 2025)
    assert len(found) == 1 and found[0].startswith("Line manager")


def test_reciprocal_in_the_same_or_previous_year(people):
    appraiser_record = DoctorFactory(organisation=people["trust"], user=people["appraiser"])
    AppraisalFactory(clinician=appraiser_record, appraisal_year=2024, due_on=date(2024, 10, 1), appraiser=people["doctor_user"])
    found = conflicts(people["doctor"], people["appraiser"], 2025)
    assert found and found[0].startswith("Reciprocal appraisal") and "2024/25" in found[0]
    assert conflicts(people["doctor"], people["appraiser"], 2026) == []  # two years on: allowed


def test_reciprocal_by_the_current_allocation(people):
    appraiser_record = DoctorFactory(organisation=people["trust"], user=people["appraiser"], appraiser=people["doctor_user"])
    assert appraiser_record.appraiser_id == people["doctor_user"].pk
    assert conflicts(people["doctor"], people["appraiser"], 2025)[0].startswith("Reciprocal appraisal")


def test_at_most_three_consecutive_years_with_the_same_appraiser(people):
    doctor, appraiser = people["doctor"], people["appraiser"]
    for year in (2022, 2023):
        AppraisalFactory(clinician=doctor, appraisal_year=year, due_on=date(year, 10, 1), appraiser=appraiser)
    assert conflicts(doctor, appraiser, 2024) == []  # the third year is allowed
    AppraisalFactory(clinician=doctor, appraisal_year=2024, due_on=date(2024, 10, 1), appraiser=appraiser)
    found = conflicts(doctor, appraiser, 2025)
    assert len(found) == 1 and found[0].startswith("Consecutive years") and "2022/23 to 2024/25" in found[0]
    # A gap breaks the run.
    assert conflicts(doctor, appraiser, 2026) == []


def test_conflict_rules_can_be_switched_off(people):
    doctor = people["doctor"]
    doctor.line_manager = people["appraiser"]
    update_record(doctor)
    rules = read_appraisal_rules(appraisal_rules_text().replace("line_manager = true", "line_manager = false"))
    assert conflicts(doctor, people["appraiser"], 2025, rules) == []


def test_the_rule_file_agrees_with_the_reference_data_and_the_deadline_policy():
    """appraisal.toml is what the code applies; the AOA reference data and the deadlines engine say the same."""
    from oversight.deadlines import default_policy
    from oversight.reference import load

    rules = appraisal_rules()
    aoa = load("aoa_appraisal_categories")
    assert aoa.codes == ("1a", "1b", "2", "3")
    assert aoa["1a"]["meeting_window_months"] == rules.meeting_months_before_due
    assert aoa["1a"]["sign_off_days"] == rules.sign_off_days
    assert default_policy().rules["medical_appraisal"].due_soon_within == rules.due_soon_days
