"""Appraisal's writers: scheduling a doctor's appraisal year and due month, allocating the appraiser (refused
on a conflict of interest, naming the rule), recording the meeting, sign-off, outputs and supporting
information, and the Responsible Officer's approval of a missed appraisal with its reason.

The rules are professional_standards/appraisals.py's (rules/appraisal.toml). Each refusal is a
ValidationError naming its field; each write goes through the Auditor inside the service's transaction, so
nothing is half saved. Who may call these (MANAGE_APPRAISAL, the doctor in scope) is the views' and API's."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from oversight.accounts.access import scope_ids
from oversight.accounts.roles import Capability as C
from oversight.audit import auditor
from oversight.workforce.models import Clinician

from .. import appraisals as rules_of
from ..models import Appraisal, MissedReason

#: What recording an appraisal may set.
RECORD_FIELDS = ("meeting_on", "signed_off_on", "outputs", "pdp_agreed", "si_cpd", "si_quality_improvement",
                 "si_significant_events", "colleague_feedback_on", "patient_feedback_on", "si_complaints_and_compliments",
                 "declared_issues", "on_track")
_TEXT = ("outputs",)
_FLAGS = ("pdp_agreed", "si_cpd", "si_quality_improvement", "si_significant_events", "si_complaints_and_compliments")


def today() -> date:
    return timezone.localdate()


def _on(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _check_doctor(doctor: Clinician) -> None:
    if not doctor.is_doctor:
        raise ValidationError({"clinician": "Appraisal and revalidation are for doctors only"})


def _check_year(year) -> int:
    if not isinstance(year, int) or not 1990 <= year <= today().year + 2:
        raise ValidationError({"appraisal_year": f"Choose an appraisal year from 1990/91 to {rules_of.year_label(today().year + 2)}"})
    return year


def _check_due_on(year: int, due_on: date | None) -> date:
    if due_on is None:
        raise ValidationError({"due_on": "Enter the month the appraisal is due"})
    due_on = due_on.replace(day=1)
    start, end = rules_of.year_bounds(year)
    if not start <= due_on <= end:
        raise ValidationError({"due_on": f"The due month must be in the appraisal year {rules_of.year_label(year)} "
                                         f"({start:%B %Y} to {end:%B %Y})"})
    return due_on


def _appraisal_of(doctor: Clinician, year: int) -> Appraisal | None:
    return Appraisal.objects.select_for_update().filter(clinician=doctor, appraisal_year=year).first()


def expected_due_on(doctor: Clinician, year: int) -> date | None:
    """The due month a new year's appraisal takes: the same month as the doctor's latest appraisal."""
    latest = Appraisal.objects.filter(clinician=doctor).exclude(appraisal_year=year).order_by("-appraisal_year").first()
    if latest is None:
        return None
    return rules_of.add_months(latest.due_on.replace(day=1), 12 * (year - latest.appraisal_year))


def _save(appraisal: Appraisal, reason: str) -> Appraisal:
    appraisal.full_clean()
    if appraisal._state.adding:
        auditor.create(appraisal, reason=reason)
    else:
        auditor.update(appraisal, reason=reason)
    return appraisal


# ------------------------------------------------------------------------------ scheduling ----


@transaction.atomic
def schedule_appraisal(doctor: Clinician, year: int, due_on: date | None, user) -> Appraisal:
    """Set the doctor's appraisal for ``year`` and the month it is due (a new record, or a changed due month).
    ``due_on`` None: the month already set, else the same month as the doctor's latest appraisal."""
    _check_doctor(doctor)
    year = _check_year(year)
    appraisal = _appraisal_of(doctor, year)
    if due_on is None:
        due_on = appraisal.due_on if appraisal is not None else expected_due_on(doctor, year)
    due_on = _check_due_on(year, due_on)
    if appraisal is None:
        appraisal = Appraisal(clinician=doctor, appraisal_year=year, due_on=due_on)
    elif appraisal.signed_off_on is not None and appraisal.due_on != due_on:
        raise ValidationError({"due_on": f"The outputs of the {appraisal.year_label} appraisal were signed off on "
                                         f"{_on(appraisal.signed_off_on)}: its due month can no longer change"})
    appraisal.due_on = due_on
    return _save(appraisal, f"Appraisal {rules_of.year_label(year)} scheduled")


# ------------------------------------------------------------------------------ allocating ----


def _is_appraiser(user) -> bool:
    return bool(user is not None and user.is_active and scope_ids(user, C.VIEW_APPRAISEE_APPRAISALS))


