"""The escalation services leave the audit entries their writes call for, named by provider and kind,
never by the rationale's or the action's own words."""

from datetime import date

import pytest

from oversight.audit.context import acting_as, system_actor
from oversight.audit.models import AuditEntry
from oversight.surveillance.providers import provider_for
from oversight.surveillance.services.escalation import create_action, set_level, update_action

from .factories import owner_at

pytestmark = pytest.mark.django_db


def entries_after(sequence: int) -> list[tuple[str, str]]:
    return list(AuditEntry.objects.filter(sequence__gt=sequence).order_by("sequence").values_list("action", "object_repr"))


def last() -> int:
    return AuditEntry.objects.order_by("-sequence").values_list("sequence", flat=True).first() or 0


def test_setting_and_changing_a_level(tree):
    trust_a = provider_for("TRA")
    with acting_as(system_actor("tests")):
        set_level(trust_a, level="enhanced", rationale="Rising waits", review_date=None, user=None)
        before = last()
        set_level(trust_a, level="intensive", rationale="No improvement", review_date=None, user=None)
    assert entries_after(0)[:2] == [("create", "Surveillance level of TRA"),
                                    ("create", "Surveillance level of TRA set to enhanced")]
    assert entries_after(before) == [("update", "Surveillance level of TRA"),
                                     ("create", "Surveillance level of TRA from enhanced to intensive")]


def test_raising_and_completing_an_action(tree):
    trust_a = provider_for("TRA")
    owner = owner_at(tree["trust_a"])
    before = last()
    with acting_as(system_actor("tests")):
        action = create_action(trust_a, title="Ask about Alex Example's ward", owner=owner, due_date=date(2030, 1, 1),
                               signal_kind="nof_change")
        update_action(action, trust_a, status="done", evidence_note="Board minutes")
    assert entries_after(before) == [
        ("create", "Surveillance level of TRA"),  # the provider joins the register with its first action
        ("create", "Escalation action on TRA (NOF segment change)"),
        ("update", "Escalation action on TRA (NOF segment change)"),
    ]
