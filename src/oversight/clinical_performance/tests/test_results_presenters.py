"""Results in words and numbers without a database: the SPC signal appears only with enough periods, and the
funnel names the clinician outside its limits and nobody inside them."""

from __future__ import annotations

import uuid
from datetime import date
from types import SimpleNamespace

from oversight.clinical_performance.presenters.results import funnel_view, group_rows, score_series

TEMPLATE = SimpleNamespace(reaudit_below=70.01)


def case(clinician, period: date, score: float, service: str = "Out of hours", role: str = "GP"):
    audit_round = SimpleNamespace(period_start=period, period_end=period.replace(day=28), template=TEMPLATE)
    return SimpleNamespace(round=audit_round, score=score, clinician=clinician, clinician_id=clinician.pk,
                           consultation=SimpleNamespace(service=service, role=role))


def clinician(name: str):
    return SimpleNamespace(pk=uuid.uuid4(), name=name, registration_label=f"GMC {abs(hash(name)) % 10**7:07d}")


def quarters(n: int) -> list[date]:
    return [date(2023 + (3 * i) // 12, (3 * i) % 12 + 1, 1) for i in range(n)]


def test_a_short_series_shows_its_scores_but_no_signal():
    dr = clinician("Dr A")
    series = score_series([case(dr, q, 80 + i) for i, q in enumerate(quarters(4))], with_chart=False)
    assert len(series.rows) == 4 and not series.has_signal
    assert series.icons_text.startswith("Fewer than 12 points")


def test_twelve_periods_give_an_spc_signal():
    dr = clinician("Dr A")
    scores = [80, 82, 79, 81, 80, 83, 78, 81, 80, 82, 79, 40]  # the last quarter far below the rest
    series = score_series([case(dr, q, s) for q, s in zip(quarters(12), scores, strict=True)], with_chart=False)
    assert series.has_signal
    assert "Fewer than" not in series.icons_text and "concern" in series.icons_text.lower()


def test_funnel_names_only_the_clinician_outside_the_limits():
    doctors = [clinician(f"Dr {c}") for c in "ABCDEFG"]
    cases = []
    for dr in doctors:
        below = 12 if dr.name == "Dr G" else 2
        cases += [case(dr, date(2026, 4, 1), 50.0)] * below + [case(dr, date(2026, 4, 1), 90.0)] * (20 - below)
    view = funnel_view(cases)
    assert view.outliers_high == ["Dr G"] and view.outliers_low == []
    assert view.rows[0]["clinician"]["text"] == "Dr G" and view.rows[0]["outlier"] == "Above the upper 95% limit"
    assert all(row["outlier"] == "Within the limits" for row in view.rows[1:])


def test_results_by_service():
    dr = clinician("Dr A")
    rows = group_rows([case(dr, date(2026, 4, 1), 50, "Hub"), case(dr, date(2026, 4, 1), 90, "Hub"),
                       case(dr, date(2026, 4, 1), 90, "Base")], "service")
    assert [(r["group"], r["cases"], r["below_n"]) for r in rows] == [("Hub", 2, 1), ("Base", 1, 0)]
