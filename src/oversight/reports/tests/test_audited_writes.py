"""The report services leave one audit entry per template or narrative written, named without its text."""

from datetime import date

import pytest

from oversight.audit.context import acting_as, system_actor
from oversight.audit.models import AuditEntry
from oversight.reports.services import save_narratives, save_template
from oversight.testing.factories import build_tree

pytestmark = pytest.mark.django_db
NOVEMBER = date(2026, 11, 1)


@pytest.fixture
def trust():
    with acting_as(system_actor("tests")):
        yield build_tree()["trust_a"]


def entries() -> list[tuple[str, str]]:
    return list(AuditEntry.objects.order_by("sequence").values_list("action", "object_repr"))


def test_narratives_created_changed_and_emptied(trust):
    save_narratives(trust, "board", NOVEMBER, {"summary": "A calm month for Alex Example."}, "cmo")
    save_narratives(trust, "board", NOVEMBER, {"summary": "A busy month."}, "cmo")
    save_narratives(trust, "board", NOVEMBER, {"summary": ""}, "cmo")
    name = "Monthly board report narrative for TRA: summary, November 2026"
    assert entries() == [("create", name), ("update", name), ("delete", name)]
    change = AuditEntry.objects.get(action="update").changes
    assert change["text"] == ["A calm month for Alex Example.", "A busy month."]


def test_a_template_is_created_then_changed(trust):
    save_template(trust, ["ae_4hr_all"], "portrait", {"ae_4hr_all", "rtt_18wk"}, "cmo")
    save_template(trust, ["rtt_18wk", "ae_4hr_all"], "portrait", {"ae_4hr_all", "rtt_18wk"}, "cmo")
    assert entries() == [("create", "Board report template for TRA"), ("update", "Board report template for TRA")]
    assert AuditEntry.objects.get(action="update").changes["metric_codes"] == [["ae_4hr_all"], ["rtt_18wk", "ae_4hr_all"]]
