"""Revalidation's writers: the Responsible Officer's recommendations to the GMC, the Employer Liaison
Service contacts some of them need first, the GMC's outcome, each doctor's GMC state, and the GMC
Connect list out (an export for submission) and back in (an import, all or nothing).

The GMC's rules (rules §6, professional_standards/revalidation.py) are enforced here, each refusal a
ValidationError naming its field: a recommendation outside the submission window (non-engagement may
be made at any time); a deferral without all five criteria, its reason, the missing information and a
new date in the allowed range; a second consecutive deferral, any non-engagement, or either for a doctor
who raised a public-interest concern, until an Employer Liaison contact is recorded (within the
configured lookback) and linked; anything on hold at the GMC; and any change to a submitted
recommendation. Every write goes through the Auditor, inside the service's transaction."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from oversight.audit import auditor
from oversight.audit.exports import audited_csv
from oversight.audit.models import AuditAction
from oversight.core.csv_export import csv_text
from oversight.core.csv_reading import FileProblem, read_rows
from oversight.workforce.models import Clinician
from oversight.workforce.models.clinicians import normalise_registration_number

from .. import revalidation as rules_of
from ..models import (
    DEFERRAL_CRITERIA,
    DeferralReason,
    DoctorRevalidation,
    ElsContact,
    GmcOutcome,
    Recommendation,
    RecommendationBatch,
    RecommendationKind,
    RecommendationStatus,
)

CRITERIA = tuple(name for name, _ in DEFERRAL_CRITERIA)
DEFERRAL_FIELDS = (*CRITERIA, "deferral_reason", "missing_information", "defer_to")
EDITABLE = (*DEFERRAL_FIELDS, "kind", "local_processes_exhausted", "comments", "els_contact")
USUAL_CYCLE_YEARS = 5  # "usually every five years" (rules §6): the next date until the GMC's list says otherwise


def today() -> date:
    return timezone.localdate()


def _label(user) -> str:
    return user.display_name if user is not None and getattr(user, "is_authenticated", False) else "Oversight"


def _user(user):
    return user if user is not None and getattr(user, "is_authenticated", False) else None


def _on(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


# ------------------------------------------------------------------------------ the checks ----


def refuse_if_submitted(recommendation: Recommendation) -> None:
    if recommendation.pk and Recommendation.objects.filter(pk=recommendation.pk, status=RecommendationStatus.SUBMITTED).exists():
        when = recommendation.submitted_at or Recommendation.objects.get(pk=recommendation.pk).submitted_at
        raise ValidationError({"__all__": (
            f"The {recommendation.get_kind_display().lower()} recommendation for {recommendation.clinician.registration_label} "
            f"was submitted to the GMC{' on ' + _on(timezone.localtime(when).date()) if when else ''}: nothing can be "
            f"changed once submitted. If it was wrong, ask the GMC to bring the submission date forward")})


def check(recommendation: Recommendation, revalidation: DoctorRevalidation | None, day: date) -> dict[str, str]:
    """Every rule a recommendation must meet to be made on ``day``: {field: problem}. Links the Employer
    Liaison contact the rules need, when one is recorded within the lookback."""
    rules = rules_of.revalidation_rules()
    problems: dict[str, str] = {}
    kind = recommendation.kind
    if kind not in RecommendationKind.values:
        return {"kind": "Choose revalidate, defer or non-engagement"}
    if revalidation is None or revalidation.submission_due_on is None:
        return {"submission_due_on": "Record the doctor's GMC submission date first (or import the GMC's list)"}
    if revalidation.on_hold:
        return {"__all__": "The doctor's revalidation is on hold at the GMC (a fitness to practise investigation): "
                           "the GMC accepts no recommendation until it is lifted"}
    recommendation.submission_due_on = revalidation.submission_due_on
    problem = rules_of.window_problem(kind, revalidation.submission_due_on, day, rules)
    if problem:
        problems["submission_due_on"] = problem
    others = Recommendation.objects.filter(clinician=recommendation.clinician).exclude(pk=recommendation.pk)
    awaiting = others.filter(status=RecommendationStatus.SUBMITTED, gmc_outcome="").first()
    if awaiting is not None:
        problems["__all__"] = (f"A {awaiting.get_kind_display().lower()} recommendation submitted on "
                               f"{_on(timezone.localtime(awaiting.submitted_at).date())} is waiting for the GMC's outcome: "
                               f"record the outcome before making another")
    elif others.filter(status=RecommendationStatus.DRAFT).exists():
        problems["__all__"] = "The doctor already has a draft recommendation: change or submit that one"
    if kind == RecommendationKind.DEFER:
        for name, wording in DEFERRAL_CRITERIA:
            if not getattr(recommendation, name):
                problems[name] = f"All five criteria must apply to defer. Confirm: {wording.lower()}"
        if recommendation.deferral_reason not in DeferralReason.values:
            problems["deferral_reason"] = "Choose the reason for the deferral"
        if not recommendation.missing_information.strip():
            problems["missing_information"] = "Say what information or outcome is missing, and where and when it will come from"
        problem = rules_of.defer_to_problem(revalidation.submission_due_on, recommendation.defer_to, rules)
        if problem:
            problems["defer_to"] = problem
    else:
        for name in CRITERIA:
            setattr(recommendation, name, False)
        recommendation.deferral_reason, recommendation.missing_information, recommendation.defer_to = "", "", None
    if kind == RecommendationKind.NON_ENGAGEMENT and not recommendation.local_processes_exhausted:
        problems["local_processes_exhausted"] = ("Non-engagement may be recommended only once all reasonable local "
                                                 "processes are exhausted: confirm they are")
    if kind != RecommendationKind.NON_ENGAGEMENT:
        recommendation.local_processes_exhausted = False
    reasons = rules_of.els_reasons(kind, recommendations=list(others), cycle_started_on=revalidation.cycle_started_on,
                                   raised_public_interest_concern=revalidation.raised_public_interest_concern)
    if reasons:
        # A contact answers one recommendation: not one already used by a submitted recommendation, nor one
        # made before the doctor's latest submitted deferral (the next deferral is the one to discuss).
        contacts = ElsContact.objects.filter(clinician=recommendation.clinician).exclude(
            recommendations__status=RecommendationStatus.SUBMITTED)
        last_deferral = others.filter(status=RecommendationStatus.SUBMITTED, kind=RecommendationKind.DEFER).order_by(
            "-submitted_at").first()
        if last_deferral is not None:
            contacts = contacts.filter(contacted_on__gte=timezone.localtime(last_deferral.submitted_at).date())
        usable = rules_of.usable_els_contact(contacts, day, rules)
        chosen = recommendation.els_contact
        if chosen is not None and (chosen.clinician_id != recommendation.clinician_id
                                   or not contacts.filter(pk=chosen.pk).exists()
                                   or rules_of.usable_els_contact([chosen], day, rules) is None):
            chosen = None
        chosen = chosen or usable
        if chosen is None:
            problems["els_contact"] = (f"Contact the GMC's Employer Liaison Service first, because {' and '.join(reasons)}: "
                                       f"record the contact (within the last {rules.els_lookback_days} days), then make "
                                       f"the recommendation")
        recommendation.els_contact = chosen
    else:
        recommendation.els_contact = None
    return problems


def _raise(problems: dict[str, str]) -> None:
    if problems:
        raise ValidationError(problems)


def _revalidation_of(clinician: Clinician) -> DoctorRevalidation | None:
    return DoctorRevalidation.objects.filter(clinician=clinician).first()


def _set(recommendation: Recommendation, data: dict) -> None:
    unknown = set(data) - set(EDITABLE)
    if unknown:
        raise ValidationError({"__all__": f"These cannot be set on a recommendation: {', '.join(sorted(unknown))}"})
    for name, value in data.items():
        if name in ("missing_information", "comments", "deferral_reason", "kind"):
            value = value or ""
        setattr(recommendation, name, value)


# ------------------------------------------------------------------------- recommendations ----


@transaction.atomic
def draft_recommendation(clinician: Clinician, user, *, kind: str, day: date | None = None, **data) -> Recommendation:
    """Prepare a recommendation (checked against every rule as if made today)."""
    day = day or today()
    recommendation = Recommendation(clinician=clinician, kind=kind, prepared_by=_user(user), prepared_by_label=_label(user),
                                    submission_due_on=day)
    _set(recommendation, data)
    _raise(check(recommendation, _revalidation_of(clinician), day))
    recommendation.full_clean()
    auditor.create(recommendation)
    return recommendation


@transaction.atomic
def update_draft(recommendation: Recommendation, user, *, day: date | None = None, **data) -> Recommendation:
    refuse_if_submitted(recommendation)
    _set(recommendation, data)
    _raise(check(recommendation, _revalidation_of(recommendation.clinician), day or today()))
    recommendation.prepared_by, recommendation.prepared_by_label = _user(user), _label(user)
    recommendation.full_clean()
    auditor.update(recommendation)
    return recommendation


@transaction.atomic
def submit(recommendation: Recommendation, user, *, day: date | None = None,
           batch: RecommendationBatch | None = None) -> Recommendation:
    """Record that the recommendation has been made to the GMC (in GMC Connect, from the export): from now
    on nothing about it can change but the GMC's outcome."""
    refuse_if_submitted(recommendation)
    _raise(check(recommendation, _revalidation_of(recommendation.clinician), day or today()))
    recommendation.status = RecommendationStatus.SUBMITTED
    recommendation.submitted_at = timezone.now()
    recommendation.submitted_by, recommendation.submitted_by_label = _user(user), _label(user)
    recommendation.batch = batch
    recommendation.full_clean()
    auditor.update(recommendation)
    return recommendation


