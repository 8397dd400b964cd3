"""Medical appraisal's rules (rules §6, "Annual appraisal", "Supporting information"), for the services,
pages, dashboard and board report to share: the appraisal year (April to March), an appraisal's due date
and category (the AOA-style 1a, 1b, 2, 3: UNCONFIRMED, so their time standards and words are
configuration), a doctor's appraisal state (not due, due, overdue, done, approved missed), the
conflict-of-interest rules for allocating an appraiser, and whether colleague and patient feedback each
happened in the revalidation cycle. The numbers are rules/appraisal.toml's, read by configuration.py.

No views here; the services (services/appraisals.py) enforce these rules."""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from .configuration import CATEGORIES, AppraisalRules, appraisal_rules
from .models.appraisals import SUPPORTING_INFORMATION

NOT_DUE, DUE, OVERDUE, DONE, APPROVED_MISSED = "not_due", "due", "overdue", "done", "approved_missed"

#: Each status in plain English (filters, the list's column).
STATUSES: dict[str, str] = {
    NOT_DUE: "Not yet due",
    DUE: "Due",
    OVERDUE: "Overdue",
    DONE: "Completed",
    APPROVED_MISSED: "Missed, approved",
}


def _rules(rules: AppraisalRules | None) -> AppraisalRules:
    return rules or appraisal_rules()


# ------------------------------------------------------------------------- dates and years ----


def add_months(day: date, months: int) -> date:
    """``day`` moved by ``months`` calendar months, the day of the month kept where it exists (31 May - 3
    months is 28 or 29 February)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def month_end(day: date) -> date:
    return date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])


def appraisal_year_of(day: date, rules: AppraisalRules | None = None) -> int:
    """The appraisal year a day falls in, named by the year it starts in: 2025 is 2025/26 (April to March)."""
    starts = _rules(rules).year_starts_month
    return day.year if day.month >= starts else day.year - 1


def year_bounds(year: int, rules: AppraisalRules | None = None) -> tuple[date, date]:
    """The first and last day of appraisal year ``year`` (1 April ``year`` to 31 March ``year + 1``)."""
    start = date(year, _rules(rules).year_starts_month, 1)
    return start, add_months(start, 12) - timedelta(days=1)


def year_label(year: int) -> str:
    return f"{year}/{(year + 1) % 100:02d}"


def due_date_of(due_on: date, rules: AppraisalRules | None = None) -> date:
    """The due date of an appraisal whose due month begins on ``due_on``: the month's last day by default."""
    return month_end(due_on) if _rules(rules).due_date == "month_end" else due_on.replace(day=1)


def standards_window(appraisal, rules: AppraisalRules | None = None) -> tuple[date, date]:
    """The meeting dates category 1a allows: within the configured months before the due date, up to it."""
    rules = _rules(rules)
    due = due_date_of(appraisal.due_on, rules)
    return add_months(due, -rules.meeting_months_before_due), due


def meeting_window(appraisal, rules: AppraisalRules | None = None) -> tuple[date, date]:
    """The dates a meeting may be recorded on for the appraisal's year: the appraisal year itself, from as early
    as category 1a allows before the due date when the rule file says so."""
    rules = _rules(rules)
    start, end = year_bounds(appraisal.appraisal_year, rules)
    if rules.allow_meeting_before_year_start:
        start = min(start, standards_window(appraisal, rules)[0])
    return start, end


# ------------------------------------------------------------------------------ categories ----


def meets_time_standards(appraisal, rules: AppraisalRules | None = None) -> bool:
    """The meeting within the months before the due date and the outputs signed off within the days allowed."""
    rules = _rules(rules)
    if appraisal.meeting_on is None or appraisal.signed_off_on is None:
        return False
    earliest, due = standards_window(appraisal, rules)
    return earliest <= appraisal.meeting_on <= due and (appraisal.signed_off_on - appraisal.meeting_on).days <= rules.sign_off_days


def category_of(appraisal, rules: AppraisalRules | None = None, *, today: date | None = None) -> str | None:
    """The appraisal's reporting category (UNCONFIRMED, rules §6): "1a" completed within the time standards,
    "1b" completed outside them, "2" missed with the Responsible Officer's approval, "3" missed without it
    (the due date passed with no meeting, or the appraisal year ended without signed-off outputs); None while
    the appraisal is not yet due or is under way."""
    rules = _rules(rules)
    today = today or date.today()
    if appraisal.meeting_on is not None and appraisal.signed_off_on is not None:
        return "1a" if meets_time_standards(appraisal, rules) else "1b"
    if appraisal.missed_approved:
        return "2"
    year_ended = year_bounds(appraisal.appraisal_year, rules)[1] < today
    if year_ended or (appraisal.meeting_on is None and due_date_of(appraisal.due_on, rules) < today):
        return "3"
    return None


def category_label(category: str | None, rules: AppraisalRules | None = None) -> str:
    if category is None:
        return "Not yet due or under way"
    return _rules(rules).category_labels[category]


