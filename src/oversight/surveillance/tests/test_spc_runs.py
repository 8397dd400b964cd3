"""SPC runs: the fingerprint follows the warehouse's loads and the metric catalogue, and nothing else;
a run stores each series honestly (no signal below its metric's minimum points)."""

from dataclasses import replace

import pytest

from oversight.indicators import registry
from oversight.surveillance.services.spc_runs import compute_run, current_run, fingerprint
from oversight.warehouse import Warehouse
from oversight.warehouse.catalogue import load_catalogue

from .factories import SYNTHETIC_AE, synthetic_warehouse

pytestmark = pytest.mark.django_db


def test_fingerprint_is_stable_while_nothing_changes(synthetic_file):
    first = fingerprint(Warehouse(synthetic_file))
    assert first is not None and len(first) == 64
    assert fingerprint(Warehouse(synthetic_file)) == first  # a new reader of the same state
    assert fingerprint(Warehouse(synthetic_file.with_name("never-loaded.duckdb"))) is None


def test_fingerprint_changes_when_a_load_is_added(tmp_path):
    path = synthetic_warehouse(tmp_path / "w.duckdb")
    before = fingerprint(Warehouse(path))
    revised = tmp_path / "revised.csv"
    text = SYNTHETIC_AE.read_text()
    assert "2025-12-01,TRA,1,10060,5000" in text
    revised.write_text(text.replace("2025-12-01,TRA,1,10060,5000", "2025-12-01,TRA,1,10060,4000"))
    Warehouse(path).ingest("ae", [revised])  # NHS England's revision of a month
    assert fingerprint(Warehouse(path)) != before


def test_fingerprint_changes_when_the_catalogue_changes(synthetic_file):
    catalogue = load_catalogue()
    stricter = tuple(replace(m, minimum_points=30) if m.code == "ae_4hr_all" else m for m in catalogue.metrics)
    changed = Warehouse(synthetic_file, catalogue=replace(catalogue, metrics=stricter))
    assert fingerprint(changed) != fingerprint(Warehouse(synthetic_file))


def test_a_run_is_computed_once_per_state(synthetic):
    run = current_run()
    assert run.series_count == run.series.count() > 0
    assert current_run().pk == run.pk
    assert compute_run(Warehouse(synthetic), run.fingerprint).pk == run.pk  # the stored run, not a second


def test_series_below_the_minimum_are_stored_without_a_signal(synthetic):
    run = current_run()
    short = run.series.get(org_code="TRB", metric="ae_4hr_all")
    assert short.n_points == 3 < registry().metric("ae_4hr_all").minimum_points
    assert (short.point_type, short.variation_icon, short.assurance, short.new_signal) == ("", "", "", False)
    assert short.latest_value == pytest.approx(76.59, abs=0.01)  # its value is kept
    concern = run.series.get(org_code="TRA", metric="ae_4hr_all")
    assert concern.n_points == 24 and concern.variation_icon == "concern_low"
    assert concern.new_signal and "outside_limits" in concern.new_rules
    assert concern.assurance == "inconsistent"  # the 78% interim standard for 2025-26 lies within its limits