@transaction.atomic
def make_recommendation(clinician: Clinician, user, *, kind: str, submit_now: bool = False, day: date | None = None,
                        **data) -> Recommendation:
    """Prepare a recommendation, or change the doctor's draft, and submit it if asked: one transaction."""
    draft = Recommendation.objects.filter(clinician=clinician, status=RecommendationStatus.DRAFT).first()
    if draft is None:
        recommendation = draft_recommendation(clinician, user, kind=kind, day=day, **data)
    else:
        recommendation = update_draft(draft, user, day=day, kind=kind, **data)
    return submit(recommendation, user, day=day) if submit_now else recommendation


@transaction.atomic
def submit_batch(recommendations: Iterable[Recommendation], user, *, day: date | None = None) -> list[RecommendationBatch]:
    """Submit positive recommendations together (GMC Connect takes several doctors at once), all or nothing:
    each is checked, and one that is not a recommendation to revalidate, or breaks a rule, refuses the lot
    (naming the doctor). One batch per designated body."""
    day = day or today()
    chosen = list(recommendations)
    if not chosen:
        raise ValidationError({"recommendations": "Choose at least one doctor"})
    problems = []
    for recommendation in chosen:
        who = recommendation.clinician.registration_label
        if recommendation.kind != RecommendationKind.REVALIDATE:
            problems.append(f"{who}: only recommendations to revalidate can be submitted together, not a "
                            f"{recommendation.get_kind_display().lower()}")
            continue
        if recommendation.is_submitted:
            problems.append(f"{who}: already submitted to the GMC")
            continue
        found = check(recommendation, _revalidation_of(recommendation.clinician), day)
        problems += [f"{who}: {message}" for message in found.values()]
    if problems:
        raise ValidationError({"recommendations": problems})
    by_body: dict = {}
    for recommendation in chosen:
        body = recommendation.clinician.designated_body or recommendation.clinician.organisation
        by_body.setdefault(body, []).append(recommendation)
    batches = []
    now = timezone.now()
    for body, members in by_body.items():
        batch = RecommendationBatch(designated_body=body, submitted_at=now, submitted_by=_user(user),
                                    submitted_by_label=_label(user), size=len(members))
        batch.full_clean()
        auditor.create(batch)
        for recommendation in members:
            submit(recommendation, user, day=day, batch=batch)
        batches.append(batch)
    return batches


