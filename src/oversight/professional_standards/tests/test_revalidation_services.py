"""The recommendation services enforce the GMC's rules: the window's edges, the deferral's criteria and
range, the Employer Liaison contact first, nothing changed once submitted, batches all or nothing, the
GMC's outcome, and the GMC list out and back in (all or nothing)."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.utils import timezone

from oversight.audit.context import Actor, acting_as
from oversight.testing.factories import build_tree, user_with_role
from oversight.workforce.tests.factories import DoctorFactory

from ..models import DEFERRAL_CRITERIA, DoctorRevalidation, Recommendation, RecommendationBatch
from ..services import revalidation as service
from .factories import DoctorRevalidationFactory, ElsContactFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
ALL_CRITERIA = {name: True for name, _ in DEFERRAL_CRITERIA}


@pytest.fixture
def tree(db):
    return build_tree()


@pytest.fixture
def ro(tree):
    user = user_with_role("responsible_officer", tree["trust_a"], username="ro-a")
    with acting_as(Actor(user=user)):
        yield user


def doctor_due(tree, days_ahead: int = 30, **state):
    doctor = DoctorFactory(organisation=tree["trust_a"])
    DoctorRevalidationFactory(clinician=doctor, submission_due_on=TODAY + timedelta(days=days_ahead),
                              cycle_started_on=TODAY - timedelta(days=4 * 365), **state)
    return doctor


def deferral(**extra):
    return {"deferral_reason": "insufficient_evidence", "missing_information": "The 2026 appraisal, from the appraiser, in May.",
            **ALL_CRITERIA, **extra}


def due_on(doctor):
    return DoctorRevalidation.objects.get(clinician=doctor).submission_due_on


# ------------------------------------------------------------------------------ the window ----

@pytest.mark.parametrize("days_before, ok", [(121, False), (120, True), (0, True), (-1, False)])
def test_the_window_edges(tree, ro, days_before, ok):
    doctor = doctor_due(tree)
    day = due_on(doctor) - timedelta(days=days_before)
    if ok:
        assert service.draft_recommendation(doctor, ro, kind="revalidate", day=day).pk
    else:
        with pytest.raises(ValidationError) as refused:
            service.draft_recommendation(doctor, ro, kind="revalidate", day=day)
        assert "submission_due_on" in refused.value.message_dict
        assert not Recommendation.objects.exists()


def test_non_engagement_is_allowed_outside_the_window_once_els_is_recorded(tree, ro):
    doctor = doctor_due(tree, days_ahead=400)
    with pytest.raises(ValidationError) as refused:
        service.draft_recommendation(doctor, ro, kind="non_engagement", local_processes_exhausted=True)
    assert "Employer Liaison" in refused.value.message_dict["els_contact"][0]
    contact = ElsContactFactory(clinician=doctor, contacted_on=TODAY - timedelta(days=3))
    made = service.draft_recommendation(doctor, ro, kind="non_engagement", local_processes_exhausted=True)
    assert made.els_contact == contact


def test_non_engagement_needs_local_processes_exhausted(tree, ro):
    doctor = doctor_due(tree)
    ElsContactFactory(clinician=doctor, contacted_on=TODAY)
    with pytest.raises(ValidationError) as refused:
        service.draft_recommendation(doctor, ro, kind="non_engagement")
    assert "local_processes_exhausted" in refused.value.message_dict


def test_on_hold_no_recommendation_at_all(tree, ro):
    doctor = doctor_due(tree, on_hold=True)
    with pytest.raises(ValidationError, match="on hold"):
        service.draft_recommendation(doctor, ro, kind="revalidate")


def test_no_submission_date_no_recommendation(tree, ro):
    doctor = DoctorFactory(organisation=tree["trust_a"])
    with pytest.raises(ValidationError) as refused:
        service.draft_recommendation(doctor, ro, kind="revalidate")
    assert "submission_due_on" in refused.value.message_dict


# ------------------------------------------------------------------------------ deferrals ----

def test_a_deferral_without_its_criteria_reason_information_and_date_names_each_field(tree, ro):
    doctor = doctor_due(tree)
    with pytest.raises(ValidationError) as refused:
        service.draft_recommendation(doctor, ro, kind="defer")
    fields = set(refused.value.message_dict)
    assert fields == {*ALL_CRITERIA, "deferral_reason", "missing_information", "defer_to"}
    assert not Recommendation.objects.exists()


@pytest.mark.parametrize("days_after, ok", [(0, False), (1, True), (365, True), (366, False)])
def test_the_new_date_is_within_the_configured_range(tree, ro, days_after, ok):
    doctor = doctor_due(tree)
    data = deferral(defer_to=due_on(doctor) + timedelta(days=days_after))
    if ok:
        assert service.draft_recommendation(doctor, ro, kind="defer", **data).defer_to
    else:
        with pytest.raises(ValidationError) as refused:
            service.draft_recommendation(doctor, ro, kind="defer", **data)
        assert list(refused.value.message_dict) == ["defer_to"]


def test_one_missing_criterion_is_named(tree, ro):
    doctor = doctor_due(tree)
    data = deferral(defer_to=due_on(doctor) + timedelta(days=180), criterion_period_sufficient=False)
    with pytest.raises(ValidationError) as refused:
        service.draft_recommendation(doctor, ro, kind="defer", **data)
    assert list(refused.value.message_dict) == ["criterion_period_sufficient"]


def test_a_second_consecutive_deferral_is_blocked_until_els_contact_is_recorded_and_linked(tree, ro):
    doctor = doctor_due(tree)
    first = service.make_recommendation(doctor, ro, kind="defer", submit_now=True,
                                        **deferral(defer_to=due_on(doctor) + timedelta(days=60)))
    assert first.is_submitted and first.els_contact is None
    service.record_gmc_outcome(first, ro, outcome="approved", on=TODAY)
    assert due_on(doctor) == first.defer_to
    # The new date is 90 days from today: inside the window again.
    second = deferral(defer_to=due_on(doctor) + timedelta(days=90))
    with pytest.raises(ValidationError) as refused:
        service.make_recommendation(doctor, ro, kind="defer", submit_now=True, **second)
    assert "second consecutive deferral" in refused.value.message_dict["els_contact"][0]
    ElsContactFactory(clinician=doctor, contacted_on=TODAY - timedelta(days=91))  # too long ago
    with pytest.raises(ValidationError) as refused:
        service.make_recommendation(doctor, ro, kind="defer", **second)
    assert list(refused.value.message_dict) == ["els_contact"]
    contact = service.record_els_contact(doctor, ro, contacted_on=TODAY, adviser_name="A. Adviser", summary="Agreed.")
    made = service.make_recommendation(doctor, ro, kind="defer", submit_now=True, **second)
    assert made.is_submitted and made.els_contact == contact


def test_a_public_interest_concern_needs_els_before_a_deferral(tree, ro):
    doctor = doctor_due(tree, raised_public_interest_concern=True)
    data = deferral(defer_to=due_on(doctor) + timedelta(days=100))
    with pytest.raises(ValidationError, match="public-interest"):
        service.draft_recommendation(doctor, ro, kind="defer", **data)
    ElsContactFactory(clinician=doctor, contacted_on=TODAY)
    assert service.draft_recommendation(doctor, ro, kind="defer", **data).els_contact


# ------------------------------------------------------------------ nothing once submitted ----

def test_nothing_can_be_changed_once_submitted(tree, ro):
    doctor = doctor_due(tree)
    made = service.make_recommendation(doctor, ro, kind="revalidate", submit_now=True)
    with pytest.raises(ValidationError, match="submitted to the GMC"):
        service.update_draft(made, ro, kind="defer")
    with pytest.raises(ValidationError, match="submitted to the GMC"):
        service.submit(made, ro)
    stored = Recommendation.objects.get(pk=made.pk)
    stored.comments = "changed"
    with pytest.raises(ValidationError) as refused:
        stored.full_clean()
    assert "comments" in refused.value.message_dict
    # Only the GMC's outcome may still be recorded.
    stored = Recommendation.objects.get(pk=made.pk)
    service.record_gmc_outcome(stored, ro, outcome="approved", on=TODAY)
    assert Recommendation.objects.get(pk=made.pk).gmc_outcome == "approved"


def test_another_recommendation_waits_for_the_gmc_outcome(tree, ro):
    doctor = doctor_due(tree)
    service.make_recommendation(doctor, ro, kind="revalidate", submit_now=True)
    with pytest.raises(ValidationError, match="waiting for the GMC"):
        service.draft_recommendation(doctor, ro, kind="revalidate")


def test_a_positive_outcome_starts_a_new_cycle(tree, ro):
    doctor = doctor_due(tree)
    made = service.make_recommendation(doctor, ro, kind="revalidate", submit_now=True)
    service.record_gmc_outcome(made, ro, outcome="approved", on=TODAY)
    state = DoctorRevalidation.objects.get(clinician=doctor)
    assert state.last_revalidated_on == TODAY == state.cycle_started_on
    assert state.submission_due_on.year == TODAY.year + 5


# ------------------------------------------------------------------------------ batches ----

def test_a_batch_is_all_or_nothing(tree, ro):
    ready = [doctor_due(tree) for _ in range(2)]
    early = doctor_due(tree, days_ahead=200)  # the window has not opened
    with pytest.raises(ValidationError) as refused:
        service.submit_ready([*ready, early], ro)
    problems = refused.value.message_dict["recommendations"]
    assert len(problems) == 1 and early.registration_label in problems[0]
    assert not Recommendation.objects.exists() and not RecommendationBatch.objects.exists()
    batches = service.submit_ready(ready, ro)
    assert [b.size for b in batches] == [2]
    assert Recommendation.objects.filter(status="submitted", batch=batches[0]).count() == 2


def test_a_batch_takes_positive_recommendations_only(tree, ro):
    doctor = doctor_due(tree)
    draft = service.draft_recommendation(doctor, ro, kind="defer", **deferral(defer_to=due_on(doctor) + timedelta(days=60)))
    with pytest.raises(ValidationError, match="only recommendations to revalidate"):
        service.submit_batch([draft], ro)
    assert not Recommendation.objects.get(pk=draft.pk).is_submitted


# ------------------------------------------------------------------------- the GMC's list ----

def test_the_export_lists_drafts_and_recommendations_awaiting_the_gmc(tree, ro):
    a, b, c = doctor_due(tree), doctor_due(tree), doctor_due(tree)
    service.draft_recommendation(a, ro, kind="revalidate")
    done = service.make_recommendation(b, ro, kind="revalidate", submit_now=True)
    service.make_recommendation(c, ro, kind="revalidate", submit_now=True)
    service.record_gmc_outcome(done, ro, outcome="approved", on=TODAY)
    request = RequestFactory().get("/")
    request.user = ro
    response = service.export_for_submission(request, type(a).objects.filter(pk__in=[a.pk, b.pk, c.pk]))
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {row["GMC Reference Number"] for row in rows} == {a.registration_number, c.registration_number}
    assert {row["Status in Oversight"] for row in rows} == {"Ready to submit", "Submitted"}


def gmc_list(*rows) -> bytes:
    header = "GMC Reference Number,Submission Due Date,Under Notice,GMC Status,Recommendation Outcome,Outcome Date\n"
    return (header + "".join(",".join(row) + "\n" for row in rows)).encode()


def test_the_gmc_list_updates_each_doctor_and_records_outcomes(tree, ro):
    a, b = doctor_due(tree), doctor_due(tree)
    made = service.make_recommendation(b, ro, kind="revalidate", submit_now=True)
    new_date = TODAY + timedelta(days=60)
    data = gmc_list([a.registration_number, f"{new_date:%d/%m/%Y}", "Yes", "", "", ""],
                    [b.registration_number, f"{TODAY + timedelta(days=1800):%d/%m/%Y}", "No", "", "Approved", f"{TODAY:%d/%m/%Y}"])
    result = service.import_gmc_list(data, ro, clinicians=type(a).objects.all())
    assert result.ok, result.problems
    state = DoctorRevalidation.objects.get(clinician=a)
    assert state.submission_due_on == new_date and state.under_notice and state.last_gmc_list_on == TODAY
    assert Recommendation.objects.get(pk=made.pk).gmc_outcome == "approved"


def test_the_gmc_list_is_refused_whole_for_an_unknown_gmc_number(tree, ro):
    a = doctor_due(tree)
    before = due_on(a)
    data = gmc_list([a.registration_number, f"{TODAY + timedelta(days=60):%d/%m/%Y}", "Yes", "", "", ""],
                    ["9999999", "01/01/2028", "No", "", "", ""],
                    [a.registration_number, "31/02/2028", "maybe", "", "", ""])
    result = service.import_gmc_list(data, ro, clinicians=type(a).objects.all())
    assert not result.ok
    problems = {(p.row, p.column) for p in result.problems}
    assert (3, "GMC Reference Number") in problems
    assert (4, "GMC Reference Number") in problems  # the doctor twice
    assert (4, "Submission Due Date") in problems and (4, "Under Notice") in problems
    assert due_on(a) == before


def test_a_doctor_outside_the_users_scope_is_unknown_to_the_import(tree, ro):
    outside = DoctorFactory(organisation=tree["trust_c"])
    result = service.import_gmc_list(gmc_list([outside.registration_number, "01/01/2028", "No", "", "", ""]), ro,
                                     clinicians=type(outside).objects.filter(organisation=tree["trust_a"]))
    assert not result.ok and "no doctor with GMC number" in result.problems[0].problem


def test_a_gmc_list_without_a_status_column_leaves_a_recorded_hold_alone(tree, ro):
    doctor = doctor_due(tree)
    service.update_gmc_state(doctor, ro, on_hold=True, under_notice=False)
    data = (f"GMC Reference Number,Submission Due Date,Under Notice\n"
            f"{doctor.registration_number},{TODAY + timedelta(days=60):%d/%m/%Y},No\n").encode()
    result = service.import_gmc_list(data, ro, clinicians=type(doctor).objects.all())
    assert result.ok, result.problems
    assert DoctorRevalidation.objects.get(clinician=doctor).on_hold


def test_one_employer_liaison_contact_answers_one_recommendation(tree, ro):
    from oversight.professional_standards.models import ElsContact

    doctor = doctor_due(tree)
    contact = service.record_els_contact(doctor, ro, contacted_on=TODAY, adviser_name="Adviser", summary="Discussed")
    made = service.make_recommendation(doctor, ro, kind="non_engagement", submit_now=True, local_processes_exhausted=True)
    assert made.els_contact == contact
    service.record_gmc_outcome(made, ro, outcome="not_approved", on=TODAY)
    again = lambda: service.make_recommendation(  # noqa: E731
        doctor, ro, kind="non_engagement", submit_now=True, local_processes_exhausted=True)
    with pytest.raises(ValidationError) as refused:
        again()
    assert "els_contact" in refused.value.message_dict
    assert ElsContact.objects.filter(clinician=doctor).count() == 1
