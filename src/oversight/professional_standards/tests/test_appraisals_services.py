"""Appraisal's services: each refusal names its field and saves nothing; each write is in the audit trail."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from oversight.accounts.roles import Role
from oversight.audit.context import Actor, acting_as
from oversight.audit.models import AuditAction, AuditEntry
from oversight.audit.testing import update_record
from oversight.organisations.tests.factories import OrganisationFactory
from oversight.testing.factories import user_with_role
from oversight.workforce.tests.factories import ClinicianFactory, DoctorFactory

from ..appraisals import appraisal_year_of
from ..models import Appraisal
from ..services import appraisals as service
from .factories import AppraisalFactory

THIS_YEAR = appraisal_year_of(timezone.localdate())


def field_errors(excinfo) -> dict:
    return excinfo.value.message_dict


@pytest.fixture
def world(db):
    trust = OrganisationFactory()
    ro = user_with_role(Role.RESPONSIBLE_OFFICER, trust, username="ro-s")
    appraiser = user_with_role(Role.APPRAISER, trust, username="appraiser-s")
    doctor = DoctorFactory(organisation=trust)
    with acting_as(Actor(user=ro)):
        yield {"trust": trust, "ro": ro, "appraiser": appraiser, "doctor": doctor}


def test_schedule_sets_the_due_month_within_the_year(world):
    appraisal = service.schedule_appraisal(world["doctor"], 2025, date(2025, 10, 17), world["ro"])
    assert appraisal.due_on == date(2025, 10, 1)
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, object_type="professional_standards.Appraisal").exists()
    with pytest.raises(ValidationError) as excinfo:
        service.schedule_appraisal(world["doctor"], 2025, date(2026, 4, 1), world["ro"])
    assert "2025/26" in field_errors(excinfo)["due_on"][0]


def test_schedule_refuses_a_nurse(world):
    nurse = ClinicianFactory(organisation=world["trust"], profession="nurse", registration_number="12A3456E")
    with pytest.raises(ValidationError) as excinfo:
        service.schedule_appraisal(nurse, 2025, date(2025, 10, 1), world["ro"])
    assert "clinician" in field_errors(excinfo)


def test_allocate_sets_the_appraisal_and_the_doctors_appraiser(world):
    doctor = world["doctor"]
    appraisal = service.allocate_appraiser(doctor, world["appraiser"], THIS_YEAR, world["ro"], conflict_note="Same department",
                                           due_on=date(THIS_YEAR, 9, 1))
    assert appraisal.appraiser == world["appraiser"] and appraisal.conflict_of_interest_note == "Same department"
    doctor.refresh_from_db()
    assert doctor.appraiser == world["appraiser"]
    entry = AuditEntry.objects.filter(action=AuditAction.UPDATE, object_type="workforce.Clinician").latest("sequence")
    assert "appraiser" in entry.changes


def test_allocate_for_a_past_year_leaves_the_current_appraiser(world):
    doctor = world["doctor"]
    service.allocate_appraiser(doctor, world["appraiser"], THIS_YEAR - 2, world["ro"], due_on=date(THIS_YEAR - 2, 9, 1))
    doctor.refresh_from_db()
    assert doctor.appraiser is None


def test_allocate_refuses_a_conflict_naming_the_rule_and_saves_nothing(world):
    doctor = world["doctor"]
    doctor.line_manager = world["appraiser"]
    update_record(doctor)
    with pytest.raises(ValidationError) as excinfo:
        service.allocate_appraiser(doctor, world["appraiser"], THIS_YEAR, world["ro"], due_on=date(THIS_YEAR, 9, 1))
    assert field_errors(excinfo)["appraiser"][0].startswith("Line manager")
    assert not Appraisal.objects.filter(clinician=doctor).exists()
    doctor.refresh_from_db()
    assert doctor.appraiser is None


def test_allocate_refuses_someone_without_the_appraiser_role(world):
    stranger = user_with_role(Role.ANALYST, world["trust"], username="analyst-s")
    with pytest.raises(ValidationError) as excinfo:
        service.allocate_appraiser(world["doctor"], stranger, THIS_YEAR, world["ro"], due_on=date(THIS_YEAR, 9, 1))
    assert "appraiser role" in field_errors(excinfo)["appraiser"][0]


def test_allocate_needs_a_due_month_for_a_first_appraisal_and_takes_the_last_years_otherwise(world):
    with pytest.raises(ValidationError) as excinfo:
        service.allocate_appraiser(world["doctor"], world["appraiser"], THIS_YEAR, world["ro"])
    assert "due_on" in field_errors(excinfo)
    AppraisalFactory(clinician=world["doctor"], appraisal_year=THIS_YEAR - 1, due_on=date(THIS_YEAR - 1, 11, 1))
    appraisal = service.allocate_appraiser(world["doctor"], world["appraiser"], THIS_YEAR, world["ro"])
    assert appraisal.due_on == date(THIS_YEAR, 11, 1)


def _appraisal(world, **extra):
    return AppraisalFactory(clinician=world["doctor"], appraisal_year=2024, due_on=date(2024, 10, 1), **extra)


def test_record_meeting_and_sign_off(world):
    appraisal = service.record_appraisal(_appraisal(world), world["ro"], meeting_on=date(2024, 9, 10),
                                         signed_off_on=date(2024, 9, 20), outputs="Outputs agreed.", pdp_agreed=True,
                                         si_cpd=True, colleague_feedback_on=date(2024, 6, 1), declared_issues=False,
                                         on_track=True)
    appraisal.refresh_from_db()
    assert appraisal.signed_off_on == date(2024, 9, 20) and appraisal.pdp_agreed and appraisal.on_track
    entry = AuditEntry.objects.filter(action=AuditAction.UPDATE, object_type="professional_standards.Appraisal").latest("sequence")
    assert entry.changes["outputs"] != "Outputs agreed."  # redacted free text


@pytest.mark.parametrize(("data", "field", "words"), [
    ({"meeting_on": date(2024, 9, 10), "signed_off_on": date(2024, 9, 9), "outputs": "x"}, "signed_off_on", "before the meeting"),
    ({"signed_off_on": date(2024, 9, 9), "outputs": "x"}, "signed_off_on", "Record the meeting date"),
    ({"meeting_on": date(2024, 3, 1)}, "meeting_on", "between 1 April 2024 and 31 March 2025"),
    ({"meeting_on": date(2025, 4, 1)}, "meeting_on", "between"),
    ({"meeting_on": date(2024, 9, 10), "signed_off_on": date(2024, 9, 20)}, "outputs", "summary"),
])
def test_record_refuses_bad_date_orders(world, data, field, words):
    appraisal = _appraisal(world)
    with pytest.raises(ValidationError) as excinfo:
        service.record_appraisal(appraisal, world["ro"], **data)
    assert words in field_errors(excinfo)[field][0]
    appraisal.refresh_from_db()
    assert appraisal.meeting_on is None and appraisal.signed_off_on is None


def test_record_refuses_dates_in_the_future(world):
    tomorrow = timezone.localdate() + timedelta(days=1)
    appraisal = AppraisalFactory(clinician=world["doctor"], appraisal_year=appraisal_year_of(tomorrow),
                                 due_on=tomorrow.replace(day=1))
    with pytest.raises(ValidationError) as excinfo:
        service.record_appraisal(appraisal, world["ro"], meeting_on=tomorrow, patient_feedback_on=tomorrow)
    errors = field_errors(excinfo)
    assert "today or in the past" in errors["meeting_on"][0] and "today or in the past" in errors["patient_feedback_on"][0]


def test_record_refuses_unknown_fields(world):
    with pytest.raises(ValidationError):
        service.record_appraisal(_appraisal(world), world["ro"], missed_approved=True)


def test_approve_missed_needs_a_reason_and_not_a_signed_off_appraisal(world):
    appraisal = _appraisal(world)
    with pytest.raises(ValidationError) as excinfo:
        service.approve_missed(appraisal, "", "", world["ro"])
    assert "missed_reason" in field_errors(excinfo)
    with pytest.raises(ValidationError) as excinfo:
        service.approve_missed(appraisal, "other", "", world["ro"])
    assert "missed_note" in field_errors(excinfo)
    approved = service.approve_missed(appraisal, "parental_leave", "", world["ro"])
    assert approved.missed_approved and approved.missed_approved_on == timezone.localdate()
    with pytest.raises(ValidationError) as excinfo:
        service.record_appraisal(approved, world["ro"], meeting_on=date(2024, 9, 1))
    assert "approved" in field_errors(excinfo)["meeting_on"][0]
    signed = AppraisalFactory(clinician=world["doctor"], appraisal_year=2023, due_on=date(2023, 10, 1),
                              meeting_on=date(2023, 9, 1), signed_off_on=date(2023, 9, 2), outputs="x")
    with pytest.raises(ValidationError) as excinfo:
        service.approve_missed(signed, "sickness", "", world["ro"])
    assert "not missed" in field_errors(excinfo)["missed_reason"][0]
