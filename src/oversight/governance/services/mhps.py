"""Maintaining High Professional Standards on a professional concern (rules file §6, confirmed):

- an immediate exclusion lasts at most two weeks, a formal exclusion at most four weeks at a time (the
  limits are the deadlines engine's ``mhps_immediate_exclusion`` and ``mhps_formal_exclusion``);
- a formal exclusion is renewed only after a review held before the period ends (without one the
  practitioner has the right to return);
- NHS Resolution Practitioner Performance Advice (PPA, formerly NCAS) is consulted before a formal
  exclusion; a designated Board member oversees the case;
- Performers List actions for GPs (conditions, reg 10; suspension, reg 12; removal) are decided by the
  Decision Panel, and a suspension is notified to NHS Resolution.

Every write is audited; each refusal names the field."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction

from oversight.audit import auditor
from oversight.core.formatting import format_date
from oversight.workforce.models import Grade

from ..models import (
    Exclusion,
    ExclusionKind,
    MhpsCase,
    PerformersListAction,
    PerformersListActionKind,
    ProfessionalConcern,
)
from .common import not_before, not_in_future

CASE_FIELDS = ("case_manager", "case_manager_name", "case_investigator", "case_investigator_name",
               "designated_board_member", "ppa_contacted_on", "ppa_advice_summary", "gmc_referred_on", "els_referred_on")
ACTION_FIELDS = ("kind", "screening_group_on", "decision_panel_on", "panel_members", "decided_on",
                 "nhs_resolution_notified_on", "appeal_lodged_on", "outcome")
LIMIT_WORDS = {ExclusionKind.IMMEDIATE: "two weeks", ExclusionKind.FORMAL: "four weeks at a time"}


def _open(case: MhpsCase, field: str | None = None) -> None:
    if not case.is_active:
        message = f"The MHPS case on {case.concern.reference} is closed"
        raise ValidationError({field: message} if field else message)


def _check_case_dates(case: MhpsCase) -> None:
    raised = case.concern.raised_on
    not_in_future(case.started_on, "started_on", "The date MHPS started")
    not_before(case.started_on, raised, "started_on", "The date MHPS started", "the date the concern was raised")
    for field, what in (("ppa_contacted_on", "The date PPA was contacted"), ("gmc_referred_on", "The GMC referral"),
                        ("els_referred_on", "The Employer Liaison Adviser contact")):
        value = getattr(case, field)
        not_in_future(value, field, what)
        not_before(value, raised, field, what, "the date the concern was raised")
    if case.ppa_advice_summary.strip() and not case.ppa_contacted_on:
        raise ValidationError({"ppa_contacted_on": "Record when PPA was contacted, with its advice"})


@transaction.atomic
def start_mhps(concern: ProfessionalConcern, user, *, started_on: date, **people) -> MhpsCase:
    """Take the concern into the MHPS process (one MHPS case per concern)."""
    if concern.is_closed:
        raise ValidationError({"started_on": f"{concern.reference} is closed"})
    if MhpsCase.objects.filter(concern=concern).exists():
        raise ValidationError({"started_on": f"{concern.reference} is already in the MHPS process"})
    case = MhpsCase(concern=concern, started_on=started_on, **{k: v for k, v in people.items() if k in CASE_FIELDS})
    _check_case_dates(case)
    case.full_clean()
    auditor.create(case)
    return case


@transaction.atomic
def update_case(case: MhpsCase, user, **fields) -> MhpsCase:
    """The case manager and investigator, the Board member, the PPA contact and advice, and the GMC and
    Employer Liaison referrals."""
    _open(case)
    for name, value in fields.items():
        if name in CASE_FIELDS:
            setattr(case, name, value)
    _check_case_dates(case)
    case.full_clean()
    auditor.update(case)
    return case


@transaction.atomic
def close_case(case: MhpsCase, user, *, outcome: str, closed_on: date, outcome_note: str = "") -> MhpsCase:
    _open(case, "outcome")
    if not outcome:
        raise ValidationError({"outcome": "Select the outcome"})
    not_in_future(closed_on, "closed_on", "The date closed")
    not_before(closed_on, case.started_on, "closed_on", "The date closed", "the date MHPS started")
    in_force = [e for e in case.exclusions.all()
                if e.lifted_on is None and not e.is_renewed and (e.ends_on is None or e.ends_on >= closed_on)]
    if in_force:
        raise ValidationError({"closed_on": f"Lift the {in_force[0].get_kind_display().lower()} first: it is in force "
                                            f"on {format_date(closed_on)}"})
    case.outcome, case.outcome_note, case.closed_on = outcome, outcome_note, closed_on
    case.full_clean()
    auditor.update(case)
    return case


# --- exclusions and restrictions -------------------------------------------------------------------


def _check_period(case: MhpsCase, exclusion: Exclusion) -> None:
    not_before(exclusion.starts_on, case.concern.raised_on, "starts_on", "The first day", "the date the concern was raised")
    if exclusion.kind == ExclusionKind.RESTRICTION:
        not_before(exclusion.ends_on, exclusion.starts_on, "ends_on", "The last day", "the first day")
        return
    if exclusion.ends_on is None:
        raise ValidationError({"ends_on": f"Enter the last day: an {exclusion.get_kind_display().lower()} "
                                          f"lasts at most {LIMIT_WORDS[exclusion.kind]}"})
    not_before(exclusion.ends_on, exclusion.starts_on, "ends_on", "The last day", "the first day")
    latest = exclusion.latest_end()
    if exclusion.ends_on > latest:
        raise ValidationError({"ends_on": f"An {exclusion.get_kind_display().lower()} lasts at most "
                                          f"{LIMIT_WORDS[exclusion.kind]}: the last day can be no later than "
                                          f"{format_date(latest)}"})


def _check_ppa(case: MhpsCase, exclusion: Exclusion) -> None:
    if exclusion.kind != ExclusionKind.FORMAL:
        return
    if case.ppa_contacted_on is None or case.ppa_contacted_on > exclusion.starts_on:
        raise ValidationError({"kind": "NHS Resolution Practitioner Performance Advice must be consulted before a "
                                       "formal exclusion: record the date it was contacted on the MHPS case first"})


def _check_renewal(exclusion: Exclusion) -> None:
    previous = exclusion.renews
    if previous is None:
        if exclusion.reviewed_on is not None:
            raise ValidationError({"reviewed_on": "A review date is recorded only for the renewal of a formal exclusion"})
        return
    if previous.case_id != exclusion.case_id or previous.kind != ExclusionKind.FORMAL or exclusion.kind != ExclusionKind.FORMAL:
        raise ValidationError({"kind": "Only a formal exclusion can be renewed, as another formal exclusion"})
    if previous.is_renewed:
        raise ValidationError({"renews": "That period has already been renewed"})
    if previous.lifted_on is not None:
        raise ValidationError({"renews": f"That exclusion was lifted on {format_date(previous.lifted_on)}"})
    if exclusion.reviewed_on is None:
        raise ValidationError({"reviewed_on": "A formal exclusion is reviewed before each renewal: record the date of "
                                              "the review (without one the practitioner has the right to return)"})
    not_in_future(exclusion.reviewed_on, "reviewed_on", "The date of the review")
    not_before(exclusion.reviewed_on, previous.starts_on, "reviewed_on", "The review", "the period's first day")
    if exclusion.reviewed_on > previous.ends_on:
        raise ValidationError({"reviewed_on": f"The review must be held before the period ends "
                                              f"({format_date(previous.ends_on)}): without it the practitioner had the "
                                              f"right to return"})
    expected = previous.ends_on + timedelta(days=1)
    if exclusion.starts_on != expected:
        raise ValidationError({"starts_on": f"A renewal starts the day after the period it renews ends: "
                                            f"{format_date(expected)}"})


def _check_chain(case: MhpsCase, exclusion: Exclusion) -> None:
    """No fresh period straight after an exclusion (the day after it ended or was lifted): that would run
    round the limits. Continuing a formal exclusion is a renewal, with the review held before it."""
    if exclusion.kind == ExclusionKind.RESTRICTION or exclusion.renews_id is not None:
        return
    for other in case.exclusions.exclude(kind=ExclusionKind.RESTRICTION).exclude(pk=exclusion.pk):
        other_end = other.lifted_on or other.ends_on
        if other_end is not None and other_end < exclusion.starts_on <= other_end + timedelta(days=1):
            if other.lifted_on is not None and exclusion.kind == ExclusionKind.FORMAL and other.kind == ExclusionKind.IMMEDIATE:
                continue  # an immediate exclusion lifted and followed by a formal one, PPA consulted
            raise ValidationError({"starts_on": f"The {other.get_kind_display().lower()} ended on "
                                                f"{format_date(other_end)}: to continue it, record it as a renewal of the "
                                                f"formal exclusion with the review held before it ended"})


def _check_overlap(case: MhpsCase, exclusion: Exclusion) -> None:
    if exclusion.kind == ExclusionKind.RESTRICTION:
        return
    for other in case.exclusions.exclude(kind=ExclusionKind.RESTRICTION).exclude(pk=exclusion.pk):
        other_end = other.lifted_on or other.ends_on
        if other.starts_on <= exclusion.ends_on and (other_end is None or other_end >= exclusion.starts_on):
            if other.lifted_on == exclusion.starts_on:
                continue  # lifted the day the new period starts (an immediate exclusion followed by a formal one)
            raise ValidationError({"starts_on": f"The {other.get_kind_display().lower()} from "
                                                f"{format_date(other.starts_on)} is in force then: end or lift it first"})


@transaction.atomic
def record_exclusion(case: MhpsCase, user, *, kind: str, starts_on: date, ends_on: date | None = None,
                     details: str = "", renews: Exclusion | None = None, reviewed_on: date | None = None) -> Exclusion:
    """An exclusion or restriction of practice, or the renewal of a formal exclusion (``renews``)."""
    _open(case, "kind")
    exclusion = Exclusion(case=case, kind=kind, starts_on=starts_on, ends_on=ends_on, details=details, renews=renews,
                          reviewed_on=reviewed_on)
    if kind not in ExclusionKind.values:
        raise ValidationError({"kind": "Select the kind of exclusion or restriction"})
    _check_renewal(exclusion)
    _check_period(case, exclusion)
    _check_ppa(case, exclusion)
    _check_overlap(case, exclusion)
    _check_chain(case, exclusion)
    exclusion.full_clean()
    auditor.create(exclusion)
    return exclusion


@transaction.atomic
def lift_exclusion(exclusion: Exclusion, user, *, lifted_on: date) -> Exclusion:
    _open(exclusion.case, "lifted_on")
    if exclusion.lifted_on is not None:
        raise ValidationError({"lifted_on": f"Already lifted on {format_date(exclusion.lifted_on)}"})
    if exclusion.is_renewed:
        raise ValidationError({"lifted_on": "This period was renewed: lift the renewal instead"})
    not_in_future(lifted_on, "lifted_on", "The date lifted")
    not_before(lifted_on, exclusion.starts_on, "lifted_on", "The date lifted", "the first day")
    if exclusion.ends_on is not None and lifted_on > exclusion.ends_on:
        raise ValidationError({"lifted_on": f"It had already ended on {format_date(exclusion.ends_on)}: there is "
                                            f"nothing to lift"})
    exclusion.lifted_on = lifted_on
    auditor.update(exclusion)
    return exclusion


# --- the Performers List ---------------------------------------------------------------------------


def is_gp(clinician) -> bool:
    return clinician.grade == Grade.GP or bool(clinician.performers_list_status) or clinician.on_gp_register


def _check_action(action: PerformersListAction) -> None:
    if not is_gp(action.case.concern.clinician):
        raise ValidationError({"kind": "Performers List actions are for GPs: the clinician is not recorded as a GP, "
                                       "on the GP Register or on the Performers List"})
    if action.kind not in PerformersListActionKind.values:
        raise ValidationError({"kind": "Select the action"})
    labels = {"screening_group_on": "The Performance Screening Group date", "decision_panel_on": "The Decision Panel date",
              "decided_on": "The decision date", "nhs_resolution_notified_on": "The date NHS Resolution was notified",
              "appeal_lodged_on": "The appeal date"}
    for field, what in labels.items():
        not_in_future(getattr(action, field), field, what)
    not_before(action.decision_panel_on, action.screening_group_on, "decision_panel_on", "The Decision Panel",
               "the Performance Screening Group")
    not_before(action.decided_on, action.decision_panel_on, "decided_on", "The decision", "the Decision Panel")
    not_before(action.nhs_resolution_notified_on, action.decided_on, "nhs_resolution_notified_on",
               "The notification to NHS Resolution", "the decision")
    not_before(action.appeal_lodged_on, action.decided_on, "appeal_lodged_on", "The appeal", "the decision")
    if action.decided_on and not action.decision_panel_on:
        raise ValidationError({"decision_panel_on": "The Decision Panel decides: record when it met"})
    if action.kind == PerformersListActionKind.SUSPENSION and action.decided_on and not action.nhs_resolution_notified_on:
        raise ValidationError({"nhs_resolution_notified_on": "A suspension is notified to NHS Resolution: record the "
                                                             "date it was notified"})


@transaction.atomic
def record_performers_list_action(case: MhpsCase, user, **fields) -> PerformersListAction:
    _open(case, "kind")
    action = PerformersListAction(case=case, **{k: v for k, v in fields.items() if k in ACTION_FIELDS})
    _check_action(action)
    action.full_clean()
    auditor.create(action)
    return action


@transaction.atomic
def update_performers_list_action(action: PerformersListAction, user, **fields) -> PerformersListAction:
    _open(action.case, "kind")
    for name, value in fields.items():
        if name in ACTION_FIELDS:
            setattr(action, name, value)
    _check_action(action)
    action.full_clean()
    auditor.update(action)
    return action