@transaction.atomic
def submit_ready(clinicians: Iterable[Clinician], user, *, day: date | None = None) -> list[RecommendationBatch]:
    """The ready list's batch: a recommendation to revalidate for each doctor (their draft, or a new one),
    submitted together, all or nothing."""
    day = day or today()
    recommendations = []
    problems = []
    for clinician in clinicians:
        draft = Recommendation.objects.filter(clinician=clinician, status=RecommendationStatus.DRAFT).first()
        if draft is not None and draft.kind != RecommendationKind.REVALIDATE:
            problems.append(f"{clinician.registration_label}: has a draft {draft.get_kind_display().lower()}, "
                            f"not a recommendation to revalidate")
            continue
        if draft is None:
            draft = Recommendation(clinician=clinician, kind=RecommendationKind.REVALIDATE, prepared_by=_user(user),
                                   prepared_by_label=_label(user), submission_due_on=day)
            found = check(draft, _revalidation_of(clinician), day)
            if found:
                problems += [f"{clinician.registration_label}: {message}" for message in found.values()]
                continue
            draft.full_clean()
            auditor.create(draft)
        recommendations.append(draft)
    if problems:
        raise ValidationError({"recommendations": problems})
    return submit_batch(recommendations, user, day=day)


@transaction.atomic
def record_gmc_outcome(recommendation: Recommendation, user, *, outcome: str, on: date,
                       next_submission_due_on: date | None = None) -> Recommendation:
    """The GMC's answer to a submitted recommendation, and what it does to the doctor's GMC state."""
    if not recommendation.is_submitted:
        raise ValidationError({"outcome": "Only a submitted recommendation has an outcome from the GMC"})
    if recommendation.gmc_outcome:
        raise ValidationError({"outcome": f"The GMC's outcome was recorded on {_on(recommendation.gmc_outcome_on)}"})
    if outcome not in (GmcOutcome.APPROVED, GmcOutcome.NOT_APPROVED):
        raise ValidationError({"outcome": "Choose the GMC's outcome"})
    if on is None or on > today():
        raise ValidationError({"on": "The date of the GMC's outcome must be today or in the past"})
    submitted_on = timezone.localtime(recommendation.submitted_at).date()
    if on < submitted_on:
        raise ValidationError({"on": f"The date of the GMC's outcome must be on or after the submission ({_on(submitted_on)})"})
    recommendation.gmc_outcome, recommendation.gmc_outcome_on = outcome, on
    recommendation.full_clean()
    auditor.update(recommendation)
    revalidation = _revalidation_of(recommendation.clinician)
    if outcome == GmcOutcome.APPROVED and revalidation is not None:
        if recommendation.kind == RecommendationKind.REVALIDATE:
            revalidation.last_revalidated_on = on
            revalidation.cycle_started_on = on
            revalidation.submission_due_on = next_submission_due_on or _years_after(on, USUAL_CYCLE_YEARS)
            revalidation.under_notice = False
        elif recommendation.kind == RecommendationKind.DEFER:
            revalidation.submission_due_on = next_submission_due_on or recommendation.defer_to
            revalidation.under_notice = False
        revalidation.full_clean()
        auditor.update(revalidation)
    return recommendation


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@transaction.atomic
def record_els_contact(clinician: Clinician, user, *, contacted_on: date, adviser_name: str, summary: str) -> ElsContact:
    if contacted_on is None or contacted_on > today():
        raise ValidationError({"contacted_on": "The date of contact must be today or in the past"})
    if not (adviser_name or "").strip():
        raise ValidationError({"adviser_name": "Enter the Employer Liaison Adviser's name"})
    if not (summary or "").strip():
        raise ValidationError({"summary": "Say what was discussed and agreed"})
    contact = ElsContact(clinician=clinician, contacted_on=contacted_on, adviser_name=adviser_name, summary=summary,
                         recorded_by=_user(user), recorded_by_label=_label(user))
    contact.full_clean()
    auditor.create(contact)
    return contact


