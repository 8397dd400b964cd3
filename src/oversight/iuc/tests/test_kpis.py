"""Call-level KPIs on a handful of calls worked out by hand (docs/rules/urgent-care.md)."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from oversight.iuc import check_events, monthly_kpis

HEADER = ("call_reference,contract,service,site,received_at,answered_at,abandoned,abandoned_at,priority,clinician_id,"
          "clinician_type,call_back_at,definitive_assessment_at,face_to_face_within_hours,face_to_face_at,disposition,"
          "validated_at,practice_notified_at")  # fmt: skip

# Friday 22 December 2023 evening and Christmas: the next working day after 22 Dec is Wed 27 Dec 2023.
ROWS = [
    # answered in 30 s, urgent, called back in 15 min, assessed in 18 min, ED, validated in 25 min, notified next day
    "C1,111AA1,OOH,HUB1,2023-12-22 20:00:00,2023-12-22 20:00:30,false,,urgent,GMC1,gp,2023-12-22 20:15:30,"
    "2023-12-22 20:18:30,,,ed,2023-12-22 20:25:30,2023-12-27 07:59:00",
    # answered in 90 s, routine, call back at 40 min (late), assessed at 50 min (in time for routine), f2f 2 h met
    "C2,111AA1,OOH,HUB1,2023-12-22 21:00:00,2023-12-22 21:01:30,false,,routine,GMC1,gp,2023-12-22 21:41:30,"
    "2023-12-22 21:51:30,2,2023-12-22 22:30:00,primary_care,,2023-12-27 08:01:00",
    # abandoned after 45 s (counts as abandoned after 30 s)
    "C3,111AA1,NHS111,HUB2,2023-12-22 21:05:00,,true,2023-12-22 21:05:45,,,,,,,,,,",
    # abandoned after 10 s (not counted)
    "C4,111AA1,NHS111,HUB2,2023-12-22 21:06:00,,yes,2023-12-22 21:06:10,,,,,,,,,,",
    # answered, no clinical contact, disposition none
    "C5,111AA1,NHS111,HUB2,2023-12-22 21:07:00,2023-12-22 21:07:20,false,,,,,,,,,none,,",
    # emergency, ambulance, never validated; assessed in 25 min (late for urgent); nurse NMC9
    "C6,111AA1,NHS111,HUB2,2024-01-02 09:00:00,2024-01-02 09:00:10,false,,emergency,NMC9,nurse,2024-01-02 09:05:10,"
    "2024-01-02 09:25:10,1,2024-01-02 10:30:00,ambulance,,2024-01-03 07:00:00",
]


def events(rows=ROWS, tmp_path=None):
    frame = pl.read_csv(("\n".join([HEADER, *rows]) + "\n").encode(), infer_schema=False)
    return check_events(frame, "hand.csv")


def value(kpis: pl.DataFrame, kpi: str, level: str, key: str, period: date) -> tuple[float, float | None]:
    row = kpis.filter((pl.col("kpi") == kpi) & (pl.col("level") == level) & (pl.col("key") == key)
                      & (pl.col("period") == period))  # fmt: skip
    assert row.height == 1, (kpi, level, key, period, row)
    return row["numerator"][0], row["denominator"][0]


DEC, JAN = date(2023, 12, 1), date(2024, 1, 1)


def test_contract_month_by_hand():
    kpis = monthly_kpis(events())
    assert value(kpis, "iuc_calls_received", "contract", "111AA1", DEC) == (5, None)
    assert value(kpis, "iuc_answered_60s", "contract", "111AA1", DEC) == (2, 3)
    assert value(kpis, "iuc_abandoned_30s", "contract", "111AA1", DEC) == (1, 5)
    assert value(kpis, "iuc_clinical_input", "contract", "111AA1", DEC) == (2, 3)
    assert value(kpis, "iuc_call_back_in_time", "contract", "111AA1", DEC) == (1, 2)
    assert value(kpis, "iuc_call_back_in_time_urgent", "contract", "111AA1", DEC) == (1, 1)
    assert value(kpis, "iuc_call_back_in_time_routine", "contract", "111AA1", DEC) == (0, 1)
    assert value(kpis, "iuc_assessment_in_time", "contract", "111AA1", DEC) == (2, 2)
    assert value(kpis, "iuc_face_to_face_in_time_2h", "contract", "111AA1", DEC) == (1, 1)
    assert value(kpis, "iuc_validated_in_time", "contract", "111AA1", DEC) == (1, 1)
    assert value(kpis, "iuc_disposition_none", "contract", "111AA1", DEC) == (1, 3)


def test_practice_notified_by_0800_next_working_day_across_christmas():
    """22 Dec 2023 is a Friday; 25 and 26 Dec are bank holidays: the deadline is 08:00 on 27 Dec."""
    kpis = monthly_kpis(events())
    assert value(kpis, "iuc_practice_notified_in_time", "contract", "111AA1", DEC) == (1, 2)  # 07:59 yes, 08:01 no
    assert value(kpis, "iuc_practice_notified_in_time", "contract", "111AA1", JAN) == (1, 1)


def test_urgent_assessment_late_and_validation_missing_counts_as_not_met():
    kpis = monthly_kpis(events())
    assert value(kpis, "iuc_assessment_urgent_in_time", "contract", "111AA1", JAN) == (0, 1)
    assert value(kpis, "iuc_validated_in_time", "contract", "111AA1", JAN) == (0, 1)
    assert value(kpis, "iuc_face_to_face_in_time_1h", "contract", "111AA1", JAN) == (0, 1)


def test_levels_and_clinicians():
    kpis = monthly_kpis(events())
    assert set(kpis["level"].unique()) == {"contract", "service", "site", "clinician"}
    assert value(kpis, "iuc_call_back_in_time", "clinician", "GMC1", DEC) == (1, 2)
    assert value(kpis, "iuc_abandoned_30s", "site", "HUB2", DEC) == (1, 3)
    # call handling is not a clinician's measure
    assert kpis.filter((pl.col("level") == "clinician") & (pl.col("kpi") == "iuc_answered_60s")).is_empty()
    only = monthly_kpis(events(), by=["site"])
    assert set(only["level"].unique()) == {"site"}


def test_value_is_numerator_over_denominator_and_no_empty_denominators():
    kpis = monthly_kpis(events()).filter(pl.col("denominator").is_not_null())
    assert (kpis["denominator"] > 0).all()
    assert kpis["value"].to_list() == pytest.approx((kpis["numerator"] / kpis["denominator"]).to_list())


def test_kpi_without_its_column_is_not_computed():
    frame = pl.read_csv(("\n".join([HEADER, *ROWS]) + "\n").encode(), infer_schema=False).drop("validated_at")
    kpis = monthly_kpis(check_events(frame, "no-validation.csv"))
    assert "iuc_validated_in_time" not in kpis["kpi"].to_list()
    assert "iuc_call_back_in_time" in kpis["kpi"].to_list()


def test_unknown_level_refused():
    with pytest.raises(ValueError, match="unknown level"):
        monthly_kpis(events(), by=["region"])
