"""The incident workflow under PSIRF, the PSII rule and the Duty of Candour tracker."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from oversight.audit.models import AuditEntry
from oversight.audit.testing import update_record

from ..models import DutyOfCandourNotification, IncidentStatus, SharedLearning
from ..services import candour, incidents
from .factories import IncidentFactory

pytestmark = pytest.mark.django_db


def report(tree, user=None, **overrides):
    fields = {
        "event_type": "incident", "occurred_on": timezone.localdate() - timedelta(days=1),
        "description": "Wrong knee prepared for arthroscopy; stopped at the time out.",
        "physical_harm": "none", "psychological_harm": "none",
    }
    fields.update(overrides)
    return incidents.report_incident(place=tree["site_a"], user=user, **fields)


def test_a_report_at_a_site_belongs_to_its_trust_and_records_the_first_step(tree, as_lead):
    incident = report(tree, as_lead)
    assert incident.organisation == tree["trust_a"] and incident.site == tree["site_a"]
    assert incident.reference.startswith("INC-")
    assert [s.action for s in incident.steps.all()] == ["reported"]
    assert incident.steps.get().recorded_by_label == as_lead.display_name


def test_walk_from_reported_to_closed(tree, as_lead):
    incident = report(tree, as_lead)
    incidents.review(incident, as_lead, note="Confirmed near miss", physical_harm="none")
    incidents.choose_learning_response(incident, as_lead, "after_action_review", note="AAR with the theatre team")
    incidents.start_response(incident, as_lead)
    learning = incidents.share_learning(incident, as_lead, title="Time out works", summary="The WHO checklist stopped it.")
    incidents.close(incident, as_lead, note="Done")
    assert incident.status == IncidentStatus.CLOSED and incident.closed_at
    assert [s.action for s in incident.steps.order_by("recorded_at")] == [
        "reported", "reviewed", "response_chosen", "response_under_way", "learning_shared", "closed"]
    assert SharedLearning.objects.get() == learning


def test_steps_cannot_be_skipped(tree, as_lead):
    incident = report(tree, as_lead)
    with pytest.raises(ValidationError, match="can move to reviewed"):
        incidents.choose_learning_response(incident, as_lead, "swarm_huddle")


@pytest.mark.parametrize("flags", [{"never_event": "NE01"}, {"death_due_to_problems_in_care": True, "physical_harm": "fatal"}])
def test_a_never_event_or_avoidable_death_requires_a_psii_and_refuses_anything_else(tree, as_lead, flags):
    incident = report(tree, as_lead, **flags)
    assert incident.requires_psii
    incidents.review(incident, as_lead)
    with pytest.raises(ValidationError) as error:
        incidents.choose_learning_response(incident, as_lead, "after_action_review")
    assert "requires a patient safety incident investigation (PSII)" in str(error.value)
    assert "learning_response" in error.value.message_dict
    incidents.choose_learning_response(incident, as_lead, "psii")
    assert incident.learning_response == "psii"


def test_the_psii_flag_is_worked_out_whenever_an_incident_is_saved(tree, as_lead):
    incident = IncidentFactory(organisation=tree["trust_a"], never_event="NE16")
    assert incident.requires_psii  # active in the packaged list
    incident.never_event = ""
    update_record(incident)
    assert not incident.requires_psii


def test_no_further_response_goes_straight_to_closed(tree, as_lead):
    incident = report(tree, as_lead)
    incidents.review(incident, as_lead)
    incidents.choose_learning_response(incident, as_lead, "no_further_response")
    assert incidents.next_steps(incident) == [IncidentStatus.CLOSED]
    incidents.close(incident, as_lead)


def test_moderate_harm_opens_a_duty_of_candour_tracker_with_a_10_working_day_clock(tree, as_lead):
    incident = report(tree, as_lead, physical_harm="moderate")
    tracker = incident.candour
    assert incident.is_notifiable
    assert tracker.awareness_date == timezone.localdate()
    tracker.awareness_date = date(2024, 5, 3)  # Friday before the early May bank holiday
    assert tracker.notification_due() == date(2024, 5, 20)


def test_prolonged_psychological_harm_is_notifiable(tree, as_lead):
    incident = report(tree, as_lead, psychological_harm="low", prolonged_psychological_harm=True)
    assert incident.is_notifiable and DutyOfCandourNotification.objects.filter(incident=incident).exists()
    short = report(tree, as_lead, psychological_harm="low", prolonged_psychological_harm=False)
    assert not short.is_notifiable and not DutyOfCandourNotification.objects.filter(incident=short).exists()


def test_review_that_raises_the_harm_opens_the_tracker(tree, as_lead):
    incident = report(tree, as_lead)
    assert not DutyOfCandourNotification.objects.filter(incident=incident).exists()
    incidents.review(incident, as_lead, physical_harm="severe")
    assert DutyOfCandourNotification.objects.filter(incident=incident).exists()


def test_candour_steps_in_order_and_closing_needs_them(tree, as_lead):
    incident = report(tree, as_lead, physical_harm="moderate", occurred_on=timezone.localdate() - timedelta(days=20))
    tracker = incident.candour
    with pytest.raises(ValidationError, match="in-person notification first"):
        candour.record_written_follow_up(tracker, as_lead, sent_on=timezone.localdate())
    with pytest.raises(ValidationError, match="apology"):
        candour.record_notification(tracker, as_lead, notified_on=timezone.localdate(), relevant_person="patient",
                                    notified_by="Dr A", apology_given=False)
    with pytest.raises(ValidationError, match="today or in the past"):
        candour.record_notification(tracker, as_lead, notified_on=timezone.localdate() + timedelta(days=1),
                                    relevant_person="patient", notified_by="Dr A", apology_given=True)
    candour.record_notification(tracker, as_lead, notified_on=timezone.localdate(), relevant_person="patient",
                                notified_by="Dr A", apology_given=True)
    incidents.review(incident, as_lead)
    incidents.choose_learning_response(incident, as_lead, "no_further_response")
    with pytest.raises(ValidationError, match="Complete the Duty of Candour"):
        incidents.close(incident, as_lead)
    candour.record_written_follow_up(tracker, as_lead, sent_on=timezone.localdate())
    candour.record_outcome_letter(tracker, as_lead, sent_on=timezone.localdate())
    assert tracker.is_complete
    incidents.close(incident, as_lead)
    assert tracker.notification_clock(timezone.localdate()).status == "met"


def test_patient_details_never_reach_the_audit_trail(tree, as_lead):
    incident = report(tree, as_lead, patient_nhs_number="9434765919", patient_name="Jane Patient")
    entry = AuditEntry.objects.filter(object_id=str(incident.pk), action="create").get()
    assert entry.changes["patient_nhs_number"] == "[changed]"
    assert "Jane Patient" not in str(entry.changes) and "9434765919" not in str(entry.changes)
    assert entry.organisation_code == "TRA"


def test_dates_in_the_future_or_out_of_order_are_refused(tree, as_lead):
    with pytest.raises(ValidationError, match="today or in the past"):
        report(tree, as_lead, occurred_on=timezone.localdate() + timedelta(days=1))
