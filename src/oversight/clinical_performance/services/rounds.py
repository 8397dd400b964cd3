"""Audit rounds: the template copied into the database, and the sample drawn reproducibly.

A round samples each clinician's consultations in its period: a number per clinician or a percentage
of their contacts, multiplied for clinicians at higher risk (re-audit flagged in the last round, new
starters, many hours worked on their recorded shifts). For a clinician with no shifts recorded in the
period the consultation count stands in for hours, and the reason says so (docs/clinical-audit.md).
The sample is drawn with a recorded seed from the records in a fixed order, so the same seed and the
same records always give the same sample. Each case goes to the least-loaded auditor who is not the
clinician themself."""

from __future__ import annotations

import calendar
import math
import random
import secrets
from collections import Counter, defaultdict
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, Min
from django.utils import timezone

from oversight.accounts.access import can
from oversight.accounts.models import RoleAssignment
from oversight.accounts.roles import Capability as C
from oversight.audit import auditor
from oversight.audit.context import current_actor
from oversight.audit.models import AuditAction

from ..configuration import TemplateRule, programme, read_template
from ..models import (
    AuditCase,
    AuditCriterion,
    AuditRound,
    AuditTemplate,
    CaseStatus,
    Consultation,
    RoundStatus,
    SamplingMethod,
)
from ..selectors import hours_worked
from .errors import AuditRuleError

MAX_SEED = 2**48


@transaction.atomic
def template_copy(rule: TemplateRule | None = None) -> AuditTemplate:
    """The database copy of this version of the template, made the first time a round uses it."""
    rule = rule or read_template()
    existing = AuditTemplate.objects.filter(fingerprint=rule.fingerprint).first()
    if existing:
        return existing
    template = AuditTemplate(name=rule.name, version=rule.version, fingerprint=rule.fingerprint, source=rule.source,
                             confidence=str(rule.confidence), scale=rule.scale, reaudit_below=rule.reaudit_below,
                             grade_bands=[[name, minimum] for name, minimum in rule.grade_bands])
    auditor.create(template)
    for position, criterion in enumerate(rule.criteria, start=1):
        auditor.create(AuditCriterion(template=template, code=criterion.code, position=position,
                                      wording=criterion.wording, weight=criterion.weight))
    return template


def default_period_end(start: date, months: int | None = None) -> date:
    """The last day of the period that starts on ``start`` (a quarter unless configured otherwise)."""
    months = months or programme().period_months
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1])) - timedelta(days=1)


@transaction.atomic
def create_round(*, organisation, name: str, period_start: date, period_end: date | None = None,
                 sampling_method: str | None = None, per_clinician: int | None = None,
                 percentage: float | None = None, created_by=None, template: AuditTemplate | None = None) -> AuditRound:
    rules = programme()
    period_end = period_end or default_period_end(period_start)
    method = sampling_method or rules.sampling_method
    per_clinician = rules.per_clinician if per_clinician is None else per_clinician
    percentage = rules.percentage if percentage is None else percentage
    _check_round(name, period_start, period_end, method, per_clinician, percentage)
    audit_round = AuditRound(
        organisation=organisation, name=name.strip(), period_start=period_start, period_end=period_end,
        template=template or template_copy(), sampling_method=method, per_clinician=per_clinician, percentage=percentage,
        risk_multiplier=rules.risk_multiplier, new_starter_days=rules.new_starter_days,
        high_volume_consultations=rules.high_volume_consultations,
        high_volume_hours=hours_threshold(period_start, period_end), quorum=rules.quorum, created_by=created_by)
    auditor.create(audit_round)
    return audit_round


def _check_round(name, start, end, method, per_clinician, percentage) -> None:
    if not (name or "").strip():
        raise AuditRuleError("Enter a name for the round", field="name")
    if end < start:
        raise AuditRuleError("The period must end on or after the day it starts", field="period_end")
    if (end - start).days > 366:
        raise AuditRuleError("A round covers at most a year", field="period_end")
    if method not in SamplingMethod.values:
        raise AuditRuleError("Choose how to sample: a number per clinician or a percentage", field="sampling_method")
    if method == SamplingMethod.PER_CLINICIAN and not 1 <= per_clinician <= 100:
        raise AuditRuleError("Sample between 1 and 100 consultations per clinician", field="per_clinician")
    if method == SamplingMethod.PERCENTAGE and not 0 < percentage <= 100:
        raise AuditRuleError("The percentage must be more than 0 and at most 100", field="percentage")


