"""Honest SPC on the pages, CSV and API (synthetic warehouse, no ../shared): a series below its metric's
minimum points shows its value but no icon and says why; a metric past its publication lag says it has
no new data and never appears as new this month."""

import csv
import io
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from oversight.testing.factories import api_token_for, user_with_role

pytestmark = pytest.mark.django_db
TOO_FEW = "Fewer than 12 points: no SPC signal yet"
CONCERN = "Special cause of a concerning nature: lower"


@pytest.fixture
def regional(client, tree, synthetic):
    client.force_login(user_with_role("analyst", tree["region"]))
    return client


def on(monkeypatch, day: date) -> None:
    """Make ``day`` today for the pages and the API (they judge publication lags against it)."""
    for where in ("oversight.surveillance.views.overview.current_day", "oversight.surveillance.api.current_day"):
        monkeypatch.setattr(where, lambda: day)


@pytest.fixture
def in_january(monkeypatch):
    """15 January 2026: December 2025's A&E figures are current (published in January)."""
    on(monkeypatch, date(2026, 1, 15))


@pytest.fixture
def in_june(monkeypatch):
    """1 June 2026: A&E figures to April were due; the warehouse stops at December 2025."""
    on(monkeypatch, date(2026, 6, 1))


def page(client, name: str, **kwargs) -> str:
    response = client.get(reverse(name, kwargs=kwargs or None))
    assert response.status_code == 200
    return response.content.decode()


def test_matrix_shows_a_short_series_value_without_icons(regional, in_january):
    html = page(regional, "surveillance:matrix")
    trb = html[html.index("Trust B NHS Trust"):]
    trb = trb[:trb.index("</tr>")]
    assert TOO_FEW in trb and "76.6%" in trb and "/icons/" not in trb
    tra = html[html.index("Trust A NHS Trust</a>"):]
    assert 'alt="Variation: ' + CONCERN in tra[:tra.index("</tr>")]
    assert "Hit and miss" not in html and "Common cause variation" in html
    assert "No new data since" not in html


def test_provider_page_and_chart_say_why_there_is_no_signal(regional, in_january):
    assert TOO_FEW in page(regional, "surveillance:provider", code="TRB")
    chart = page(regional, "surveillance:provider-metric", code="TRB", metric="ae_4hr_all")
    assert TOO_FEW in chart and "Variation:" not in chart and "common cause variation" not in chart.lower()


def test_matrix_csv_words_and_notes(regional, in_january):
    response = regional.get(reverse("surveillance:matrix-csv"))
    rows = {(r["provider_code"], r["metric"]): r for r in csv.DictReader(io.StringIO(response.content.decode()))}
    assert rows[("TRB", "ae_4hr_all")]["variation"] == "" and rows[("TRB", "ae_4hr_all")]["signal_note"] == TOO_FEW
    assert rows[("TRA", "ae_4hr_all")]["variation"] == CONCERN
    assert rows[("TRA", "ae_4hr_all")]["assurance"] == "Inconsistently passing and falling short of the target"


def test_new_this_month_lists_a_current_signal(regional, in_january):
    html = page(regional, "surveillance:new-this-month")
    assert "Trust A NHS Trust" in html and CONCERN in html and "Trust B NHS Trust" not in html


def test_a_metric_past_its_publication_lag_is_never_new(regional, in_june):
    html = page(regional, "surveillance:new-this-month")
    assert "No new special-cause signals this month" in html
    assert "A&amp;E 4-hour performance, all types: no new data since december 2025" in html
    assert "no new data since december 2025" in page(regional, "surveillance:matrix")
    assert "No new data since December 2025" in page(regional, "surveillance:provider", code="TRA")


def test_api_is_as_honest_as_the_pages(tree, synthetic, in_june):
    _, token = api_token_for(user_with_role("analyst", tree["region"]))
    rows = Client(HTTP_AUTHORIZATION=f"Bearer {token}").get("/api/v1/surveillance/series?metric=ae_4hr_all").json()
    by_code = {row["org_code"]: row for row in rows}
    assert set(by_code) == {"TRA", "TRB"}
    assert (by_code["TRB"]["variation_icon"], by_code["TRB"]["signal_note"]) == ("", TOO_FEW)
    assert by_code["TRA"]["variation"] == CONCERN and by_code["TRA"]["freshness"] == "No new data since December 2025"
    assert by_code["TRA"]["new_signal"] is False  # stale: not new, though the stored run flagged it
