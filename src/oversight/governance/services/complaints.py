"""Handling a complaint: receipt, acknowledgement in 3 working days, investigation, a response in
6 months or a date agreed before that lapses, holding letters, the outcome and the Ombudsman."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from oversight.audit import auditor
from oversight.deadlines import DateOutOfRange, add_calendar_months
from oversight.organisations.models import Organisation, OrganisationKind

from ..configuration import deadline_policy
from ..models import Complaint, ComplaintStatus, ComplaintStep, HoldingLetter, new_reference
from ..models.complaints import COMPLAINT_STEP_LABELS, RESPONSE_RULE, time_limit_ends
from . import staff
from .common import acting_user, actor_label, not_before, not_in_future, set_themes
from .incidents import accountable_trust

S = ComplaintStatus

# What can be recorded at each status.
ALLOWED: dict[str, tuple[str, ...]] = {
    S.RECEIVED: ("acknowledged",),
    S.ACKNOWLEDGED: ("investigating", "agreed_date", "holding_letter", "responded"),
    S.INVESTIGATING: ("agreed_date", "holding_letter", "responded"),
    S.RESPONDED: ("phso_referral", "phso_outcome", "closed"),
    S.CLOSED: ("phso_referral", "phso_outcome"),
}


def allowed_steps(complaint: Complaint) -> list[str]:
    steps = list(ALLOWED[complaint.status])
    if "phso_outcome" in steps and not complaint.phso_referred_on:
        steps.remove("phso_outcome")
    if "phso_referral" in steps and complaint.phso_referred_on:
        steps.remove("phso_referral")
    return steps


def _require(complaint: Complaint, step: str) -> None:
    if step not in allowed_steps(complaint):
        raise ValidationError(
            f"{complaint.reference} is {complaint.get_status_display().lower()}: "
            f"'{COMPLAINT_STEP_LABELS[step]}' cannot be recorded now"
        )


def _step(complaint: Complaint, action: str, user, note: str = "") -> ComplaintStep:
    step = ComplaintStep(
        complaint=complaint, action=action, note=note, recorded_by=acting_user(user), recorded_by_label=actor_label(user)
    )
    auditor.create(step)
    return step


def is_outside_time_limit(received_on: date, events_on: date, became_aware_on: date | None) -> bool:
    ends = time_limit_ends(events_on, became_aware_on)
    return ends is not None and received_on > ends


def check_intake_dates(received_on: date, events_on: date, became_aware_on: date | None) -> None:
    not_in_future(received_on, "received_on", "The date received")
    not_in_future(events_on, "events_on", "The date of the events")
    not_in_future(became_aware_on, "became_aware_on", "The date the complainant became aware")
    if events_on > received_on:
        raise ValidationError({"events_on": "The events must be on or before the date the complaint was received"})
    not_before(became_aware_on, events_on, "became_aware_on", "The date the complainant became aware", "the events")
    if became_aware_on and became_aware_on > received_on:
        raise ValidationError({"became_aware_on": "The complainant must have become aware on or before the date received"})


@transaction.atomic
def register_complaint(*, place: Organisation, user, themes: str = "", time_limit_note: str = "",
                       staff_numbers: list[str] | None = None, **fields) -> Complaint:
    """Record a complaint as received. Over 12 months after the events (or awareness of them) is a
    warning, not a bar: a note saying why it is still being considered is required."""
    check_intake_dates(fields["received_on"], fields["events_on"], fields.get("became_aware_on"))
    outside = is_outside_time_limit(fields["received_on"], fields["events_on"], fields.get("became_aware_on"))
    if outside and not time_limit_note.strip():
        raise ValidationError({"time_limit_note": "This complaint was made more than 12 months after the events. "
                               "Record why it is still being considered (good reason for the delay, and it can "
                               "still be investigated effectively and fairly)."})
    complaint = Complaint(
        reference=new_reference("COM"),
        organisation=accountable_trust(place),
        site=place if place.kind == OrganisationKind.SITE else None,
        outside_time_limit=outside,
        time_limit_note=time_limit_note if outside else "",
        **fields,
    )
    auditor.create(complaint)
    if themes:
        set_themes(complaint, themes)
    _step(complaint, "received", user, f"Received ({complaint.channel})")
    if staff_numbers:
        set_staff_named(complaint, user, staff_numbers)
    return complaint


@transaction.atomic
def set_staff_named(complaint: Complaint, user, numbers: list[str]) -> Complaint:
    """Name the staff the complaint is about by registration number (the trust's register)."""
    staff.set_staff(complaint, "complaint", numbers, lambda action, note: _step(complaint, action, user, note))
    return complaint


@transaction.atomic
def acknowledge(complaint: Complaint, user, *, acknowledged_on: date, note: str = "") -> Complaint:
    _require(complaint, "acknowledged")
    not_in_future(acknowledged_on, "acknowledged_on", "The date acknowledged")
    not_before(acknowledged_on, complaint.received_on, "acknowledged_on", "The acknowledgement", "the date received")
    complaint.acknowledged_on, complaint.status = acknowledged_on, S.ACKNOWLEDGED
    auditor.update(complaint)
    _step(complaint, "acknowledged", user, note)
    return complaint


@transaction.atomic
def start_investigation(complaint: Complaint, user, *, note: str = "") -> Complaint:
    _require(complaint, "investigating")
    complaint.status = S.INVESTIGATING
    auditor.update(complaint)
    _step(complaint, "investigating", user, note)
    return complaint


def latest_agreed_date(received_on: date) -> date:
    """The latest response date that can be agreed: OVERSIGHT_MAX_AGREED_MONTHS after receipt."""
    return add_calendar_months(received_on, settings.OVERSIGHT_MAX_AGREED_MONTHS)


def check_agreed_date_in_range(received_on: date, agreed_date: date | None) -> None:
    # The regulations set no limit, but a date years ahead is a typing error (2106 for 2026), and
    # would leave the complaint with no response date anyone can plan for.
    if agreed_date is None:
        return
    latest = latest_agreed_date(received_on)
    if agreed_date > latest:
        raise ValidationError({"agreed_date": f"The agreed response date must be no more than "
                               f"{settings.OVERSIGHT_MAX_AGREED_MONTHS} months after the date received "
                               f"(by {latest.day} {latest:%B %Y})"})


# A date received the calendar cannot place (legacy data): the response period is unknown until corrected.
CORRECT_THE_DATES_FIRST = ("The response period cannot be worked out from this complaint's date received: correct the "
                           "complaint's dates first ('Correct the dates' on the complaint's page)")


def _check_agreed_in_time(complaint: Complaint, agreed_on: date) -> None:
    policy = deadline_policy()
    try:
        in_time = policy.rule(RESPONSE_RULE).agreement_is_valid(complaint.received_on, agreed_on, calendar=policy.calendar)
    except DateOutOfRange:
        raise ValidationError({"agreed_on": CORRECT_THE_DATES_FIRST}) from None
    if in_time:
        return
    original = complaint.original_response_due()
    if original is None:
        raise ValidationError({"agreed_on": CORRECT_THE_DATES_FIRST})
    raise ValidationError({"agreed_on": f"A new date must be agreed before the response period runs out "
                           f"({original.day} {original:%B %Y}); send a holding letter explaining the delay instead"})


@transaction.atomic
def agree_response_date(complaint: Complaint, user, *, agreed_date: date, agreed_on: date, note: str = "") -> Complaint:
    """A later response date counts only if agreed before the 6 months run out."""
    _require(complaint, "agreed_date")
    not_in_future(agreed_on, "agreed_on", "The date it was agreed")
    not_before(agreed_on, complaint.received_on, "agreed_on", "The date it was agreed", "the date received")
    not_before(agreed_date, agreed_on, "agreed_date", "The agreed response date", "the date it was agreed")
    check_agreed_date_in_range(complaint.received_on, agreed_date)
    _check_agreed_in_time(complaint, agreed_on)
    complaint.agreed_response_date, complaint.response_date_agreed_on = agreed_date, agreed_on
    auditor.update(complaint)
    _step(complaint, "agreed_date", user, note or f"Response now due {agreed_date:%d %B %Y}")
    return complaint


@transaction.atomic
def send_holding_letter(complaint: Complaint, user, *, sent_on: date, reason: str,
                        expected_response_on: date | None = None) -> HoldingLetter:
    _require(complaint, "holding_letter")
    not_in_future(sent_on, "sent_on", "The date sent")
    not_before(sent_on, complaint.received_on, "sent_on", "The holding letter", "the date received")
    not_before(expected_response_on, sent_on, "expected_response_on", "The expected response date", "the letter")
    if not reason.strip():
        raise ValidationError({"reason": "Say why the response is delayed"})
    letter = HoldingLetter(complaint=complaint, sent_on=sent_on, reason=reason, expected_response_on=expected_response_on)
    auditor.create(letter)
    _step(complaint, "holding_letter", user, reason)
    return letter


@transaction.atomic
def send_response(complaint: Complaint, user, *, sent_on: date, signed_by: str, outcome: str, note: str = "") -> Complaint:
    _require(complaint, "responded")
    not_in_future(sent_on, "sent_on", "The date the response was sent")
    not_before(sent_on, complaint.received_on, "sent_on", "The response", "the date received")
    if not signed_by.strip():
        raise ValidationError({"signed_by": "The response must be signed: enter who signed it"})
    complaint.response_sent_on, complaint.response_signed_by, complaint.outcome = sent_on, signed_by, outcome
    complaint.status = S.RESPONDED
    auditor.update(complaint)
    _step(complaint, "responded", user, note or complaint.get_outcome_display())
    return complaint


@transaction.atomic
def refer_to_ombudsman(complaint: Complaint, user, *, referred_on: date, reference: str = "", note: str = "") -> Complaint:
    _require(complaint, "phso_referral")
    not_in_future(referred_on, "referred_on", "The referral date")
    not_before(referred_on, complaint.response_sent_on, "referred_on", "The referral", "the response")
    complaint.phso_referred_on, complaint.phso_reference = referred_on, reference
    complaint.phso_outcome = "pending"
    auditor.update(complaint)
    _step(complaint, "phso_referral", user, note)
    return complaint


@transaction.atomic
def record_ombudsman_outcome(complaint: Complaint, user, *, outcome: str, note: str = "") -> Complaint:
    _require(complaint, "phso_outcome")
    complaint.phso_outcome = outcome
    auditor.update(complaint)
    _step(complaint, "phso_outcome", user, note or complaint.get_phso_outcome_display())
    return complaint


@transaction.atomic
def close(complaint: Complaint, user, *, note: str = "") -> Complaint:
    _require(complaint, "closed")
    complaint.status, complaint.closed_at = S.CLOSED, timezone.now()
    auditor.update(complaint)
    _step(complaint, "closed", user, note)
    return complaint


def _check_corrected_dates(complaint: Complaint, dates: dict) -> None:
    check_intake_dates(dates["received_on"], dates["events_on"], dates.get("became_aware_on"))
    received = dates["received_on"]
    for field, what in (("acknowledged_on", "The acknowledgement"), ("response_sent_on", "The response")):
        not_in_future(dates.get(field), field, what)
        not_before(dates.get(field), received, field, what, "the date received")
    agreed_date, agreed_on = dates.get("agreed_response_date"), dates.get("response_date_agreed_on")
    if bool(agreed_date) != bool(agreed_on):
        missing = "response_date_agreed_on" if agreed_date else "agreed_response_date"
        raise ValidationError({missing: "Enter both the agreed response date and the date it was agreed, or neither"})
    if agreed_date:
        not_in_future(agreed_on, "response_date_agreed_on", "The date it was agreed")
        not_before(agreed_on, received, "response_date_agreed_on", "The date it was agreed", "the date received")
        not_before(agreed_date, agreed_on, "agreed_response_date", "The agreed response date", "the date it was agreed")
        try:
            check_agreed_date_in_range(received, agreed_date)
        except ValidationError as error:
            raise ValidationError({"agreed_response_date": error.message_dict["agreed_date"]}) from None


CORRECTABLE_DATES = ("received_on", "events_on", "became_aware_on", "acknowledged_on", "agreed_response_date",
                     "response_date_agreed_on", "response_sent_on")


@transaction.atomic
def correct_dates(complaint: Complaint, user, *, note: str, **dates) -> Complaint:
    """Correct the dates the deadlines count from, checked as at intake and at each step. A date a
    step recorded cannot be removed here, only changed; the time-limit warning is worked out again."""
    dates = {name: dates.get(name, getattr(complaint, name)) for name in CORRECTABLE_DATES}
    _check_corrected_dates(complaint, dates)
    if not note.strip():
        raise ValidationError({"note": "Say why the dates changed"})
    for name, value in dates.items():
        setattr(complaint, name, value)
    complaint.outside_time_limit = is_outside_time_limit(dates["received_on"], dates["events_on"], dates["became_aware_on"])
    auditor.update(complaint)
    _step(complaint, "dates_corrected", user, note)
    return complaint


@transaction.atomic
def update_themes(complaint: Complaint, user, themes: str) -> Complaint:
    set_themes(complaint, themes)
    _step(complaint, "themes", user, ", ".join(t.name for t in complaint.themes.all()) or "No themes")
    return complaint


def apply_step(complaint: Complaint, step: str, user, d: dict):
    """Record ``step`` with the cleaned data of its form (the pages and the API share this)."""
    steps = {
        "acknowledged": lambda: acknowledge(complaint, user, acknowledged_on=d["acknowledged_on"], note=d["note"]),
        "investigating": lambda: start_investigation(complaint, user, note=d["note"]),
        "agreed_date": lambda: agree_response_date(complaint, user, agreed_date=d["agreed_date"],
                                                           agreed_on=d["agreed_on"], note=d["note"]),
        "holding_letter": lambda: send_holding_letter(complaint, user, sent_on=d["sent_on"], reason=d["reason"],
                                                              expected_response_on=d["expected_response_on"]),
        "responded": lambda: send_response(complaint, user, sent_on=d["sent_on"], signed_by=d["signed_by"],
                                                   outcome=d["outcome"], note=d["note"]),
        "phso_referral": lambda: refer_to_ombudsman(complaint, user, referred_on=d["referred_on"],
                                                            reference=d["reference"], note=d["note"]),
        "phso_outcome": lambda: record_ombudsman_outcome(complaint, user, outcome=d["outcome"], note=d["note"]),
        "closed": lambda: close(complaint, user, note=d["note"]),
    }
    return steps[step]()
