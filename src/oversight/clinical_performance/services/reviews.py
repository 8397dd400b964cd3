"""The two-stage review, feedback and reflection (Clinical Guardian practice, rules file §7 [S135]).

Stage 1, the first screen: the assigned auditor passes the case (every criterion scored) or refers it
to the panel with a comment. Stage 2, the panel: referred cases are reviewed by auditors each scoring
every criterion and deciding; the panel is quorate only with at least the round's quorum of distinct
auditors (3 by default), and negative feedback is released only after a quorate panel, so that no
negative feedback comes from one person. Positive feedback may be released after screening. A score
below the template's threshold flags the clinician for re-audit, and the next round samples them more.
These rules are enforced here, so the pages and the API cannot get round them."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from oversight.audit import auditor
from oversight.audit.context import current_actor

from ..models import (
    AuditCase,
    CaseStatus,
    CriterionScore,
    FeedbackKind,
    PanelDecision,
    PanelReview,
    Rating,
    RoundStatus,
    ScreenOutcome,
    Stage,
)
from .errors import AuditRuleError

TEXT_LIMIT = 10_000


def score_of(template, ratings: dict[str, str]) -> float:
    """The weighted share of the criteria met, as a percentage."""
    criteria = {c.code: c for c in template.criteria.all()}
    total = sum(c.weight for c in criteria.values())
    earned = sum(criteria[code].weight * template.scale[rating] for code, rating in ratings.items())
    return round(100 * earned / total, 1)


def grade_of(template, score: float | None) -> str:
    if score is None:
        return ""
    return next(name for name, minimum in template.grade_bands if score >= minimum)


def check_ratings(case: AuditCase, ratings: dict, *, complete: bool) -> dict:
    """The ratings, refused with a clear error for an unknown criterion or a rating off the scale."""
    criteria = {c.code: c for c in case.round.template.criteria.all()}
    for code, rating in ratings.items():
        if code not in criteria:
            raise AuditRuleError(f"{code!r} is not a criterion of the template {case.round.template}", field="ratings")
        if rating not in Rating.values:
            raise AuditRuleError(f"{rating!r} is not on the scale for {code!r}: use compliant, partially_compliant "
                                 "or non_compliant", field=f"criterion_{code}")
    if complete:
        missing = [c for code, c in criteria.items() if code not in ratings]
        if missing:
            raise AuditRuleError(f"Score every criterion: {len(missing)} not scored, starting with "
                                 f"{missing[0].wording!r}", field=f"criterion_{missing[0].code}")
    return ratings


def _locked(case: AuditCase, *, closed_allowed: bool = False) -> AuditCase:
    if case.pk is None or not AuditCase.objects.filter(pk=case.pk).exists():
        raise AuditRuleError("That case is not in any round's sample", field="case")
    locked = AuditCase.objects.select_for_update().select_related("round__template", "clinician").get(pk=case.pk)
    if locked.round.status == RoundStatus.CLOSED and not closed_allowed:
        raise AuditRuleError("This round is closed: its scores and feedback are final", field="case")
    return locked


def _not_own(case: AuditCase, user) -> None:
    if case.clinician.user_id is not None and case.clinician.user_id == user.pk:
        raise AuditRuleError("You cannot audit your own consultations", field="reviewer")


def _text(value: str, field: str, label: str, *, required: bool) -> str:
    value = (value or "").strip()
    if required and not value:
        raise AuditRuleError(f"Enter {label}", field=field)
    if len(value) > TEXT_LIMIT:
        raise AuditRuleError(f"{label[:1].upper()}{label[1:]} must be {TEXT_LIMIT:,} characters or fewer", field=field)
    return value


def _write_scores(case: AuditCase, reviewer, stage: str, ratings: dict) -> None:
    criteria = {c.code: c for c in case.round.template.criteria.all()}
    for code, rating in ratings.items():
        auditor.create(CriterionScore(case=case, criterion=criteria[code], reviewer=reviewer, stage=stage, rating=rating))


def _flag(case: AuditCase, score: float | None) -> None:
    case.score = score
    case.grade = grade_of(case.round.template, score)
    case.reaudit = score is not None and score < case.round.template.reaudit_below


@transaction.atomic
def screen_case(*, case: AuditCase, reviewer, outcome: str, ratings: dict, comment: str = "") -> AuditCase:
    case = _locked(case)
    if case.status != CaseStatus.AWAITING_SCREEN:
        raise AuditRuleError("This case has already been screened", field="outcome")
    if case.auditor_id != reviewer.pk:
        raise AuditRuleError("Only the auditor the case is assigned to can screen it", field="reviewer")
    _not_own(case, reviewer)
    if outcome not in ScreenOutcome.values:
        raise AuditRuleError("Choose Pass or Refer", field="outcome")
    ratings = check_ratings(case, ratings, complete=outcome == ScreenOutcome.PASS)
    comment = _text(comment, "comment", "a comment for the panel", required=outcome == ScreenOutcome.REFER)
    score = score_of(case.round.template, ratings) if len(ratings) == case.round.template.criteria.count() else None
    if outcome == ScreenOutcome.PASS and score < case.round.template.reaudit_below:
        raise AuditRuleError(f"A score of {score:g}% is below the re-audit threshold "
                             f"({case.round.template.reaudit_below:g}%): refer the case to the panel", field="outcome")
    _write_scores(case, reviewer, Stage.SCREEN, ratings)
    case.screen_outcome, case.screen_comment, case.screened_at = outcome, comment, timezone.now()
    case.status = CaseStatus.PASSED if outcome == ScreenOutcome.PASS else CaseStatus.REFERRED
    _flag(case, score)
    auditor.update(case)
    return case


@transaction.atomic
def review_at_panel(*, case: AuditCase, reviewer, decision: str, ratings: dict, comment: str = "") -> AuditCase:
    case = _locked(case)
    if case.status not in (CaseStatus.REFERRED, CaseStatus.PANEL_REVIEWED):
        raise AuditRuleError("Only a case referred at screening, with feedback not yet released, goes to the panel",
                             field="decision")
    _not_own(case, reviewer)
    if case.panel_reviews.filter(reviewer=reviewer).exists():
        raise AuditRuleError("You have already reviewed this case on the panel", field="reviewer")
    if decision not in PanelDecision.values:
        raise AuditRuleError("Choose whether the panel confirms concerns", field="decision")
    ratings = check_ratings(case, ratings, complete=True)
    comment = _text(comment, "comment", "a comment", required=False)
    _write_scores(case, reviewer, Stage.PANEL, ratings)
    auditor.create(PanelReview(case=case, reviewer=reviewer, decision=decision, comment=comment,
                               score=score_of(case.round.template, ratings)))
    if panel_size(case) >= case.round.quorum:
        _decide(case)
    auditor.update(case)
    return case


def panel_size(case: AuditCase) -> int:
    return case.panel_reviews.values("reviewer").distinct().count()


def is_quorate(case: AuditCase) -> bool:
    return panel_size(case) >= case.round.quorum


def _decide(case: AuditCase) -> None:
    """The panel's view once quorate: the mean of its scores; concerns confirmed if at least half say so."""
    reviews = list(case.panel_reviews.all())
    confirmed = sum(r.decision == PanelDecision.CONCERNS_CONFIRMED for r in reviews)
    case.panel_decision = PanelDecision.CONCERNS_CONFIRMED if 2 * confirmed >= len(reviews) else PanelDecision.NO_CONCERNS
    case.status = CaseStatus.PANEL_REVIEWED
    _flag(case, round(sum(r.score for r in reviews) / len(reviews), 1))


