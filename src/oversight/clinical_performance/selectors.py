"""Reads of clinical performance, narrowed to what the reader may see (clinical_performance/access.py
says who may see one clinician)."""

from __future__ import annotations

from datetime import date, datetime

from django.db.models import Q
from django.utils import timezone

from oversight.accounts.access import scope_ids
from oversight.accounts.roles import Capability as C
from oversight.workforce.models import Clinician

from .models import AuditCase, CaseStatus, Consultation, RoundStatus, Shift
from .productivity import AuditOutcome, Case, ShiftSpan, hours_by, productivity_rows


def audit_queue(user):
    """The auditor's first screens, and referred cases waiting for a panel in the organisations they review
    for: never their own consultations, never a case they have already reviewed. Any reviewer for the
    organisation may sit on a panel, so referred cases are everyone's; first screens are the assigned auditor's."""
    mine = Q(auditor=user, status=CaseStatus.AWAITING_SCREEN)
    panel = Q(status__in=(CaseStatus.REFERRED, CaseStatus.PANEL_REVIEWED),
              round__organisation_id__in=scope_ids(user, C.REVIEW_CLINICAL_AUDIT))
    return (AuditCase.objects.filter(mine | panel).exclude(clinician__user=user).exclude(panel_reviews__reviewer=user)
            .exclude(round__status=RoundStatus.CLOSED)
            .select_related("consultation", "round").order_by("status", "consultation__consulted_at").distinct())


def clinicians_overseen(user):
    """The clinicians whose results the user oversees (VIEW_CLINICIAN_PERFORMANCE in their organisation):
    the scope of the lists across clinicians. An appraiser sees their appraisees' records one by one."""
    return Clinician.objects.filter(organisation_id__in=scope_ids(user, C.VIEW_CLINICIAN_PERFORMANCE))


# ------------------------------------------------------------------------- shifts and productivity ----


def _aware(value: date | datetime, *, end: bool = False) -> datetime:
    """A date as the start of that day (or, for an end, the start of the next: the day is included)."""
    if isinstance(value, datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    day = datetime.combine(value, datetime.min.time())
    if end:
        day = datetime.combine(date.fromordinal(value.toordinal() + 1), datetime.min.time())
    return timezone.make_aware(day)


def shift_spans(clinician_ids, start: datetime, end: datetime) -> list[ShiftSpan]:
    rows = (Shift.objects.filter(clinician_id__in=list(clinician_ids), starts_at__lt=end, ends_at__gt=start)
            .values_list("clinician_id", "starts_at", "ends_at", "role", "service", "site"))
    return [ShiftSpan(*row) for row in rows]


def hours_worked(clinician_ids, start: date | datetime, end: date | datetime) -> dict:
    """Hours each clinician worked from ``start`` to ``end`` (dates: both days included), overlapping
    shifts counted once; 0.0 for a clinician with no shifts. For audit sampling's "many hours" rule."""
    ids = list(clinician_ids)
    since, until = _aware(start), _aware(end, end=True)
    hours = hours_by(shift_spans(ids, since, until), since, until)
    return {clinician_id: hours.get(clinician_id, 0.0) for clinician_id in ids}


def shifts_in_scope(user, capability: str = C.MANAGE_CLINICAL_AUDIT):
    return (Shift.objects.filter(organisation_id__in=scope_ids(user, capability))
            .select_related("clinician", "organisation").order_by("-starts_at"))


def cases_of(clinician_ids, start: datetime, end: datetime) -> list[Case]:
    rows = (Consultation.objects.filter(clinician_id__in=list(clinician_ids), consulted_at__gte=start, consulted_at__lt=end)
            .values_list("clinician_id", "consulted_at", "role", "service", "disposition"))
    return [Case(*row) for row in rows]


def productivity(clinician_ids, first: date, last: date, by: tuple[str, ...] = ("clinician_id", "role", "service"),
                 *, own: bool = False):  # fmt: skip
    """Productivity rows (productivity.productivity_rows) for these clinicians from ``first`` to ``last``,
    each with its disposition mix and, per clinician, the audit outcome of the same dates."""
    ids = list(clinician_ids)
    start, end = _aware(first), _aware(last, end=True)
    audits = audit_outcomes(ids, first, last, own=own)
    return productivity_rows(shift_spans(ids, start, end), cases_of(ids, start, end), start, end, by=by, audits=audits)


# --------------------------------------------------------------------------------- audit results ----

#: A case's result is final once screened as a pass or once the panel was quorate.
FINAL = (CaseStatus.PASSED, CaseStatus.PANEL_REVIEWED, CaseStatus.RELEASED)
#: What the clinician sees of their own: only results whose feedback has been released to them, as
#: "My audits" and the API show (a pass is released with its positive feedback).
RELEASED_TO_CLINICIAN = (CaseStatus.RELEASED,)


def audited_cases(clinician_ids, *, own: bool = False, first: date | None = None, last: date | None = None):
    """The audited cases with a final score, oldest period first."""
    cases = AuditCase.objects.filter(clinician_id__in=list(clinician_ids), score__isnull=False,
                                     status__in=RELEASED_TO_CLINICIAN if own else FINAL)
    if first:
        cases = cases.filter(round__period_end__gte=first)
    if last:
        cases = cases.filter(round__period_start__lte=last)
    return (cases.select_related("round", "round__template", "consultation", "clinician")
            .order_by("round__period_start", "clinician__name", "consultation__consulted_at"))


def below_standard(case: AuditCase) -> bool:
    """Below the template's re-audit threshold: the non-compliance the funnel counts."""
    return case.score is not None and case.score < case.round.template.reaudit_below


def audit_outcomes(clinician_ids, first: date, last: date, *, own: bool = False) -> dict:
    """Each audited clinician's AuditOutcome over rounds overlapping ``first`` to ``last``."""
    scores: dict = {}
    for case in audited_cases(clinician_ids, own=own, first=first, last=last):
        scores.setdefault(case.clinician_id, []).append(case)
    return {cid: AuditOutcome(len(cases), sum(c.score for c in cases) / len(cases), sum(below_standard(c) for c in cases))
            for cid, cases in scores.items()}


def audit_outcomes_by(clinician_ids, first: date, last: date, field: str) -> dict:
    """AuditOutcome per value of the audited consultation's ``field`` ("role" or "service")."""
    groups: dict = {}
    for case in audited_cases(clinician_ids, first=first, last=last):
        groups.setdefault(getattr(case.consultation, field), []).append(case)
    return {key: AuditOutcome(len(cases), sum(c.score for c in cases) / len(cases), sum(below_standard(c) for c in cases))
            for key, cases in groups.items()}
