"""The clinician audit's rules, at the service: template copies, reproducible risk-weighted samples,
auditor queues, the two-stage review with its quorum, feedback and reflection."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from oversight.audit.context import Actor, acting_as
from oversight.audit.models import AuditEntry
from oversight.testing.factories import build_tree

from ..access import may_see_clinician, relationship
from ..configuration import read_template
from ..models import AuditCase, AuditTemplate, CaseStatus, FeedbackKind, PanelDecision, RoundStatus
from ..services import reviews, rounds
from ..services.errors import AuditRuleError
from .factories import audit_world, consultations

ALL_MET = {c.code: "compliant" for c in read_template().criteria}


def all_rated(rating: str) -> dict:
    return dict.fromkeys(ALL_MET, rating)


@pytest.fixture
def world(db):
    tree = build_tree()
    world = audit_world(tree["trust_a"])
    world["tree"] = tree
    with acting_as(Actor(user=world["lead"])):
        yield world


def new_round(world, **kwargs):
    kwargs.setdefault("per_clinician", 4)
    return rounds.create_round(organisation=world["tree"]["trust_a"], name="Q1 2026-27",
                               period_start=date(2026, 4, 1), created_by=world["lead"], **kwargs)


def test_a_round_defaults_to_a_quarter_and_copies_the_template_once(world):
    first, second = new_round(world), new_round(world)
    assert first.period_end == date(2026, 6, 30)
    assert first.template_id == second.template_id
    assert first.template.criteria.count() == 14
    assert AuditTemplate.objects.count() == 1
    assert first.quorum == 3


def test_editing_the_template_makes_a_new_copy_and_leaves_past_rounds_alone(world, tmp_path):
    past = new_round(world)
    text = (rounds.read_template.__globals__["RULES"] / "audit_template.toml").read_text()
    edited = read_template(text.replace('version = "2026.1"', 'version = "2026.2"').replace("Red flags were", "Red flags are"))
    copy = rounds.template_copy(edited)
    assert copy.pk != past.template_id
    assert past.template.criteria.get(code="red_flags").wording.startswith("Red flags were")


def test_period_and_sample_size_are_checked(world):
    with pytest.raises(AuditRuleError) as error:
        rounds.create_round(organisation=world["tree"]["trust_a"], name="Backwards", period_start=date(2026, 4, 1),
                            period_end=date(2026, 3, 1))
    assert error.value.field == "period_end"
    with pytest.raises(AuditRuleError) as error:
        new_round(world, sampling_method="percentage", percentage=0)
    assert error.value.field == "percentage"


def sample_of(audit_round):
    return sorted(audit_round.cases.values_list("consultation__case_reference", flat=True))


def test_the_same_seed_and_records_give_the_same_sample(world):
    one = rounds.draw_sample(audit_round=new_round(world), seed=12345)
    two = rounds.draw_sample(audit_round=new_round(world), seed=12345)
    other = rounds.draw_sample(audit_round=new_round(world), seed=54321)
    assert one.seed == 12345 and one.status == RoundStatus.SAMPLED
    assert sample_of(one) == sample_of(two)
    assert sample_of(one) != sample_of(other)


def test_a_drawn_round_cannot_be_drawn_again(world):
    audit_round = rounds.draw_sample(audit_round=new_round(world), seed=1)
    with pytest.raises(AuditRuleError, match="already been drawn"):
        rounds.draw_sample(audit_round=audit_round, seed=2)


def test_new_starters_are_sampled_more(world):
    # Both clinicians' first consultations are in the period: both are new starters, so 4 x 2 each,
    # capped at what they have.
    audit_round = rounds.draw_sample(audit_round=new_round(world), seed=7)
    first = audit_round.cases.filter(clinician=world["first"])
    assert first.count() == 8
    assert audit_round.cases.filter(clinician=world["second"]).count() == 8
    assert "New starter" in first.first().risk_reasons[0]


def test_percentage_sampling_takes_at_least_one(world):
    audit_round = rounds.draw_sample(audit_round=new_round(world, sampling_method="percentage", percentage=10), seed=3)
    # 10% of 12 is 1.2 -> 2, doubled for a new starter -> 4; 10% of 8 -> 1, doubled -> 2
    assert audit_round.cases.filter(clinician=world["first"]).count() == 4
    assert audit_round.cases.filter(clinician=world["second"]).count() == 2


def test_a_clinician_flagged_for_reaudit_is_sampled_more_next_round(world):
    # The second clinician's April consultations make them no longer a new starter from July.
    trust = world["tree"]["trust_a"]
    later = rounds.create_round(organisation=trust, name="Q2", period_start=date(2026, 7, 1), per_clinician=1)
    consultations(world["second"], 5, start=_at(2026, 7, 2), prefix="JUL")
    assert rounds.draw_sample(audit_round=later, seed=1).cases.filter(clinician=world["second"]).count() == 1
    case = later.cases.get(clinician=world["second"])
    reviews.screen_case(case=case, reviewer=case.auditor, outcome="refer", ratings=all_rated("non_compliant"),
                        comment="Safety-netting missing")
    case.refresh_from_db()
    assert case.reaudit and case.score == 0
    quarter = rounds.create_round(organisation=trust, name="Q3", period_start=date(2026, 10, 1), per_clinician=1)
    consultations(world["second"], 5, start=_at(2026, 10, 2), prefix="OCT")
    cases = rounds.draw_sample(audit_round=quarter, seed=1).cases.filter(clinician=world["second"])
    assert cases.count() == 2
    assert cases.first().risk_reasons == ["Re-audit: a score in the last round was below the threshold"]


def _hours_world(world, monkeypatch):
    """A July round after April's consultations (so no new starters), 5 consultations each in July, and
    thresholds low enough to test: 20 hours a quarter, or 5 consultations when no shift is recorded."""
    from dataclasses import replace

    from ..services.shifts import record_shift

    lowered = replace(rounds.programme(), high_volume_hours=20, high_volume_consultations=5)
    monkeypatch.setattr(rounds, "programme", lambda: lowered)
    for clinician in (world["first"], world["second"]):
        consultations(clinician, 5, start=_at(2026, 7, 2), prefix="JUL")
    audit_round = rounds.create_round(organisation=world["tree"]["trust_a"], name="Q2", period_start=date(2026, 7, 1),
                                      per_clinician=1)
    return audit_round, record_shift


def test_many_hours_on_recorded_shifts_samples_more(world, monkeypatch):
    audit_round, record_shift = _hours_world(world, monkeypatch)
    for day in (3, 4):  # 2 x 12 hours: 24, over the 20
        record_shift(clinician=world["first"], starts_at=_at(2026, 7, day), ends_at=_at(2026, 7, day) + timedelta(hours=12),
                     service="Out of hours", role="GP")
    # 4 hours: under the threshold, and the 5 consultations no longer count because shifts are recorded
    record_shift(clinician=world["second"], starts_at=_at(2026, 7, 3), ends_at=_at(2026, 7, 3) + timedelta(hours=4),
                 service="Out of hours", role="GP")
    drawn = rounds.draw_sample(audit_round=audit_round, seed=5)
    first = drawn.cases.filter(clinician=world["first"])
    assert first.count() == 2
    assert first.first().risk_reasons == ["Many hours: 24 worked in the period (at least 20)"]
    second = drawn.cases.get(clinician=world["second"])
    assert second.risk_reasons == []


def test_with_no_shifts_recorded_the_consultation_count_stands_in_and_says_so(world, monkeypatch):
    audit_round, _ = _hours_world(world, monkeypatch)
    drawn = rounds.draw_sample(audit_round=audit_round, seed=5)
    cases = drawn.cases.filter(clinician=world["second"])
    assert cases.count() == 2
    (reason,) = cases.first().risk_reasons
    assert reason.startswith("Many consultations: 5 in the period (at least 5)")
    assert "no shifts are recorded for the period" in reason


def test_the_hours_threshold_is_pro_rata_for_a_round_of_another_length(world):
    trust = world["tree"]["trust_a"]
    quarter = rounds.create_round(organisation=trust, name="Q2", period_start=date(2026, 7, 1))
    half = rounds.create_round(organisation=trust, name="H2", period_start=date(2026, 7, 1), period_end=date(2026, 12, 31))
    configured = rounds.programme().high_volume_hours
    assert rounds.many_hours_threshold(quarter) == configured
    assert rounds.many_hours_threshold(half) == round(configured * 184 / 92, 1)


def _at(year, month, day):
    from datetime import datetime

    from django.utils import timezone

    return timezone.make_aware(datetime(year, month, day, 9))


def test_queues_are_balanced_and_no_one_audits_themself(world):
    own_user = world["clinician_user"]
    auditors = [*world["auditors"], own_user]  # even if the clinician were offered as an auditor
    audit_round = rounds.draw_sample(audit_round=new_round(world), seed=99, auditors=auditors)
    loads = {a.pk: audit_round.cases.filter(auditor=a).count() for a in auditors}
    assert not audit_round.cases.filter(clinician=world["first"], auditor=own_user).exists()
    assert max(loads.values()) - min(loads.values()) <= 1 + audit_round.cases.filter(clinician=world["first"]).count()
    assert max(loads[a.pk] for a in world["auditors"]) - min(loads[a.pk] for a in world["auditors"]) <= 1


def test_only_the_clinician_cannot_be_the_only_auditor(world):
    with pytest.raises(AuditRuleError, match="other than the clinician themself"):
        rounds.draw_sample(audit_round=new_round(world), seed=1, auditors=[world["clinician_user"]])


def test_eligible_auditors_are_those_reviewing_for_the_organisation(world):
    names = {u.username for u in rounds.eligible_auditors(world["tree"]["trust_a"])}
    assert names == {"lead", "auditor1", "auditor2", "auditor3"}


@pytest.fixture
def drawn(world):
    return rounds.draw_sample(audit_round=new_round(world), seed=2026, auditors=world["auditors"])


def first_case(drawn, world):
    return drawn.cases.filter(clinician=world["first"]).order_by("consultation__consulted_at").first()


def test_a_pass_needs_every_criterion_scored(drawn, world):
    case = first_case(drawn, world)
    partial = dict(list(ALL_MET.items())[:5])
    with pytest.raises(AuditRuleError, match="Score every criterion") as error:
        reviews.screen_case(case=case, reviewer=case.auditor, outcome="pass", ratings=partial)
    assert error.value.field.startswith("criterion_")
    assert not case.scores.exists()


def test_unknown_criterion_and_off_scale_ratings_are_refused(drawn, world):
    case = first_case(drawn, world)
    with pytest.raises(AuditRuleError, match="not a criterion"):
        reviews.screen_case(case=case, reviewer=case.auditor, outcome="pass", ratings={**ALL_MET, "bedside_manner": "compliant"})
    with pytest.raises(AuditRuleError, match="not on the scale"):
        reviews.screen_case(case=case, reviewer=case.auditor, outcome="pass", ratings={**ALL_MET, "history": "excellent"})
    assert not case.scores.exists()


def test_a_score_for_a_case_not_in_the_sample_is_refused(drawn, world):
    stray = AuditCase(round=drawn, consultation=first_case(drawn, world).consultation, clinician=world["first"])
    with pytest.raises(AuditRuleError, match="not in any round's sample"):
        reviews.screen_case(case=stray, reviewer=world["auditors"][0], outcome="pass", ratings=ALL_MET)


def test_only_the_assigned_auditor_screens(drawn, world):
    case = first_case(drawn, world)
    other = next(a for a in world["auditors"] if a.pk != case.auditor_id)
    with pytest.raises(AuditRuleError, match="assigned"):
        reviews.screen_case(case=case, reviewer=other, outcome="pass", ratings=ALL_MET)


def test_a_pass_scores_grades_and_releases_positive_feedback(drawn, world):
    case = first_case(drawn, world)
    case = reviews.screen_case(case=case, reviewer=case.auditor, outcome="pass", ratings=ALL_MET)
    assert (case.status, case.score, case.grade, case.reaudit) == (CaseStatus.PASSED, 100.0, "Blue", False)
    case = reviews.release_feedback(case=case, feedback="A thorough, well safety-netted consultation.")
    assert case.feedback_kind == FeedbackKind.POSITIVE and case.status == CaseStatus.RELEASED


def test_a_low_score_cannot_pass(drawn, world):
    case = first_case(drawn, world)
    with pytest.raises(AuditRuleError, match="refer the case"):
        reviews.screen_case(case=case, reviewer=case.auditor, outcome="pass", ratings=all_rated("partially_compliant"))


def test_weighted_scores_and_grade_bands(drawn, world):
    template = drawn.template
    # Everything compliant but red flags (weight 2 of 17): 15/17 = 88.2% -> Green
    assert reviews.score_of(template, {**ALL_MET, "red_flags": "non_compliant"}) == 88.2
    assert reviews.grade_of(template, 88.2) == "Green"
    assert reviews.grade_of(template, 90) == "Blue"
    assert reviews.grade_of(template, 80) == "Yellow"
    assert reviews.grade_of(template, 70) == "Red"


def refer(case):
    return reviews.screen_case(case=case, reviewer=case.auditor, outcome="refer", comment="Red flags not asked",
                               ratings={"red_flags": "non_compliant"})


def test_negative_feedback_waits_for_a_quorate_panel(drawn, world):
    case = refer(first_case(drawn, world))
    assert case.status == CaseStatus.REFERRED
    with pytest.raises(AuditRuleError, match="at least 3 auditors has reviewed it \\(0 so far\\)"):
        reviews.release_feedback(case=case, feedback="Please ask about red flags.")
    for n, reviewer in enumerate(world["auditors"][:2]):
        reviews.review_at_panel(case=case, reviewer=reviewer, decision="concerns_confirmed",
                                ratings={**ALL_MET, "red_flags": "non_compliant", "safety_netting": "non_compliant"})
        with pytest.raises(AuditRuleError, match=f"\\({n + 1} so far\\)"):
            reviews.release_feedback(case=case, feedback="Please ask about red flags.")
    case.refresh_from_db()
    assert case.status == CaseStatus.REFERRED and not case.feedback
    case = reviews.review_at_panel(case=case, reviewer=world["lead"], decision="concerns_confirmed",
                                   ratings={**ALL_MET, "red_flags": "non_compliant", "safety_netting": "non_compliant"})
    assert case.status == CaseStatus.PANEL_REVIEWED and case.panel_decision == PanelDecision.CONCERNS_CONFIRMED
    assert case.score == 76.5 and case.grade == "Yellow"
    case = reviews.release_feedback(case=case, feedback="Please ask about red flags.")
    assert case.feedback_kind == FeedbackKind.NEGATIVE


def test_the_quorum_counts_distinct_auditors(drawn, world):
    case = refer(first_case(drawn, world))
    reviewer = world["auditors"][1]
    reviews.review_at_panel(case=case, reviewer=reviewer, decision="no_concerns", ratings=ALL_MET)
    with pytest.raises(AuditRuleError, match="already reviewed"):
        reviews.review_at_panel(case=case, reviewer=reviewer, decision="no_concerns", ratings=ALL_MET)
    assert reviews.panel_size(case) == 1


def test_the_clinician_is_never_on_their_own_panel(drawn, world):
    case = refer(first_case(drawn, world))
    with pytest.raises(AuditRuleError, match="your own consultations"):
        reviews.review_at_panel(case=case, reviewer=world["clinician_user"], decision="no_concerns", ratings=ALL_MET)


def test_the_quorum_is_configurable_per_round(drawn, world, monkeypatch):
    case = refer(first_case(drawn, world))
    drawn.quorum = 1
    from oversight.audit.testing import update_record

    update_record(drawn)
    case = reviews.review_at_panel(case=case, reviewer=world["auditors"][1], decision="no_concerns", ratings=ALL_MET)
    assert case.status == CaseStatus.PANEL_REVIEWED
    assert reviews.release_feedback(case=case, feedback="No concerns.").feedback_kind == FeedbackKind.POSITIVE


def test_only_the_clinician_writes_a_reflection_and_only_after_release(drawn, world):
    case = first_case(drawn, world)
    case = reviews.screen_case(case=case, reviewer=case.auditor, outcome="pass", ratings=ALL_MET)
    with pytest.raises(AuditRuleError, match="once its feedback has been released"):
        reviews.write_reflection(case=case, user=world["clinician_user"], reflection="Noted")
    reviews.release_feedback(case=case, feedback="Good.")
    with pytest.raises(AuditRuleError, match="Only the clinician"):
        reviews.write_reflection(case=case, user=world["lead"], reflection="Noted")
    case = reviews.write_reflection(case=case, user=world["clinician_user"], reflection="I will keep doing this.")
    assert case.reflected_at is not None
    entry = AuditEntry.objects.filter(object_id=str(case.pk)).order_by("-sequence").first()
    assert entry.changes["reflection"] == "[changed]"  # free text stays out of the audit trail


def test_no_one_releases_the_feedback_on_their_own_consultations(drawn, world):
    case = first_case(drawn, world)  # one of the clinician's, whose account is world["clinician_user"]
    case = reviews.screen_case(case=case, reviewer=case.auditor, outcome="pass", ratings=ALL_MET)
    with acting_as(Actor(user=world["clinician_user"])), pytest.raises(AuditRuleError, match="your own consultations"):
        reviews.release_feedback(case=case, feedback="Well done, me.")
    case.refresh_from_db()
    assert case.status == CaseStatus.PASSED and not case.feedback


def test_a_round_closes_only_when_every_case_is_released_and_is_then_final(drawn, world):
    with pytest.raises(AuditRuleError, match="Release the feedback on every case before closing the round: "
                                             r"\d+ waiting for the first screen"):
        rounds.close_round(audit_round=drawn)
    for case in drawn.cases.all():
        case = reviews.screen_case(case=case, reviewer=case.auditor, outcome="pass", ratings=ALL_MET)
        reviews.release_feedback(case=case, feedback="Good.")
    closed = rounds.close_round(audit_round=drawn)
    assert closed.status == RoundStatus.CLOSED
    case = drawn.cases.filter(clinician=world["first"]).first()
    with pytest.raises(AuditRuleError, match="This round is closed"):
        reviews.release_feedback(case=case, feedback="Changed my mind.")
    # The clinician may still reflect on feedback from a closed round.
    reflected = reviews.write_reflection(case=case, user=world["clinician_user"], reflection="Thank you.")
    assert reflected.reflected_at is not None
    with pytest.raises(AuditRuleError, match="not yet closed"):
        rounds.close_round(audit_round=closed)


def test_the_hours_threshold_is_copied_onto_the_round(world, monkeypatch):
    audit_round = new_round(world)
    configured = audit_round.high_volume_hours
    from dataclasses import replace

    from .. import configuration

    changed = replace(configuration.programme(), high_volume_hours=configured + 100)
    monkeypatch.setattr(rounds, "programme", lambda: changed)
    assert rounds.many_hours_threshold(audit_round) == configured  # the round keeps its own rule
    assert new_round(world).high_volume_hours == configured + 100


def test_who_may_see_a_clinicians_audits(world):
    from oversight.accounts.roles import Role
    from oversight.testing.factories import user_with_role

    first = world["first"]
    assert relationship(world["clinician_user"], first) == "The clinician's own record"
    assert relationship(world["auditors"][0], first) == "Appraiser of the clinician"
    assert may_see_clinician(world["lead"], first)
    assert not may_see_clinician(world["auditors"][1], first)
    assert not may_see_clinician(world["clinician_user"], world["second"])
    ro = user_with_role(Role.RESPONSIBLE_OFFICER, world["tree"]["trust_a"], username="ro")
    assert may_see_clinician(ro, first)
    other_ro = user_with_role(Role.RESPONSIBLE_OFFICER, world["tree"]["trust_c"], username="ro-c")
    assert not may_see_clinician(other_ro, first)