def eligible_auditors(organisation) -> list:
    """Active users holding REVIEW_CLINICAL_AUDIT for the organisation, in a fixed order."""
    user_ids = RoleAssignment.objects.current().values_list("user_id", flat=True).distinct()
    users = get_user_model().objects.filter(id__in=user_ids, is_active=True).order_by("username")
    return [user for user in users if can(user, C.REVIEW_CLINICAL_AUDIT, organisation)]


def base_sample_size(audit_round: AuditRound, consultations: int) -> int:
    if audit_round.sampling_method == SamplingMethod.PERCENTAGE:
        return max(1, math.ceil(consultations * audit_round.percentage / 100))
    return audit_round.per_clinician


def hours_threshold(period_start: date, period_end: date) -> float:
    """The configured "many hours" for a period of the configured length, pro rata by days for a round
    of another length (a year-long round must not flag everyone who works a quarter's hours)."""
    rules = programme()
    configured_end = default_period_end(period_start, rules.period_months)
    if period_end == configured_end:
        return rules.high_volume_hours
    configured = (configured_end - period_start).days + 1
    days = (period_end - period_start).days + 1
    return round(rules.high_volume_hours * days / configured, 1)


def many_hours_threshold(audit_round: AuditRound) -> float:
    """The round's own threshold, copied when it was created like its other risk rules, so a later change
    to the configuration never changes how a round was drawn."""
    return audit_round.high_volume_hours


def workload_reason(audit_round: AuditRound, consultations: int, hours: float, threshold: float) -> str:
    """Why the clinician's workload puts them at higher risk, or "": hours worked on their recorded
    shifts; the consultation count only when no shift is recorded in the period."""
    if hours > 0:
        return f"Many hours: {round(hours, 1):g} worked in the period (at least {threshold:g})" if hours >= threshold else ""
    if consultations >= audit_round.high_volume_consultations:
        return (f"Many consultations: {consultations} in the period (at least {audit_round.high_volume_consultations}); "
                "no shifts are recorded for the period, so the consultation count stands in for hours worked")
    return ""


def risk_reasons(audit_round: AuditRound, clinician_id, consultations: int, first_seen: dict, flagged: set, *,
                 hours: float = 0.0, threshold: float | None = None) -> list[str]:
    reasons = []
    if clinician_id in flagged:
        reasons.append("Re-audit: a score in the last round was below the threshold")
    first = first_seen.get(clinician_id)
    if first and (audit_round.period_end - timezone.localtime(first).date()).days <= audit_round.new_starter_days:
        reasons.append(f"New starter: first consultation on record within {audit_round.new_starter_days} days")
    threshold = many_hours_threshold(audit_round) if threshold is None else threshold
    if workload := workload_reason(audit_round, consultations, hours, threshold):
        reasons.append(workload)
    return reasons


def _flagged_for_reaudit(audit_round: AuditRound) -> set:
    previous = (AuditRound.objects.filter(organisation=audit_round.organisation, period_end__lt=audit_round.period_start)
                .exclude(status=RoundStatus.OPEN).order_by("-period_end").first())
    if previous is None:
        return set()
    return set(previous.cases.filter(reaudit=True).values_list("clinician_id", flat=True))


def _period_consultations(audit_round: AuditRound) -> dict:
    """Each clinician's consultations in the period, in a fixed order (time, then case reference)."""
    start = timezone.make_aware(timezone.datetime.combine(audit_round.period_start, timezone.datetime.min.time()))
    end = timezone.make_aware(timezone.datetime.combine(audit_round.period_end + timedelta(days=1), timezone.datetime.min.time()))
    by_clinician = defaultdict(list)
    rows = (Consultation.objects.filter(organisation=audit_round.organisation, consulted_at__gte=start, consulted_at__lt=end)
            .select_related("clinician").order_by("consulted_at", "case_reference", "clinician__registration_number"))
    for consultation in rows:
        by_clinician[consultation.clinician].append(consultation)
    return by_clinician