def category_choices(rules: AppraisalRules | None = None) -> list[tuple[str, str]]:
    rules = _rules(rules)
    return [(key, f"{key}: {rules.category_labels[key]}") for key in CATEGORIES]


# ----------------------------------------------------------------------- a doctor's state ----


@dataclass(frozen=True)
class AppraisalState:
    status: str  # not_due | due | overdue | done | approved_missed
    due_on: date | None = None  # the due month's first day
    label: str = ""
    appraisal: object | None = None  # the appraisal the state is about (None: expected but not scheduled)

    @property
    def status_label(self) -> str:
        return STATUSES[self.status]

    @property
    def needs_attention(self) -> bool:
        return self.status in (DUE, OVERDUE)


def _closed(appraisal) -> bool:
    return appraisal.signed_off_on is not None or bool(appraisal.missed_approved)


def _timed(status_of_dates, appraisal, due_on: date, label: str) -> AppraisalState:
    return AppraisalState(status_of_dates, due_on, label, appraisal)


def _by_dates(due_on: date, today: date, rules: AppraisalRules) -> str:
    if due_date_of(due_on, rules) < today:
        return OVERDUE
    if due_on - timedelta(days=rules.due_soon_days) <= today:
        return DUE
    return NOT_DUE


def year_status(appraisal, today: date, rules: AppraisalRules | None = None) -> str:
    """One appraisal year's status on its own: done, approved missed, or by its dates (overdue, due, not due)."""
    if appraisal.signed_off_on is not None:
        return DONE
    if appraisal.missed_approved:
        return APPROVED_MISSED
    return _by_dates(appraisal.due_on, today, _rules(rules))


def appraisal_state(appraisals_of_one_doctor: Iterable, today: date, rules: AppraisalRules | None = None) -> AppraisalState:
    """One doctor's appraisal state today.

    The earliest appraisal neither signed off nor approved as missed (and not superseded by a later year that
    is) is overdue once its due date has passed and due from ``due_soon_days`` before its due month. Otherwise
    the current appraisal year's appraisal is done or approved missed. A doctor with no appraisal scheduled for
    the current year is expected in the same month as their latest one (appraisal is annual, rules §6)."""
    rules = _rules(rules)
    year = appraisal_year_of(today, rules)
    items = sorted(appraisals_of_one_doctor, key=lambda a: (a.appraisal_year, a.due_on))
    latest_closed = max((a.appraisal_year for a in items if _closed(a)), default=None)
    upcoming = None
    for appraisal in items:
        if _closed(appraisal) or (latest_closed is not None and appraisal.appraisal_year < latest_closed):
            continue
        status = _by_dates(appraisal.due_on, today, rules)
        if status == OVERDUE:
            return _timed(OVERDUE, appraisal, appraisal.due_on, f"Appraisal {year_label(appraisal.appraisal_year)} overdue")
        if status == DUE:
            return _timed(DUE, appraisal, appraisal.due_on, f"Appraisal {year_label(appraisal.appraisal_year)} due")
        upcoming = appraisal
        break
    current = next((a for a in items if a.appraisal_year == year), None)
    if current is not None and current.signed_off_on is not None:
        category = category_of(current, rules, today=today)
        return _timed(DONE, current, current.due_on,
                      f"Appraisal {year_label(year)} completed ({category}: {category_label(category, rules).lower()})")
    if current is not None and current.missed_approved:
        return _timed(APPROVED_MISSED, current, current.due_on, f"Appraisal {year_label(year)} missed, approved")
    if upcoming is not None:
        return _timed(NOT_DUE, upcoming, upcoming.due_on, f"Appraisal {year_label(upcoming.appraisal_year)} not yet due")
    if items and items[-1].appraisal_year < year:
        latest = items[-1]
        expected = add_months(latest.due_on.replace(day=1), 12 * (year - latest.appraisal_year))
        status = _by_dates(expected, today, rules)
        words = {OVERDUE: "overdue", DUE: "due", NOT_DUE: "not yet due"}[status]
        return AppraisalState(status, expected, f"Appraisal {year_label(year)} {words} (not scheduled)", None)
    return AppraisalState(NOT_DUE, None, "No appraisal scheduled", None)


# ---------------------------------------------------------------- conflicts of interest ----


def _consecutive_years_with(doctor, appraiser_user, year: int) -> list[int]:
    """The unbroken run of appraisal years just before ``year`` in which ``appraiser_user`` appraised the doctor."""
    from .models import Appraisal

    by_year = dict(Appraisal.objects.filter(clinician=doctor, appraisal_year__lt=year)
                   .values_list("appraisal_year", "appraiser_id"))
    run = []
    previous = year - 1
    while by_year.get(previous) == appraiser_user.pk:
        run.append(previous)
        previous -= 1
    return run