def feedback_kind(case: AuditCase) -> str:
    negative = (case.panel_decision == PanelDecision.CONCERNS_CONFIRMED or case.reaudit
                or case.status == CaseStatus.REFERRED)
    return FeedbackKind.NEGATIVE if negative else FeedbackKind.POSITIVE


@transaction.atomic
def release_feedback(*, case: AuditCase, feedback: str) -> AuditCase:
    case = _locked(case)
    if case.status == CaseStatus.RELEASED:
        raise AuditRuleError("Feedback on this case has already been released", field="feedback")
    if case.status == CaseStatus.AWAITING_SCREEN:
        raise AuditRuleError("The case has not been screened yet", field="feedback")
    kind = feedback_kind(case)
    # Said twice on purpose: a referred case waits for its panel, and negative feedback, whatever the
    # route to it, never goes out on fewer than the quorum of auditors.
    if case.status == CaseStatus.REFERRED or (kind == FeedbackKind.NEGATIVE and not is_quorate(case)):
        raise AuditRuleError(f"Feedback on a referred case is released only after a panel of at least "
                             f"{case.round.quorum} auditors has reviewed it ({panel_size(case)} so far)", field="feedback")
    actor = current_actor()
    if actor is not None and actor.user is not None and case.clinician.user_id == getattr(actor.user, "pk", None):
        # A clinical lead is often a clinician too: they never release the feedback on their own consultations.
        raise AuditRuleError("You cannot release the feedback on your own consultations", field="feedback")
    case.feedback = _text(feedback, "feedback", "the feedback for the clinician", required=True)
    case.feedback_kind, case.status, case.released_at = kind, CaseStatus.RELEASED, timezone.now()
    case.released_by_label = actor.label if actor else ""
    auditor.update(case)
    return case


@transaction.atomic
def write_reflection(*, case: AuditCase, user, reflection: str) -> AuditCase:
    case = _locked(case, closed_allowed=True)  # a clinician may reflect after the round closes
    if case.clinician.user_id is None or case.clinician.user_id != user.pk:
        raise AuditRuleError("Only the clinician whose consultation was audited can write the reflection", field="reflection")
    if case.status != CaseStatus.RELEASED:
        raise AuditRuleError("You can reflect on a case once its feedback has been released", field="reflection")
    case.reflection = _text(reflection, "reflection", "your reflection", required=True)
    case.reflected_at = timezone.now()
    auditor.update(case)
    return case
