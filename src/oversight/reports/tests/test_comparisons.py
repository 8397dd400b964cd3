"""The "Providers compared" chapter: a funnel of every provider for each proportion metric, from the real
published A&E file, with the report's trust placed and the outliers named."""

from datetime import date

import pytest

from oversight.organisations.models import Organisation
from oversight.reports.board import build_board_report
from oversight.reports.document import render_html

pytestmark = [pytest.mark.django_db, pytest.mark.shared]


def test_a_trust_report_places_the_trust_among_every_provider(leeds):
    report = build_board_report(leeds, date(2019, 3, 1))
    compared = {c.code: c for c in report.comparisons}
    four_hour = compared["ae_4hr_all"]
    assert four_hour.month == date(2019, 3, 1) and four_hour.providers > 100
    assert four_hour.position in {"within the limits", "better than expected", "worse than expected"}
    assert four_hour.chart_svg.startswith("<svg") and 'aria-hidden="true"' in four_hour.chart_svg
    assert all(o.judgement in {"better than expected", "worse than expected"} for o in four_hour.outliers)
    assert not any(c.code.startswith("ae_attendances") for c in report.comparisons)  # counts are not compared
    html = render_html(report)
    assert 'id="compared"' in html and "How to read the funnel plots" in html
    assert f"{leeds.name}: {four_hour.position}" in html
    # Reproducible: the same month compares the same providers with the same outliers.
    assert report.numbers() == build_board_report(leeds, date(2019, 3, 1)).numbers()


def test_a_regional_report_names_its_own_providers_outside_the_limits(leeds):
    region = Organisation.objects.get(ods_code="Y63")
    report = build_board_report(region, date(2019, 3, 1), charts=False)
    four_hour = next(c for c in report.comparisons if c.code == "ae_4hr_all")
    mine = {p.code for p in report.providers}
    assert {o.code for o in four_hour.outliers_in_focus} <= mine
    assert four_hour.position == ""  # a region has no single position
    html = render_html(report)
    assert "Providers compared" in html
    assert ("This region's providers outside the 99.8% limits" in html
            or "None of this region's providers is outside the 99.8% limits." in html)
