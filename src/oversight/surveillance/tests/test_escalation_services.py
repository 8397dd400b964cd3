"""The escalation register's services: levels with their history, owned actions, evidence to close."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from oversight.audit.context import acting_as, system_actor
from oversight.audit.models import AuditEntry
from oversight.surveillance.models import ActionStatus, Escalation, LevelChange
from oversight.surveillance.providers import provider_for
from oversight.surveillance.selectors import (
    eligible_owners,
    escalation_visible,
    summary,
    visible_actions,
    visible_escalations,
)
from oversight.surveillance.services.escalation import create_action, set_level, update_action
from oversight.testing.factories import user_with_role

from .factories import escalation_action, owner_at

pytestmark = pytest.mark.django_db


@pytest.fixture
def system():
    with acting_as(system_actor("tests")):
        yield


def test_a_level_change_is_kept_with_its_reason_and_audited(tree, system):
    trust_a = provider_for("TRA")
    set_level(trust_a, level="enhanced", rationale="  Rising 12-hour waits ", review_date=date(2026, 3, 1), user=None)
    set_level(trust_a, level="intensive", rationale="No improvement", review_date=None, user=None)
    escalation = Escalation.objects.get(provider_code="TRA")
    assert (escalation.level, escalation.rationale, escalation.organisation_id) == ("intensive", "No improvement", tree["trust_a"].id)
    history = list(LevelChange.objects.filter(escalation=escalation).order_by("created_at").values_list("from_level", "to_level", "rationale"))
    assert history == [("", "enhanced", "Rising 12-hour waits"), ("enhanced", "intensive", "No improvement")]
    assert history[0][2] == "Rising 12-hour waits" and escalation.changes.first().changed_by_label == "system"
    assert AuditEntry.objects.filter(object_type__icontains="escalation").exists()


@pytest.mark.parametrize(("changes", "field"), [({"level": "severe", "rationale": "x"}, "level"),
                                                 ({"level": "enhanced", "rationale": "   "}, "rationale")])
def test_a_level_needs_a_known_level_and_a_reason(tree, system, changes, field):
    with pytest.raises(ValidationError) as error:
        set_level(provider_for("TRA"), review_date=None, user=None, **changes)
    assert field in error.value.message_dict
    assert not Escalation.objects.exists()


def test_an_action_puts_the_provider_on_the_register_and_needs_an_owner_who_oversees_it(tree, system):
    trust_a = provider_for("TRA")
    owner = owner_at(tree["trust_a"])
    outsider = owner_at(tree["trust_c"], username="cmo-trc")
    assert owner in eligible_owners(trust_a) and outsider not in eligible_owners(trust_a)
    with pytest.raises(ValidationError, match="someone who oversees this provider"):
        create_action(trust_a, title="Review", owner=outsider, due_date=date(2030, 1, 1))
    with pytest.raises(ValidationError, match="a page of this service"):
        create_action(trust_a, title="Review", owner=owner, due_date=date(2030, 1, 1), signal_url="https://evil.example/")
    action = create_action(trust_a, title=" Review the A&E signal ", owner=owner, due_date=date(2030, 1, 1),
                           signal_kind="new_this_month", signal_url="/surveillance/providers/TRA/ae_4hr_all/")
    assert action.title == "Review the A&E signal" and action.escalation.level == "routine"
    assert summary(action.escalation)["open_actions"] == 1


def test_an_action_is_done_only_with_evidence_and_reopening_clears_the_date(tree, system):
    trust_a = provider_for("TRA")
    action = escalation_action(trust_a, owner_at(tree["trust_a"]))
    with pytest.raises(ValidationError, match="evidence"):
        update_action(action, trust_a, status=ActionStatus.DONE)
    with pytest.raises(ValidationError, match="cannot change"):
        update_action(action, trust_a, escalation=None)
    done = update_action(action, trust_a, status=ActionStatus.DONE, evidence_note="Audit of 12-hour waits attached")
    assert done.completed_on is not None and not done.is_open
    reopened = update_action(done, trust_a, status=ActionStatus.OPEN)
    assert reopened.completed_on is None and reopened.is_open


def test_overdue_and_scope(tree, system):
    action = escalation_action(provider_for("TRA"), owner_at(tree["trust_a"]), due_date=date(2020, 1, 1))
    escalation_action(provider_for("TRC"), owner_at(tree["trust_c"], username="cmo-trc"))
    regional = user_with_role("analyst", tree["region"])
    assert list(visible_actions(regional).overdue()) == [action]
    assert {e.provider_code for e in visible_escalations(regional)} == {"TRA"}
    assert not escalation_visible(regional, Escalation.objects.get(provider_code="TRC"))
    assert summary(action.escalation)["overdue_actions"] == 1
