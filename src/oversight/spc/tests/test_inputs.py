"""Bad input gets an SPCInputError naming the column, series and date (issue point 7)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import polars as pl
import pytest

from oversight.spc import SPCInputError, spc


def frame(n: int = 15, series=("A", "B")) -> pd.DataFrame:
    months = pd.date_range("2021-01-01", periods=n, freq="MS")
    return pd.DataFrame(
        {
            "org": [s for s in series for _ in range(n)],
            "month": list(months) * len(series),
            "value": np.arange(n * len(series), dtype=float) % 5,
        }
    )


def test_isinstance_value_error():
    assert issubclass(SPCInputError, ValueError)


def test_duplicate_series_and_date_is_named():
    data = pd.concat([frame(), frame().iloc[[20]]])
    with pytest.raises(SPCInputError, match=r"duplicate rows for series org=B on 2021-06-01"):
        spc(data, value="value", date="month", by="org")


def test_duplicate_dates_without_by():
    data = frame(series=("A",))
    data = pd.concat([data, data.iloc[[3]]])
    with pytest.raises(SPCInputError, match=r"duplicate rows on 2021-04-01"):
        spc(data, value="value", date="month")


def test_non_numeric_value_is_named():
    data = frame().astype({"value": object})
    data.loc[17, "value"] = "n/a"
    with pytest.raises(SPCInputError, match=r"'n/a', which is not a number: series org=B on 2021-03-01"):
        spc(data, value="value", date="month", by="org")


def test_numbers_as_text_are_accepted():
    data = frame().astype({"value": str})
    assert len(spc(data, value="value", date="month", by="org")) == 30


def test_boolean_values_are_refused():
    data = frame().assign(value=lambda d: d["value"] > 1)
    with pytest.raises(SPCInputError, match="must be numeric"):
        spc(data, value="value", date="month", by="org")


def test_infinite_value_is_named():
    data = frame()
    data.loc[2, "value"] = np.inf
    with pytest.raises(SPCInputError, match=r"infinite value: series org=A on 2021-03-01"):
        spc(data, value="value", date="month", by="org")


def test_unparseable_date_is_named():
    data = frame().assign(month=lambda d: d["month"].dt.strftime("%Y-%m-%d"))
    data.loc[4, "month"] = "31/05/2021"
    with pytest.raises(SPCInputError, match=r"not a date \(use YYYY-MM-DD\): series org=A on 31/05/2021"):
        spc(data, value="value", date="month", by="org")


def test_numbers_are_not_dates():
    data = frame().assign(month=range(30))
    with pytest.raises(SPCInputError, match="must hold dates"):
        spc(data, value="value", date="month", by="org")


@pytest.mark.parametrize("argument", ["value", "date", "by"])
def test_missing_column_is_named(argument):
    names = {"value": "value", "date": "month", "by": "org"}
    names[argument] = "nope"
    with pytest.raises(SPCInputError, match=r"column 'nope' not found"):
        spc(frame(), **names)


def test_missing_value_is_an_error_naming_series_and_date():
    data = frame()
    data.loc[18, "value"] = np.nan
    with pytest.raises(
        SPCInputError, match=r"missing value: series org=B on 2021-04-01 \(pass missing='drop'"
    ):
        spc(data, value="value", date="month", by="org")


def test_missing_values_can_be_dropped():
    data = frame()
    data.loc[18, "value"] = np.nan
    data.loc[3, "month"] = pd.NaT
    points = spc(data, value="value", date="month", by="org", missing="drop")
    assert len(points) == 28
    assert not points["value"].isna().any()


def test_missing_by_value_is_named():
    data = frame()
    data.loc[5, "org"] = None
    with pytest.raises(SPCInputError, match=r"by column 'org' has a missing value"):
        spc(data, value="value", date="month", by="org")


def test_polars_errors_name_the_series_too():
    data = pl.from_pandas(frame()).with_columns(pl.col("value").cast(pl.String))
    data = data.with_columns(
        pl.when(pl.int_range(pl.len()) == 16).then(pl.lit("x")).otherwise(pl.col("value")).alias("value")
    )
    with pytest.raises(SPCInputError, match=r"'x', which is not a number: series org=B on 2021-02-01"):
        spc(data, value="value", date="month", by="org")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"direction": "up"}, "direction must be one of"),
        ({"fix_after": 5}, "fix_after must be a whole number >= 12"),
        ({"fix_after": 12.5}, "fix_after must be a whole number >= 12"),
        ({"screen_outliers": "yes"}, "screen_outliers must be True or False"),
        ({"trend_length": 8}, "trend_length must be 6 or 7"),
        ({"missing": "ignore"}, "missing must be 'error' or 'drop'"),
        ({"target": "high"}, "target must be a number, a mapping or a frame"),
        ({"target": {"Z": 1.0}}, "target names series 'Z', which is not in the data"),
        ({"target": {"A": "x"}}, "target for 'A' must be a finite number"),
        ({"rebase": {"A": ["2021-03-15"]}}, "rebase date 2021-03-15 is not a date of series org=A"),
        ({"rebase": {"Z": ["2021-03-01"]}}, "rebase names series 'Z'"),
        ({"rebase": ["not a date"]}, "rebase dates must be dates or ISO 8601 text"),
        ({"rebase": "2021-03-01"}, "rebase must be a list of dates"),
    ],
)
def test_bad_options_are_refused_at_the_door(options, message):
    with pytest.raises(SPCInputError, match=message):
        spc(frame(), value="value", date="month", by="org", **options)


def test_output_names_may_not_be_input_names():
    data = frame().rename(columns={"value": "mean"})
    with pytest.raises(SPCInputError, match="name of an output column"):
        spc(data, value="mean", date="month", by="org")


def test_not_a_frame():
    with pytest.raises(SPCInputError, match="pandas or Polars DataFrame"):
        spc([1, 2, 3], value="v", date="d")


def test_empty_frame():
    with pytest.raises(SPCInputError, match="no rows"):
        spc(frame().iloc[:0], value="value", date="month", by="org")