GMC_STATE_FIELDS = ("submission_due_on", "under_notice", "on_hold", "cycle_started_on", "last_revalidated_on",
                    "raised_public_interest_concern")


@transaction.atomic
def update_gmc_state(clinician: Clinician, user, **data) -> DoctorRevalidation:
    """The doctor's state at the GMC as the RO's office records it (or the GMC's list says)."""
    unknown = set(data) - {*GMC_STATE_FIELDS, "last_gmc_list_on"}
    if unknown:
        raise ValidationError({"__all__": f"Not part of the GMC state: {', '.join(sorted(unknown))}"})
    if not clinician.is_doctor:
        raise ValidationError({"__all__": "Only doctors are revalidated by the GMC"})
    revalidation = _revalidation_of(clinician)
    created = revalidation is None
    if created:
        revalidation = DoctorRevalidation(clinician=clinician)
    for name, value in data.items():
        setattr(revalidation, name, value)
    problems = {}
    if revalidation.cycle_started_on and revalidation.submission_due_on and \
            revalidation.submission_due_on < revalidation.cycle_started_on:
        problems["submission_due_on"] = "The GMC submission date must be on or after the start of the cycle"
    if revalidation.last_revalidated_on and revalidation.last_revalidated_on > today():
        problems["last_revalidated_on"] = "The date last revalidated must be today or in the past"
    if revalidation.on_hold and revalidation.under_notice:
        problems["under_notice"] = "A doctor on hold at the GMC is not under notice: the GMC issues no notice then"
    _raise(problems)
    revalidation.full_clean()
    if created:
        auditor.create(revalidation)
    else:
        auditor.update(revalidation)
    return revalidation


