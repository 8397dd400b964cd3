"""The words and numbers of the call-level KPI pages: per service and site against the standards, and
per clinician compared by funnel (PR: e.g. call backs within 20 minutes by the calls each called back)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import polars as pl
from django.urls import reverse

from oversight.funnel import FunnelInputError, FunnelOptions, funnel
from oversight.indicators import analyse, format_value, month, variation_label
from oversight.indicators.comparison import judgement
from oversight.workforce.models import Clinician

from .. import calls
from .kpis import _reading, _target_cell, target_words

SERVICE_COLUMNS = [("key", "Name"), ("kpi", "KPI"), ("month", "Month"), ("numerator", "Met the standard"),
                   ("denominator", "Calls"), ("value", "Result"), ("target", "Standard"), ("variation", "Variation"),
                   ("assurance", "Assurance")]  # fmt: skip
SERVICE_CSV_HEADER = ["level", "name", "kpi", "kpi_label", "month", "numerator", "denominator", "value_percent",
                      "target", "target_confidence"]  # fmt: skip
CLINICIAN_CSV_HEADER = ["clinician_id", "clinician_type", "kpi", "kpi_label", "month", "numerator", "denominator",
                        "value_percent", "funnel_target_percent", "z", "outlier"]  # fmt: skip
DEFAULT_CLINICIAN_KPI = "iuc_call_back_in_time"


def _count(value) -> str:
    return "" if value is None or pd.isna(value) else f"{value:,.0f}"


def _is_count(row) -> bool:
    """A count KPI (calls received) has no denominator: its value is the count, not a share."""
    return row["denominator"] is None or pd.isna(row["denominator"])


def _percent(value) -> str:
    return "–" if value is None or pd.isna(value) else f"{100 * value:.1f}%"


def service_rows(frame: pl.DataFrame) -> list[dict]:
    """The latest month of each (name, KPI), with SPC words when the KPI is a registered indicator."""
    rows = []
    data = frame.to_pandas()
    for kpi, series in data.groupby("kpi", sort=True):
        metric = calls.kpi_metric(kpi)
        readings = _readings(series, metric) if metric is not None else {}
        for key, one in series.groupby("key", sort=True):
            last = one.sort_values("period").iloc[-1]
            when = pd.Timestamp(last["period"]).date()
            target = target_words(metric, when) if metric is not None else None
            read = readings.get(key)
            rows.append({
                "key": key, "kpi": calls.kpi_label(kpi), "kpi_code": kpi,
                "month": {"text": month(when), "sort": f"{when:%Y%m}"},
                "numerator": _count(last["numerator"]), "denominator": _count(last["denominator"]),
                "value": {"text": _result(metric, last), "sort": float(last["value"])},
                "target": _target_cell(target) if target is not None else "Not a registered indicator yet",
                "variation": read.variation_label if read else "", "assurance": read.assurance_label if read and read.has_signal else "",
            })  # fmt: skip
    return rows


def _result(metric, last) -> str:
    if _is_count(last):
        return _count(last["value"])
    if metric is not None and not metric.is_proportion:
        return format_value(metric, last["value"])
    return _percent(last["value"])


def _readings(series: pd.DataFrame, metric) -> dict:
    frame = series.rename(columns={"key": "org_code"})
    result = analyse(frame, metric, by="org_code")
    return {key: _reading(metric, points.sort_values("Month")) for key, points in result.points.groupby("org_code")}


def service_csv(frame: pl.DataFrame, level: str) -> list[list]:
    rows = []
    for r in frame.sort(["kpi", "key", "period"]).iter_rows(named=True):
        metric = calls.kpi_metric(r["kpi"])
        target = target_words(metric, r["period"]) if metric is not None else None
        share = "" if _is_count(r) else round(100 * r["value"], 4)
        rows.append([level, r["key"], r["kpi"], calls.kpi_label(r["kpi"]), f"{r['period']:%Y-%m}", _count(r["numerator"]),
                     _count(r["denominator"]), share, target.text if target else "",
                     target.confidence if target else ""])  # fmt: skip
    return rows


# ------------------------------------------------------------------------------------ clinicians ----


def clinician_funnel(frame: pl.DataFrame, user, metric=None) -> dict:
    """One month of one KPI across clinicians: a PR funnel, outliers named, each linked to their record;
    an outlier judged better or worse by the KPI's direction when it is registered."""
    data = frame.to_pandas()
    if data.empty:
        return {"rows": [], "outliers": {"high": [], "low": []}, "error": "", "result": None}
    try:
        result = funnel(data["numerator"], data["denominator"], data["clinician_id"], FunnelOptions(data_type="PR"))
    except FunnelInputError as exc:
        return {"rows": [], "outliers": {"high": [], "low": []}, "error": str(exc), "result": None}
    groups = result.groups.set_index("group")
    records = _records(user, data["clinician_id"].tolist())
    rows = []
    for r in data.sort_values("clinician_id").itertuples(index=False):
        g = groups.loc[r.clinician_id]
        side = g["outlier_direction"] if g["outlier"] == 1 else ""
        rows.append({
            "clinician": {"text": r.clinician_id, "href": records.get(r.clinician_id, ""), "sort": r.clinician_id},
            "type": r.clinician_type or "", "numerator": f"{r.numerator:,.0f}", "denominator": f"{r.denominator:,.0f}",
            "value": {"text": _percent(r.value), "sort": float(r.value)}, "z": f"{g['z']:.2f}",
            "outlier": _judged(metric, side),
            "side": side, "raw": r,
        })  # fmt: skip
    return {"rows": rows, "outliers": result.outliers(), "error": "", "result": result,
            "target": _percent(result.target), "notes": list(result.notes)}  # fmt: skip


def _judged(metric, side: str) -> str:
    if not side:
        return "Within the limits"
    where = "Above the limits" if side == "high" else "Below the limits"
    return f"{where}: {judgement(metric, side)}" if metric is not None else where


CLINICIAN_COLUMNS = [("clinician", "Clinician"), ("type", "Type"), ("numerator", "Met the standard"),
                     ("denominator", "Calls"), ("value", "Result"), ("z", "z-score"), ("outlier", "Funnel (99.8%)")]  # fmt: skip


def _records(user, ids: list[str]) -> dict[str, str]:
    """Links to each clinician's record in clinical performance (by registration number), where it exists
    and the user may open it."""
    from oversight.clinical_performance.access import visible_clinicians

    found = visible_clinicians(user).filter(registration_number__in=ids)
    return {clinician.registration_number: _record_url(clinician) for clinician in found}


def _record_url(clinician: Clinician) -> str:
    # The clinician's record (audits, productivity, these call figures) belongs to clinical_performance.
    return reverse("clinical_performance:record", kwargs={"pk": clinician.pk})


def clinician_csv(found: dict, kpi: str, period: date) -> list[list]:
    result = found["result"]
    target = round(100 * result.target, 4) if result is not None else ""
    return [[row["raw"].clinician_id, row["type"], kpi, calls.kpi_label(kpi), f"{period:%Y-%m}", f"{row['raw'].numerator:.0f}",
             f"{row['raw'].denominator:.0f}", round(100 * row["raw"].value, 4), target, row["z"], row["side"] or "none"]
            for row in found["rows"]]  # fmt: skip


__all__ = ["CLINICIAN_COLUMNS", "SERVICE_COLUMNS", "clinician_funnel", "service_rows", "variation_label"]
