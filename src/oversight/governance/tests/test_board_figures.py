"""Safety and complaints figures for the board report, judged as at the end of a period."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from oversight.audit.context import acting_as, system_actor
from oversight.audit.testing import create_record, update_record
from oversight.governance.board_figures import safety_figures
from oversight.governance.models import ActionStatus, DutyOfCandourNotification, IncidentStep
from oversight.governance.models.incidents import IncidentStatus as S

from .factories import ActionFactory, ComplaintFactory, ConcernFactory, IncidentFactory

pytestmark = pytest.mark.django_db
MARCH = (date(2025, 3, 1), date(2025, 3, 31))


def at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


@pytest.fixture(autouse=True)
def actor():
    with acting_as(system_actor("tests")):
        yield


def incident(org, day, **fields):
    return IncidentFactory(organisation=org, reported_at=at(day), occurred_on=day, **fields)


def test_harm_counts_cover_the_trust_and_its_sites_and_only_the_period(tree):
    incident(tree["trust_a"], date(2025, 3, 3), physical_harm="low")
    incident(tree["trust_a"], date(2025, 3, 30), physical_harm="moderate", site=tree["site_a"])
    incident(tree["trust_a"], date(2025, 2, 28), physical_harm="low")  # before the period
    incident(tree["trust_b"], date(2025, 3, 5), physical_harm="low")  # another trust
    figures = safety_figures(tree["trust_a"], *MARCH)
    harm = {row.code: (row.count, row.share) for row in figures.harm}
    assert figures.incidents_reported == 2
    assert harm["low"] == (1, 0.5) and harm["moderate"] == (1, 0.5) and harm["severe"] == (0, 0.0)
    assert next(iter(harm)) == "none"  # the reference order, zero rows included
    assert safety_figures(tree["region"], *MARCH).incidents_reported == 3  # Trust A and Trust B
    assert safety_figures(tree["trust_c"], *MARCH).has_records is False
    incident(tree["trust_c"], date(2025, 4, 2))  # a first record after March leaves March's report unchanged
    assert safety_figures(tree["trust_c"], *MARCH).has_records is False
    assert safety_figures(tree["trust_c"], date(2025, 4, 1), date(2025, 4, 30)).has_records is True


def test_learning_responses_chosen_completed_and_under_way_from_the_steps(tree):
    trust = tree["trust_a"]
    chosen_in_feb = incident(trust, date(2025, 2, 3), learning_response="psii")
    create_record(IncidentStep(incident=chosen_in_feb, action=S.RESPONSE_CHOSEN, recorded_at=at(date(2025, 2, 10)),
                               recorded_by_label="t"))
    finished = incident(trust, date(2025, 3, 2), learning_response="after_action_review")
    create_record(IncidentStep(incident=finished, action=S.RESPONSE_CHOSEN, recorded_at=at(date(2025, 3, 4)), recorded_by_label="t"))
    create_record(IncidentStep(incident=finished, action=S.LEARNING_SHARED, recorded_at=at(date(2025, 3, 20)), recorded_by_label="t"))
    later = incident(trust, date(2025, 3, 25), learning_response="psii")
    create_record(IncidentStep(incident=later, action=S.RESPONSE_CHOSEN, recorded_at=at(date(2025, 4, 2)), recorded_by_label="t"))
    rows = {row.code: (row.chosen, row.completed, row.under_way_at_end) for row in safety_figures(trust, *MARCH).learning}
    assert rows["psii"] == (0, 0, 1)  # chosen in February, still under way; April's choice not yet made
    assert rows["after_action_review"] == (1, 1, 0)


def test_never_events_are_listed_without_free_text(tree):
    event = incident(tree["trust_a"], date(2025, 3, 9), physical_harm="severe", never_event="NE01")
    incident(tree["trust_a"], date(2025, 3, 9), physical_harm="severe")
    (row,) = safety_figures(tree["trust_a"], *MARCH).never_events
    assert row.reference == event.reference and row.reported_on == date(2025, 3, 9)
    assert row.harm_label == "Severe physical harm" and row.learning_response_label == "Not yet chosen"
    assert event.description not in repr(row) and event.patient_name not in repr(row)


def test_duty_of_candour_in_time_late_and_outstanding_as_at_the_end(tree):
    trust = tree["trust_a"]
    trackers = []
    for _ in range(3):
        case = incident(trust, date(2025, 3, 3), physical_harm="moderate")
        tracker = DutyOfCandourNotification.objects.get(incident=case)
        tracker.awareness_date = date(2025, 3, 3)
        update_record(tracker)
        trackers.append(tracker)
    due = trackers[0].notification_due()
    assert MARCH[0] <= due < MARCH[1]
    trackers[0].notified_on = due
    trackers[1].notified_on = date(2025, 3, 31)
    update_record(trackers[0]), update_record(trackers[1])
    (notification, _written) = safety_figures(trust, *MARCH).candour
    assert (notification.due, notification.in_time, notification.late, notification.overdue_outstanding) == (3, 1, 1, 1)
    assert notification.compliance == pytest.approx(1 / 3)
    trackers[2].notified_on = date(2025, 4, 2)  # done later: March's figure does not change
    update_record(trackers[2])
    assert safety_figures(trust, *MARCH).candour[0] == notification


def test_complaints_timeliness_and_open_past_due(tree):
    trust = tree["trust_a"]
    on_time = ComplaintFactory(organisation=trust, received_on=date(2025, 3, 3), events_on=date(2025, 2, 1))
    on_time.acknowledged_on = on_time.acknowledgement_due()
    update_record(on_time)
    ComplaintFactory(organisation=trust, received_on=date(2025, 3, 4), events_on=date(2025, 2, 1))  # never acknowledged
    old = ComplaintFactory(organisation=trust, received_on=date(2024, 9, 10), events_on=date(2024, 7, 1))
    assert MARCH[0] <= old.response_due() <= MARCH[1]
    figures = safety_figures(trust, *MARCH).complaints
    assert figures.received == 2
    assert (figures.acknowledgements.due, figures.acknowledgements.in_time, figures.acknowledgements.overdue_outstanding) == (2, 1, 1)
    assert (figures.responses.due, figures.responses.overdue_outstanding) == (1, 1)
    assert figures.open_past_response_due_at_end == 1


def test_a_deadline_on_the_last_day_met_later_is_not_in_that_months_figures(tree):
    from oversight.governance.metrics import monthly_metrics

    trust = tree["trust_a"]
    complaint = ComplaintFactory(organisation=trust, received_on=date(2025, 3, 26), events_on=date(2025, 2, 1))
    assert complaint.acknowledgement_due() == MARCH[1]
    complaint.acknowledged_on = date(2025, 4, 1)  # after the month: still open as March ended
    update_record(complaint)

    def acknowledged_in_march():
        frame = monthly_metrics([trust.ods_code], *MARCH, today=MARCH[1])
        row = frame[frame["metric"] == "gov_complaints_acknowledged_in_time"]
        return None if row.empty or row.iloc[0]["denominator"] == 0 else (row.iloc[0]["numerator"], row.iloc[0]["denominator"])

    assert acknowledged_in_march() is None  # due on the last day and open then: not yet judged
    assert safety_figures(trust, *MARCH).complaints.acknowledgements.due == 0  # the safety table agrees


def test_overdue_high_risk_actions_and_the_setting(tree, settings):
    trust = tree["trust_a"]
    never = incident(trust, date(2025, 1, 6), physical_harm="severe", never_event="NE01")
    harmed = incident(trust, date(2025, 1, 6), physical_harm="moderate")
    minor = incident(trust, date(2025, 1, 6), physical_harm="low")
    overdue = ActionFactory(incident=never, due_on=date(2025, 3, 1), description="Re-audit the checklist")
    ActionFactory(incident=harmed, due_on=date(2025, 3, 10))
    ActionFactory(incident=never, due_on=date(2025, 3, 1), status=ActionStatus.COMPLETED, completed_on=date(2025, 3, 5))
    ActionFactory(incident=never, due_on=date(2025, 4, 30))  # not yet due
    ActionFactory(incident=minor, due_on=date(2025, 3, 1))  # not high-risk
    concern = ConcernFactory(clinician__organisation=trust)
    ActionFactory(incident=None, concern=concern, organisation=trust, due_on=date(2025, 3, 1))  # confidential
    rows = safety_figures(trust, *MARCH).overdue_actions
    assert [(r.case_reference, r.reason, r.days_overdue) for r in rows] == [
        (never.reference, "Never Event", 30), (harmed.reference, "Moderate or greater harm", 21)]
    assert rows[0].description == overdue.description and rows[0].owner_name == overdue.owner.display_name
    settings.OVERSIGHT_HIGH_RISK_ACTIONS = ("never_event",)
    assert [r.case_reference for r in safety_figures(trust, *MARCH).overdue_actions] == [never.reference]
    settings.OVERSIGHT_HIGH_RISK_ACTIONS = ("serious",)
    with pytest.raises(ValueError, match="unknown reason"):
        safety_figures(trust, *MARCH)


def test_first_record_month_is_the_earliest_incident_or_complaint(tree):
    from oversight.governance.board_figures import first_record_month

    assert first_record_month(tree["trust_a"]) is None
    incident(tree["trust_a"], date(2025, 3, 9), site=tree["site_a"])
    ComplaintFactory(organisation=tree["trust_a"], received_on=date(2025, 2, 20), events_on=date(2025, 2, 1))
    assert first_record_month(tree["trust_a"]) == date(2025, 2, 1)
    assert first_record_month(tree["region"]) == date(2025, 2, 1) and first_record_month(tree["trust_c"]) is None
