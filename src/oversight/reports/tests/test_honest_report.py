"""Honest SPC in the board and regional reports (synthetic warehouse, no ../shared): too few points
show values without icons and say why; a publication overdue by the period's end says so."""

from datetime import date

import pytest

from oversight.reports.board import build_board_report
from oversight.reports.document import render_html
from oversight.surveillance.tests.factories import synthetic_warehouse
from oversight.testing.factories import build_tree

pytestmark = pytest.mark.django_db
TOO_FEW = "Fewer than 12 points: no SPC signal yet"


@pytest.fixture
def tree(settings, tmp_path):
    settings.OVERSIGHT_WAREHOUSE = str(synthetic_warehouse(tmp_path / "warehouse.duckdb"))
    return build_tree()


def section(report, code: str):
    return next(s for s in report.sections if s.code == code)


def test_a_short_series_has_no_icons_in_the_trust_report(tree):
    short = section(build_board_report(tree["trust_b"], date(2025, 12, 1), charts=False), "ae_4hr_all")
    assert (short.variation, short.assurance, short.note) == ("", "", TOO_FEW)
    assert short.icons_text == TOO_FEW and "<img" not in short.icons_html and short.latest_value == "76.6%"
    assert short.signal.startswith(TOO_FEW)
    signal = section(build_board_report(tree["trust_a"], date(2025, 12, 1), charts=False), "ae_4hr_all")
    assert signal.variation == "concern_low" and signal.icons_text.startswith("Special cause of a concerning nature")


def test_the_regional_report_counts_short_series_apart(tree):
    report = build_board_report(tree["region"], date(2025, 12, 1), charts=False)
    counts = {c.code: c for c in report.signal_counts}["ae_4hr_all"]
    assert (counts.providers, counts.too_few_points, counts.concern, counts.common_cause) == (2, 1, 1, 0)
    html = render_html(report)
    assert TOO_FEW in html and "Hit and miss" not in html
    assert "Special cause of a concerning nature" in html


def test_a_publication_overdue_by_the_periods_end_is_named(tree):
    current = build_board_report(tree["trust_a"], date(2025, 12, 1), charts=False)
    assert not any("no new data" in line for line in current.missing)
    later = build_board_report(tree["trust_a"], date(2026, 6, 1), charts=False)
    assert section(later, "ae_4hr_all").freshness == "No new data since December 2025"
    assert any(line.startswith("A&E 4-hour performance, all types: no new data since december 2025") for line in later.missing)
