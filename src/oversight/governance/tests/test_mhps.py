"""Maintaining High Professional Standards: the case, exclusions with the deadlines engine's limits,
renewal after review, PPA before formal exclusion, Performers List actions, the page, tasks and API."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from oversight.audit.models import AuditEntry
from oversight.testing.factories import user_with_role
from oversight.workforce.tests.factories import ClinicianFactory

from ..models import ExclusionKind
from ..presenters.dashboard import TasksPresenter
from ..presenters.mhps import exclusion_clock
from ..selectors import open_mhps_for
from ..services import mhps as service
from .conftest import bearer
from .factories import ConcernFactory, ExclusionFactory, MhpsCaseFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def days(n: int):
    return TODAY + timedelta(days=n)


@pytest.fixture
def ro(tree):
    return user_with_role("responsible_officer", tree["trust_a"], username="ro-a")


@pytest.fixture
def as_ro(ro):
    from oversight.audit.context import Actor, acting_as

    with acting_as(Actor(user=ro)):
        yield ro


@pytest.fixture
def case(tree, as_ro):
    return MhpsCaseFactory(concern=ConcernFactory(clinician=ClinicianFactory(organisation=tree["trust_a"], grade="gp"),
                                                  raised_on=days(-60)))


def error_on(call, field: str) -> str:
    with pytest.raises(ValidationError) as error:
        call()
    return " ".join(error.value.message_dict[field])


def test_a_concern_enters_mhps_once_and_the_start_is_audited_by_reference(tree, as_ro):
    concern = ConcernFactory(clinician=ClinicianFactory(organisation=tree["trust_a"]), raised_on=days(-10))
    case = service.start_mhps(concern, as_ro, started_on=days(-2), case_manager=as_ro,
                              designated_board_member="Ms Board Member")
    assert concern.mhps == case and case.is_active
    entry = AuditEntry.objects.get(action="create", object_id=str(case.pk))
    assert entry.object_repr == f"MHPS case on professional concern {concern.reference}"
    assert entry.changes["designated_board_member"] == "[changed]"
    assert "already in the MHPS process" in error_on(lambda: service.start_mhps(concern, as_ro, started_on=days(-1)),
                                                      "started_on")
    other = ConcernFactory(clinician=concern.clinician, raised_on=days(-3))
    assert "on or after the date the concern was raised" in error_on(
        lambda: service.start_mhps(other, as_ro, started_on=days(-5)), "started_on")


def test_an_immediate_exclusion_lasts_at_most_two_weeks_from_the_deadlines_engine(case, as_ro):
    message = error_on(lambda: service.record_exclusion(case, as_ro, kind=ExclusionKind.IMMEDIATE, starts_on=days(-1),
                                                        ends_on=days(13)), "ends_on")
    # Fourteen days counting the first: from yesterday to 12 days from now.
    assert "at most two weeks" in message and f"{days(12).day} {days(12):%B %Y}" in message
    exclusion = service.record_exclusion(case, as_ro, kind=ExclusionKind.IMMEDIATE, starts_on=days(-1), ends_on=days(12))
    assert exclusion.latest_end() == days(12)
    assert (exclusion.ends_on - exclusion.starts_on).days + 1 == 14
    assert exclusion_clock(exclusion, TODAY).text == "Ends in 12 days"
    assert "Enter the last day" in error_on(lambda: service.record_exclusion(
        case, as_ro, kind=ExclusionKind.IMMEDIATE, starts_on=days(20)), "ends_on")


def test_a_formal_exclusion_needs_ppa_consulted_first(tree, as_ro):
    case = MhpsCaseFactory(concern=ConcernFactory(clinician=ClinicianFactory(organisation=tree["trust_a"])),
                           ppa_contacted_on=None)
    call = lambda: service.record_exclusion(case, as_ro, kind=ExclusionKind.FORMAL, starts_on=TODAY, ends_on=days(27))  # noqa: E731
    assert "Practitioner Performance Advice must be consulted before a formal exclusion" in error_on(call, "kind")
    service.update_case(case, as_ro, ppa_contacted_on=days(-1), ppa_advice_summary="Advised a formal exclusion")
    exclusion = call()
    assert exclusion.kind == "formal_exclusion"
    assert exclusion_clock(exclusion, TODAY).text == f"Review due by {days(27).day} {days(27):%B %Y}. Ends in 27 days"
    assert "four weeks at a time" in error_on(lambda: service.record_exclusion(
        case, as_ro, kind=ExclusionKind.FORMAL, starts_on=days(40), ends_on=days(69)), "ends_on")


def test_a_renewal_needs_a_review_held_before_the_period_ends(case, as_ro):
    first = ExclusionFactory(case=case, starts_on=days(-27), ends_on=days(0))
    renew = lambda **kw: service.record_exclusion(  # noqa: E731
        case, as_ro, kind=ExclusionKind.FORMAL, renews=first, **{"starts_on": days(1), "ends_on": days(28), **kw})
    assert "reviewed before each renewal" in error_on(renew, "reviewed_on")
    assert "day after the period it renews ends" in error_on(lambda: renew(reviewed_on=days(-1), starts_on=days(3),
                                                                           ends_on=days(20)), "starts_on")
    assert "at most four weeks" in error_on(lambda: renew(reviewed_on=days(-1), ends_on=days(30)), "ends_on")
    second = renew(reviewed_on=days(-1))
    assert second.renews == first and first.is_renewed
    assert exclusion_clock(first, TODAY).text.startswith("Renewed from")
    assert "already been renewed" in error_on(lambda: renew(reviewed_on=days(-1)), "renews")
    assert "lift the renewal instead" in error_on(lambda: service.lift_exclusion(first, as_ro, lifted_on=TODAY), "lifted_on")


def test_a_review_after_the_period_ended_is_refused(case, as_ro):
    first = ExclusionFactory(case=case, starts_on=days(-30), ends_on=days(-3))
    message = error_on(lambda: service.record_exclusion(case, as_ro, kind=ExclusionKind.FORMAL, renews=first,
                                                        reviewed_on=days(-1), starts_on=days(-2), ends_on=days(20)),
                       "reviewed_on")
    assert "right to return" in message
    assert exclusion_clock(first, TODAY).classes == "nhsuk-tag--red"
    assert exclusion_clock(first, TODAY).text.startswith("Overdue")


def test_an_immediate_exclusion_cannot_be_renewed_and_exclusions_do_not_overlap(case, as_ro):
    immediate = service.record_exclusion(case, as_ro, kind=ExclusionKind.IMMEDIATE, starts_on=days(-3), ends_on=days(10))
    assert "Only a formal exclusion can be renewed" in error_on(lambda: service.record_exclusion(
        case, as_ro, kind=ExclusionKind.FORMAL, renews=immediate, reviewed_on=TODAY, starts_on=days(11),
        ends_on=days(20)), "kind")
    assert "is in force then" in error_on(lambda: service.record_exclusion(
        case, as_ro, kind=ExclusionKind.FORMAL, starts_on=TODAY, ends_on=days(20)), "starts_on")
    service.lift_exclusion(immediate, as_ro, lifted_on=TODAY)
    assert service.record_exclusion(case, as_ro, kind=ExclusionKind.FORMAL, starts_on=TODAY, ends_on=days(20))
    # A restriction of practice runs alongside, with or without an end.
    assert service.record_exclusion(case, as_ro, kind=ExclusionKind.RESTRICTION, starts_on=TODAY, details="No on-call")


def test_closing_needs_the_outcome_and_no_exclusion_in_force(case, as_ro):
    exclusion = ExclusionFactory(case=case)
    assert "Select the outcome" in error_on(lambda: service.close_case(case, as_ro, outcome="", closed_on=TODAY), "outcome")
    assert "Lift the formal exclusion first" in error_on(
        lambda: service.close_case(case, as_ro, outcome="capability_panel", closed_on=TODAY), "closed_on")
    service.lift_exclusion(exclusion, as_ro, lifted_on=TODAY)
    service.close_case(case, as_ro, outcome="capability_panel", closed_on=TODAY)
    assert not case.is_active
    assert "is closed" in error_on(lambda: service.record_exclusion(case, as_ro, kind="restriction", starts_on=TODAY), "kind")


def test_performers_list_actions_are_for_gps_and_a_suspension_is_notified(tree, case, as_ro):
    suspend = {"kind": "suspension", "screening_group_on": days(-20), "decision_panel_on": days(-10),
               "decided_on": days(-9), "panel_members": "Panel A, Panel B"}
    assert "notified to NHS Resolution" in error_on(
        lambda: service.record_performers_list_action(case, as_ro, **suspend), "nhs_resolution_notified_on")
    assert "on or after the Decision Panel" in error_on(lambda: service.record_performers_list_action(
        case, as_ro, **{**suspend, "decided_on": days(-11), "nhs_resolution_notified_on": days(-8)}), "decided_on")
    action = service.record_performers_list_action(case, as_ro, **suspend, nhs_resolution_notified_on=days(-8))
    assert case.performers_list_actions.get() == action
    service.update_performers_list_action(action, as_ro, appeal_lodged_on=days(-1))
    hospital = MhpsCaseFactory(concern=ConcernFactory(clinician=ClinicianFactory(organisation=tree["trust_a"],
                                                                                 grade="consultant")))
    assert "for GPs" in error_on(lambda: service.record_performers_list_action(hospital, as_ro, kind="conditions"), "kind")


def test_the_concern_page_shows_the_mhps_section_and_the_forms_refuse_naming_the_field(client, tree, case, ro):
    ExclusionFactory(case=case, kind="formal_exclusion", starts_on=days(-25), ends_on=days(2))
    client.force_login(ro)
    page = client.get(f"/governance/concerns/{case.concern_id}/").content.decode()
    assert "Maintaining High Professional Standards" in page and "Review due by" in page and "Ends in 2 days" in page
    assert "Record a Performers List action" in page
    response = client.post(f"/governance/concerns/{case.concern_id}/mhps/exclusions/new/",
                           {"kind": "immediate_exclusion", "starts_on": days(10).isoformat(), "ends_on": days(30).isoformat()})
    assert response.status_code == 200 and "at most two weeks" in response.content.decode()
    exclusion = case.exclusions.get()
    response = client.post(f"/governance/mhps/exclusions/{exclusion.pk}/renew/",
                           {"starts_on": days(3).isoformat(), "ends_on": days(30).isoformat(), "reviewed_on": ""})
    assert response.status_code == 200 and "Enter the date of the review" in response.content.decode()
    response = client.post(f"/governance/mhps/exclusions/{exclusion.pk}/renew/",
                           {"starts_on": days(3).isoformat(), "ends_on": days(30).isoformat(),
                            "reviewed_on": TODAY.isoformat()})
    assert response.status_code == 302 and case.exclusions.count() == 2


def test_starting_mhps_from_the_concern_page(client, tree, ro):
    concern = ConcernFactory(clinician=ClinicianFactory(organisation=tree["trust_a"]))
    client.force_login(ro)
    assert "Start the MHPS process" in client.get(f"/governance/concerns/{concern.pk}/").content.decode()
    response = client.post(f"/governance/concerns/{concern.pk}/mhps/start/",
                           {"started_on": TODAY.isoformat(), "case_manager": str(ro.pk), "case_manager_name": "Someone"})
    assert "Choose a user or give a name, not both" in response.content.decode()
    response = client.post(f"/governance/concerns/{concern.pk}/mhps/start/",
                           {"started_on": TODAY.isoformat(), "case_manager_name": "Dr Manager",
                            "designated_board_member": "Ms Board"})
    assert response.status_code == 302
    concern.refresh_from_db()
    assert concern.mhps.case_manager_name == "Dr Manager"


def test_mhps_pages_are_only_for_the_concern_roles(client, tree, case, lead):
    client.force_login(lead)  # a governance lead manages cases, not concerns
    assert client.get(f"/governance/concerns/{case.concern_id}/mhps/").status_code == 403


def test_the_task_list_has_exclusions_due_within_five_days_or_overdue(tree, case, ro):
    ExclusionFactory(case=case, kind="immediate_exclusion", starts_on=days(-12), ends_on=days(1))
    later = MhpsCaseFactory(concern=ConcernFactory(clinician=ClinicianFactory(organisation=tree["trust_a"])))
    ExclusionFactory(case=later, starts_on=days(-2), ends_on=days(20))
    overdue = MhpsCaseFactory(concern=ConcernFactory(clinician=ClinicianFactory(organisation=tree["trust_a"])))
    ExclusionFactory(case=overdue, starts_on=days(-30), ends_on=days(-3))
    rows = [r for r in TasksPresenter(ro, TODAY).concerns if r["task"] != "New concern: assess it"]
    assert [r["task"].split(":")[0] for r in rows] == ["Formal exclusion", "Immediate exclusion"]
    assert rows[0]["task"].startswith("Formal exclusion: Overdue") and rows[1]["task"] == "Immediate exclusion: Ends in 1 day"


def test_open_mhps_for_gives_each_clinicians_open_cases(tree, case):
    closed = MhpsCaseFactory(concern=ConcernFactory(clinician=case.concern.clinician), closed_on=TODAY, outcome="other")
    found = open_mhps_for([case.concern.clinician_id])
    assert found == {case.concern.clinician_id: [case]}
    assert closed not in found[case.concern.clinician_id]


def test_the_api_reads_the_case_and_logs_the_read(client, tree, case, ro):
    ExclusionFactory(case=case)
    response = client.get(f"/api/v1/governance/concerns/{case.concern_id}/mhps", **bearer(ro))
    assert response.status_code == 200
    body = response.json()
    assert body["exclusions"][0]["clock"].startswith("Review due by") and body["exclusions"][0]["in_force"]
    assert AuditEntry.objects.filter(action="view", object_id=str(case.pk)).exists()


def test_exclusions_cannot_be_chained_round_the_limits_or_lifted_after_they_ended(case, as_ro):
    first = ExclusionFactory(case=case, starts_on=days(-27), ends_on=days(0))
    # Straight after a formal exclusion, another is a renewal, with its review: not a fresh period.
    assert "record it as a renewal" in error_on(lambda: service.record_exclusion(
        case, as_ro, kind=ExclusionKind.FORMAL, starts_on=days(1), ends_on=days(20)), "starts_on")
    assert "record it as a renewal" in error_on(lambda: service.record_exclusion(
        case, as_ro, kind=ExclusionKind.IMMEDIATE, starts_on=days(1), ends_on=days(5)), "starts_on")
    earlier = ExclusionFactory(case=case, starts_on=days(-60), ends_on=days(-40))
    assert "had already ended" in error_on(lambda: service.lift_exclusion(earlier, as_ro, lifted_on=days(-35)), "lifted_on")
    assert first.latest_end() == days(0)