def conflicts(doctor, appraiser_user, year: int, rules: AppraisalRules | None = None) -> list[str]:
    """Each conflict of interest that stops ``appraiser_user`` appraising ``doctor`` in appraisal year ``year``,
    under the rules switched on in rules/appraisal.toml [conflicts]; each names its rule. [] when none."""
    from .models import Appraisal

    rules = _rules(rules)
    found: list[str] = []
    if rules.conflicts["self_appraisal"] and doctor.user_id is not None and doctor.user_id == appraiser_user.pk:
        found.append("Self-appraisal: a doctor may not be their own appraiser")
    if rules.conflicts["line_manager"] and doctor.line_manager_id is not None and doctor.line_manager_id == appraiser_user.pk:
        found.append("Line manager: the appraiser is the doctor's line manager, and a line manager may not be their appraiser")
    if rules.conflicts["reciprocal"] and doctor.user_id is not None and doctor.user_id != appraiser_user.pk:
        own = _own_record(appraiser_user)
        if own is not None:
            years = list(range(year - rules.reciprocal_years_back, year + 1))
            given = sorted(Appraisal.objects.filter(clinician=own, appraiser_id=doctor.user_id, appraisal_year__in=years)
                           .values_list("appraisal_year", flat=True))
            if given:
                found.append(f"Reciprocal appraisal: the doctor appraised this appraiser in {year_label(given[-1])}; "
                             f"two doctors may not appraise each other")
            elif own.appraiser_id == doctor.user_id:
                found.append("Reciprocal appraisal: the doctor is this appraiser's own allocated appraiser; "
                             "two doctors may not appraise each other")
    limit = rules.max_consecutive_years
    if limit:
        run = _consecutive_years_with(doctor, appraiser_user, year)
        if len(run) >= limit:
            found.append(f"Consecutive years: this appraiser appraised the doctor in each of the last {len(run)} years "
                         f"({year_label(run[-1])} to {year_label(run[0])}); at most {limit} consecutive years with the "
                         f"same appraiser are allowed")
    return found


def _own_record(user):
    """The appraiser's own clinician record (``User.clinician_record``), or None."""
    from django.core.exceptions import ObjectDoesNotExist

    try:
        return user.clinician_record
    except ObjectDoesNotExist:
        return None


# ------------------------------------------------------------ supporting information ----


@dataclass(frozen=True)
class SupportingItem:
    field: str
    label: str
    present: bool
    on: date | None = None  # colleague and patient feedback are dated


def supporting_information(appraisal) -> list[SupportingItem]:
    """The six types of supporting information (AoMRC 2022, rules §6) and whether the appraisal has each."""
    items = []
    for name, label in SUPPORTING_INFORMATION:
        value = getattr(appraisal, name)
        dated = isinstance(value, date)
        items.append(SupportingItem(name, label, bool(value), value if dated else None))
    return items


@dataclass(frozen=True)
class CycleFeedback:
    cycle_start: date | None
    cycle_end: date
    colleague_on: list[date] = field(default_factory=list)
    patient_on: list[date] = field(default_factory=list)
    colleague_needed: int = 1
    patient_needed: int = 1

    @property
    def colleague_met(self) -> bool:
        return len(self.colleague_on) >= self.colleague_needed

    @property
    def patient_met(self) -> bool:
        return len(self.patient_on) >= self.patient_needed

    @property
    def met(self) -> bool:
        return self.colleague_met and self.patient_met

    @property
    def missing(self) -> list[str]:
        return [what for what, met in (("Colleague feedback", self.colleague_met), ("Patient feedback", self.patient_met))
                if not met]


def cycle_feedback(doctor, cycle_start: date | None, cycle_end: date | None = None, *,
                   appraisals: Sequence | None = None, rules: AppraisalRules | None = None) -> CycleFeedback:
    """Whether colleague and patient feedback each happened at least once (the configured number of times) in the
    revalidation cycle from ``cycle_start`` to ``cycle_end`` (rules §6). ``cycle_start`` None: every record;
    ``cycle_end`` None: today. The dates are the appraisals' feedback dates (``appraisals`` given, or the doctor's)."""
    rules = _rules(rules)
    end = cycle_end or date.today()
    if appraisals is None:
        from .models import Appraisal

        appraisals = list(Appraisal.objects.filter(clinician=doctor))

    def within(day: date | None) -> bool:
        return day is not None and (cycle_start is None or cycle_start <= day) and day <= end

    return CycleFeedback(
        cycle_start=cycle_start, cycle_end=end,
        colleague_on=sorted(a.colleague_feedback_on for a in appraisals if within(a.colleague_feedback_on)),
        patient_on=sorted(a.patient_feedback_on for a in appraisals if within(a.patient_feedback_on)),
        colleague_needed=rules.colleague_feedback_per_cycle, patient_needed=rules.patient_feedback_per_cycle,
    )


__all__ = [
    "APPROVED_MISSED",
    "DONE",
    "DUE",
    "NOT_DUE",
    "OVERDUE",
    "STATUSES",
    "AppraisalState",
    "CycleFeedback",
    "SupportingItem",
    "add_months",
    "appraisal_state",
    "appraisal_year_of",
    "category_choices",
    "category_label",
    "category_of",
    "conflicts",
    "cycle_feedback",
    "due_date_of",
    "meeting_window",
    "meets_time_standards",
    "month_end",
    "standards_window",
    "supporting_information",
    "year_bounds",
    "year_label",
    "year_status",
]
