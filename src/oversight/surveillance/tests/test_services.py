"""Surveillance services on the real published files (marked shared), and what other modules may ask."""

import pytest

from oversight.audit.context import acting_as, system_actor
from oversight.surveillance.models import NofResult
from oversight.surveillance.providers import provider_for
from oversight.surveillance.services import escalation_summary, nof_position
from oversight.surveillance.services.escalation import set_level
from oversight.surveillance.services.nof import load_nof_file
from oversight.surveillance.services.spc_runs import current_run

from .conftest import NOF_FILE

pytestmark = pytest.mark.django_db


@pytest.mark.shared
def test_nof_load_reproduces_published_final_segments_and_is_idempotent(shared, ods):
    path = shared / "data" / NOF_FILE
    with acting_as(system_actor("tests")):
        first = load_nof_file(path, year="2025-26", period_label="Q1 2025/26", loaded_by="tests")
        again = load_nof_file(path, year="2025-26", period_label="Q1 2025/26", loaded_by="tests")
    assert first.created and not again.created
    assert NofResult.objects.count() == 134
    position = nof_position("RCD")
    assert position["year"] == "2025-26" and 1 <= position["final_segment"] <= 5
    assert position["out_of"] >= 100
    assert nof_position("ZZZ") is None


@pytest.mark.shared
def test_spc_run_covers_every_provider_and_metric(published, ods):
    run = current_run()
    assert run.series_count > 1000
    leeds = run.series.filter(org_code="RR8", metric="ae_4hr_all").get()
    assert leeds.point_type and leeds.n_points == 13
    assert current_run().pk == run.pk  # cached until the warehouse changes


def test_escalation_summary_absent_until_raised(tree):
    assert escalation_summary("TRA") is None and escalation_summary(tree["trust_a"]) is None
    with acting_as(system_actor("tests")):
        set_level(provider_for("TRA"), level="enhanced", rationale="Rising waits", review_date=None, user=None)
    assert escalation_summary(tree["trust_a"])["level"] == "enhanced" and nof_position("TRA") is None