def choose_sample(audit_round: AuditRound, seed: int) -> list[tuple]:
    """(consultation, reasons) for every consultation sampled: the same for the same seed and records."""
    by_clinician = _period_consultations(audit_round)
    first_seen = dict(Consultation.objects.filter(organisation=audit_round.organisation)
                      .values_list("clinician_id").annotate(first=Min("consulted_at")))
    flagged = _flagged_for_reaudit(audit_round)
    hours = hours_worked([c.id for c in by_clinician], audit_round.period_start, audit_round.period_end)
    threshold = many_hours_threshold(audit_round)
    rng = random.Random(seed)
    chosen = []
    for clinician in sorted(by_clinician, key=lambda c: c.registration_number):
        consultations = by_clinician[clinician]
        reasons = risk_reasons(audit_round, clinician.id, len(consultations), first_seen, flagged,
                               hours=hours[clinician.id], threshold=threshold)
        size = base_sample_size(audit_round, len(consultations))
        if reasons:
            size = math.ceil(size * audit_round.risk_multiplier)
        chosen += [(c, reasons) for c in rng.sample(consultations, min(size, len(consultations)))]
    return chosen


def assign_auditors(sample: list[tuple], auditors: list) -> list:
    """An auditor for each case: the least loaded so far who is not the clinician themself."""
    load = Counter({auditor_.pk: 0 for auditor_ in auditors})
    assigned = []
    for consultation, _ in sample:
        candidates = [a for a in auditors if a.pk != consultation.clinician.user_id]
        if not candidates:
            raise AuditRuleError(
                f"No auditor other than the clinician themself can review {consultation.clinician.registration_label}'s "
                f"cases: give another user the clinical auditor role for this organisation", field="auditors")
        chosen = min(candidates, key=lambda a: (load[a.pk], a.username))
        load[chosen.pk] += 1
        assigned.append(chosen)
    return assigned


@transaction.atomic
def close_round(*, audit_round: AuditRound) -> AuditRound:
    """Close a round whose every case has had its feedback released: its scores are then final, no case
    can be screened, reviewed or released again, and it leaves the auditors' queues."""
    audit_round = AuditRound.objects.select_for_update().get(pk=audit_round.pk)
    if audit_round.status != RoundStatus.SAMPLED:
        raise AuditRuleError("Only a round whose sample has been drawn, and not yet closed, can be closed",
                             field="round")
    outstanding = (AuditCase.objects.filter(round=audit_round).exclude(status=CaseStatus.RELEASED)
                   .values("status").annotate(n=Count("id")).order_by("status"))
    if outstanding:
        waiting = "; ".join(f"{row['n']} {CaseStatus(row['status']).label.lower()}" for row in outstanding)
        raise AuditRuleError(f"Release the feedback on every case before closing the round: {waiting}", field="round")
    audit_round.status = RoundStatus.CLOSED
    auditor.update(audit_round)
    return audit_round


@transaction.atomic
def draw_sample(*, audit_round: AuditRound, seed: int | None = None, auditors: list | None = None) -> AuditRound:
    audit_round = AuditRound.objects.select_for_update().get(pk=audit_round.pk)
    if audit_round.status != RoundStatus.OPEN:
        raise AuditRuleError("The sample for this round has already been drawn", field="seed")
    if seed is not None and not 0 <= seed < MAX_SEED:
        raise AuditRuleError(f"The seed must be a whole number from 0 to {MAX_SEED - 1}", field="seed")
    seed = secrets.randbelow(MAX_SEED) if seed is None else seed
    sample = choose_sample(audit_round, seed)
    if not sample:
        raise AuditRuleError("No consultations were imported for this organisation in the round's period", field="seed")
    auditors = eligible_auditors(audit_round.organisation) if auditors is None else auditors
    assigned = assign_auditors(sample, auditors)
    cases = [AuditCase(round=audit_round, consultation=c, clinician=c.clinician, auditor=a, risk_reasons=reasons)
             for (c, reasons), a in zip(sample, assigned, strict=True)]
    with auditor.bulk(AuditAction.CREATE, audit_round, models=(AuditCase,), changes={"seed": seed}):
        AuditCase.objects.bulk_create(cases)
    actor = current_actor()
    audit_round.seed, audit_round.status = seed, RoundStatus.SAMPLED
    audit_round.drawn_at, audit_round.drawn_by_label = timezone.now(), actor.label if actor else ""
    auditor.update(audit_round)
    return audit_round