# ----------------------------------------------------------------- the GMC Connect list out ----


def export_rows(recommendations: Iterable[Recommendation]) -> tuple[list[str], list[list]]:
    """The recommendations to submit (drafts) and submitted awaiting the GMC, in GMC Connect's words."""
    columns = rules_of.revalidation_rules().export_columns
    header = [columns[name] for name in rules_of.EXPORT_FIELDS]
    rows = []
    for r in recommendations:
        c = r.clinician
        body = c.designated_body or c.organisation
        rows.append([c.registration_number, c.name, body.ods_code, r.submission_due_on.isoformat(), r.get_kind_display(),
                     r.get_deferral_reason_display() if r.deferral_reason else "", r.defer_to.isoformat() if r.defer_to else "",
                     "Submitted" if r.is_submitted else "Ready to submit"])
    return header, rows


def export_for_submission(request, clinicians) -> object:
    """The CSV for GMC Connect: every draft, and every submitted recommendation still awaiting the GMC, of the
    doctors given (those in the user's scope). Recorded in the audit trail by audited_csv."""
    waiting = Q(status=RecommendationStatus.DRAFT) | Q(status=RecommendationStatus.SUBMITTED, gmc_outcome="")
    chosen = (Recommendation.objects.filter(waiting, clinician__in=clinicians)
              .select_related("clinician", "clinician__designated_body", "clinician__organisation")
              .order_by("submission_due_on", "clinician__registration_number"))
    header, rows = export_rows(chosen)
    return audited_csv(request, filename=f"gmc-recommendations-{today():%Y%m%d}.csv", header=header, rows=rows,
                       object_type="professional_standards.Recommendation",
                       what=f"Revalidation recommendations for GMC Connect ({len(rows)})")


# ------------------------------------------------------------------ the GMC Connect list in ----


@dataclass(frozen=True)
class ListProblem:
    row: int
    column: str
    problem: str