@transaction.atomic
def allocate_appraiser(doctor: Clinician, appraiser, year: int, user, conflict_note: str = "", *,
                       due_on: date | None = None) -> Appraisal:
    """Allocate ``appraiser`` for the doctor's appraisal in ``year``, refused on a conflict of interest (each
    message names its rule, rules/appraisal.toml [conflicts]). ``conflict_note`` records any interest declared
    that the rules allow. The year is scheduled if it was not (``due_on``, else the latest year's month). For
    the current or a later year the doctor's appraiser (``Clinician.appraiser``, who may then see their
    appraisal information) becomes ``appraiser`` too."""
    _check_doctor(doctor)
    year = _check_year(year)
    if appraiser is None:
        raise ValidationError({"appraiser": "Choose the appraiser"})
    if not _is_appraiser(appraiser):
        raise ValidationError({"appraiser": "Choose someone who holds the appraiser role (an active account)"})
    found = rules_of.conflicts(doctor, appraiser, year)
    if found:
        raise ValidationError({"appraiser": found})
    appraisal = _appraisal_of(doctor, year)
    if appraisal is None:
        due_on = _check_due_on(year, due_on or expected_due_on(doctor, year))
        appraisal = Appraisal(clinician=doctor, appraisal_year=year, due_on=due_on)
    else:
        if appraisal.signed_off_on is not None and appraisal.appraiser_id != appraiser.pk:
            raise ValidationError({"appraiser": f"The outputs of the {appraisal.year_label} appraisal were signed off on "
                                                f"{_on(appraisal.signed_off_on)}: its appraiser can no longer change"})
        if due_on is not None:
            appraisal.due_on = _check_due_on(year, due_on)
    appraisal.appraiser = appraiser
    appraisal.conflict_of_interest_note = (conflict_note or "").strip()
    _save(appraisal, f"Appraiser allocated for {rules_of.year_label(year)}")
    if year >= rules_of.appraisal_year_of(today()) and doctor.appraiser_id != appraiser.pk:
        fresh = Clinician.objects.select_for_update().get(pk=doctor.pk)
        fresh.appraiser = appraiser
        auditor.update(fresh, reason=f"Appraiser allocated for {rules_of.year_label(year)}")
        doctor.appraiser = appraiser
    return appraisal


# ------------------------------------------------------------------------------- recording ----


def record_problems(appraisal: Appraisal, day: date) -> dict[str, str]:
    """What is wrong with the dates and outputs recorded on ``appraisal`` ({field: problem})."""
    problems: dict[str, str] = {}
    meeting, signed = appraisal.meeting_on, appraisal.signed_off_on
    if appraisal.missed_approved and (meeting or signed):
        problems["meeting_on"] = (f"The Responsible Officer approved the {appraisal.year_label} appraisal as missed: "
                                  f"no meeting can be recorded for it")
    for name, what in (("meeting_on", "The appraisal meeting"), ("signed_off_on", "The sign-off date"),
                       ("colleague_feedback_on", "The colleague feedback date"),
                       ("patient_feedback_on", "The patient feedback date")):
        value = getattr(appraisal, name)
        if value is not None and value > day:
            problems.setdefault(name, f"{what} must be today or in the past")
    if meeting is not None and "meeting_on" not in problems:
        start, end = rules_of.meeting_window(appraisal)
        if not start <= meeting <= end:
            problems["meeting_on"] = (f"The meeting must be between {_on(start)} and {_on(end)} to count for the "
                                      f"{appraisal.year_label} appraisal: record it against the year it belongs to")
    if signed is not None:
        if meeting is None:
            problems.setdefault("signed_off_on", "Record the meeting date: outputs are signed off after the meeting")
        elif signed < meeting:
            problems.setdefault("signed_off_on", f"The outputs cannot be signed off before the meeting on {_on(meeting)}")
        if not (appraisal.outputs or "").strip():
            problems["outputs"] = "Enter the summary of the appraisal outputs before signing them off"
    return problems


@transaction.atomic
def record_appraisal(appraisal: Appraisal, user, *, day: date | None = None, **data) -> Appraisal:
    """Record the meeting, the sign-off, the outputs, the personal development plan, the supporting information
    checklist (colleague and patient feedback dated), declared issues and whether the doctor is on track.
    Refused: a sign-off before (or without) the meeting, a date in the future, a meeting outside the appraisal
    year's window, sign-off without outputs, a meeting for a year approved as missed."""
    unknown = set(data) - set(RECORD_FIELDS)
    if unknown:
        raise ValidationError({"__all__": f"These cannot be recorded on an appraisal: {', '.join(sorted(unknown))}"})
    appraisal = Appraisal.objects.select_for_update().get(pk=appraisal.pk)
    for name, value in data.items():
        if name in _TEXT:
            value = (value or "").strip()
        elif name in _FLAGS:
            value = bool(value)
        setattr(appraisal, name, value)
    problems = record_problems(appraisal, day or today())
    if problems:
        raise ValidationError(problems)
    return _save(appraisal, f"Appraisal {appraisal.year_label} recorded")


@transaction.atomic
def approve_missed(appraisal: Appraisal, reason: str, note: str, user, *, day: date | None = None) -> Appraisal:
    """The Responsible Officer agrees that the year's appraisal is missed (or left incomplete), with the reason
    (reasonable mitigation such as parental leave or sickness, rules §6): category 2, not 3."""
    appraisal = Appraisal.objects.select_for_update().get(pk=appraisal.pk)
    note = (note or "").strip()
    if reason not in MissedReason.values:
        raise ValidationError({"missed_reason": "Choose the reason the appraisal is missed"})
    if reason == MissedReason.OTHER and not note:
        raise ValidationError({"missed_note": "Say what the other reason is"})
    if appraisal.signed_off_on is not None:
        raise ValidationError({"missed_reason": f"The outputs of the {appraisal.year_label} appraisal were signed off on "
                                                f"{_on(appraisal.signed_off_on)}: it was not missed"})
    appraisal.missed_approved = True
    appraisal.missed_reason = reason
    appraisal.missed_note = note
    appraisal.missed_approved_on = day or today()
    return _save(appraisal, f"Missed appraisal {appraisal.year_label} approved")


__all__ = [
    "RECORD_FIELDS",
    "allocate_appraiser",
    "approve_missed",
    "expected_due_on",
    "record_appraisal",
    "record_problems",
    "schedule_appraisal",
]