@dataclass
class GmcImportResult:
    rows: int = 0
    updated: int = 0
    outcomes: int = 0
    problems: list[ListProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def problem(self, row: int, column: str, message: str) -> None:
        if len(self.problems) < 1000:
            self.problems.append(ListProblem(row, column, message))

    def problems_csv(self) -> str:
        return csv_text(["row", "column", "problem"], ([p.row, p.column, p.problem] for p in self.problems))


def _heading(text: str) -> str:
    return " ".join(text.strip().casefold().split())


def _date(text: str, formats: tuple[str, ...]) -> date:
    for shape in formats:
        try:
            return datetime.strptime(text.strip(), shape).date()
        except ValueError:
            continue
    raise ValueError(f"'{text}' is not a date like 31/01/2027")


@dataclass
class _ListRow:
    number: int
    clinician: Clinician
    submission_due_on: date | None
    under_notice: bool
    on_hold: bool | None  # None: the list has no status column, so a hold recorded here is left as it is
    outcome: str
    outcome_on: date | None


def import_gmc_list(data: bytes, user, *, clinicians) -> GmcImportResult:
    """Read the GMC Connect list back: each doctor's submission date, notice and hold, and the GMC's outcome of
    a submitted recommendation. All or nothing: any problem (an unknown GMC number, a doctor outside
    ``clinicians``, a bad date or value, a doctor twice) and nothing is written; each is reported by row."""
    rules = rules_of.revalidation_rules()
    result = GmcImportResult()
    try:
        rows = read_rows(data)
    except FileProblem as problem:
        result.problem(problem.line, "", str(problem))
        return result
    columns = rules.gmc_columns
    headings = {_heading(h): h for h in rows.header}
    where = {name: headings.get(_heading(heading)) for name, heading in columns.items()}
    for name in ("gmc_number", "submission_due_on"):
        if where[name] is None:
            result.problem(1, columns[name], f"the header row has no column '{columns[name]}'")
    if not result.ok:
        return result
    doctors = {c.registration_number: c for c in clinicians}
    seen: dict[str, int] = {}
    checked: list[_ListRow] = []
    for number, raw in rows:
        result.rows += 1
        if result.rows > settings.OVERSIGHT_IMPORT_MAX_ROWS:
            result.problem(number, "", f"the file has more than {settings.OVERSIGHT_IMPORT_MAX_ROWS:,} rows: split it")
            break
        cells = {name: (raw.get(heading) or "").strip() if heading else "" for name, heading in where.items()}
        row = _list_row(number, cells, doctors, seen, rules, result)
        if row is not None:
            if where["gmc_status"] is None:
                row.on_hold = None
            checked.append(row)
    if result.ok:
        _write_list(checked, user, hashlib.sha256(data).hexdigest(), result)
    return result


def _list_row(number, cells, doctors, seen, rules, result) -> _ListRow | None:
    columns, values = rules.gmc_columns, rules.gmc_values
    before = len(result.problems)
    gmc = normalise_registration_number(cells["gmc_number"])
    clinician = doctors.get(gmc)
    if not gmc:
        result.problem(number, columns["gmc_number"], "enter the doctor's GMC number")
    elif clinician is None:
        result.problem(number, columns["gmc_number"], f"no doctor with GMC number {gmc} is connected to your designated bodies")
    elif gmc in seen:
        result.problem(number, columns["gmc_number"], f"GMC number {gmc} is also on row {seen[gmc]}")
    else:
        seen[gmc] = number
    due_on = outcome_on = None
    if cells["submission_due_on"]:
        try:
            due_on = _date(cells["submission_due_on"], rules.gmc_date_formats)
        except ValueError as error:
            result.problem(number, columns["submission_due_on"], str(error))
    notice = cells["under_notice"].casefold()
    if notice not in values["yes"] + values["no"]:
        result.problem(number, columns["under_notice"], f"'{cells['under_notice']}' is not yes or no")
    status = cells["gmc_status"].casefold()
    on_hold = status in values["on_hold"]
    outcome_text = cells["outcome"].casefold()
    outcome = ""
    if outcome_text in values["approved"]:
        outcome = GmcOutcome.APPROVED
    elif outcome_text in values["not_approved"]:
        outcome = GmcOutcome.NOT_APPROVED
    elif outcome_text:
        result.problem(number, columns["outcome"], f"'{cells['outcome']}' is not an outcome this import knows")
    if outcome:
        try:
            outcome_on = _date(cells["outcome_on"], rules.gmc_date_formats) if cells["outcome_on"] else today()
        except ValueError as error:
            result.problem(number, columns["outcome_on"], str(error))
        if outcome_on and outcome_on > today():
            result.problem(number, columns["outcome_on"], "the outcome date is in the future")
        if clinician is not None and not Recommendation.objects.filter(
                clinician=clinician, status=RecommendationStatus.SUBMITTED, gmc_outcome="").exists():
            result.problem(number, columns["outcome"], "the doctor has no submitted recommendation awaiting the GMC's outcome")
    if len(result.problems) > before or clinician is None:
        return None
    return _ListRow(number, clinician, due_on, notice in values["yes"] and not on_hold, on_hold, outcome, outcome_on)


class _Refused(Exception):
    pass


def _write_list(checked: list[_ListRow], user, digest: str, result: GmcImportResult) -> None:
    """Write every row, or none: a row a service refuses (a date before the cycle began, say) undoes them all."""
    listed_on = today()
    try:
        with transaction.atomic():
            auditor.record(AuditAction.INGEST, object_type="professional_standards.DoctorRevalidation",
                           object_repr=f"GMC Connect list of {len(checked)} doctors (SHA-256 {digest[:12]})",
                           reason="The GMC's list imported back")
            for row in checked:
                try:
                    _write_row(row, user, listed_on, result)
                except ValidationError as error:
                    for name, messages in error.message_dict.items():
                        column = rules_of.revalidation_rules().gmc_columns.get(name, "")
                        for message in messages:
                            result.problem(row.number, column, message)
            if not result.ok:
                raise _Refused
    except _Refused:
        result.updated = result.outcomes = 0


def _write_row(row: _ListRow, user, listed_on: date, result: GmcImportResult) -> None:
    awaiting = Recommendation.objects.filter(clinician=row.clinician, status=RecommendationStatus.SUBMITTED,
                                             gmc_outcome="").first()
    if row.outcome and awaiting is not None:
        record_gmc_outcome(awaiting, user, outcome=row.outcome, on=row.outcome_on, next_submission_due_on=row.submission_due_on)
        result.outcomes += 1
    state = {"under_notice": row.under_notice, "last_gmc_list_on": listed_on}
    if row.on_hold is not None:
        state["on_hold"] = row.on_hold
    if row.submission_due_on:
        state["submission_due_on"] = row.submission_due_on
    update_gmc_state(row.clinician, user, **state)
    result.updated += 1


def due_soon(day: date) -> date:
    return day + timedelta(days=rules_of.revalidation_rules().due_soon_days)
