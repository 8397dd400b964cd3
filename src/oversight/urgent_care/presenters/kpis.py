"""The words and numbers of the contract KPI pages: each KPI a registered indicator, analysed (SPC
against its financial year's target), with where its figures come from.

No series is drawn or analysed across April 2021, when the NHS 111 Minimum Data Set became the IUC ADC
with new definitions (rules file §7): each side of the break is its own series.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
from django.urls import reverse

from oversight.indicators import (
    Metric,
    analyse,
    describe_series,
    format_value,
    freshness_note,
    month,
    reading,
    render_chart,
    scale_of,
    target_for,
    unit_of,
)
from oversight.spc.icons import variation_icon

from .. import selectors
from ..publications import publication_rules

NOT_CONFIRMED = "target not confirmed"


@dataclass(frozen=True)
class TargetWords:
    value: float | None  # display units
    text: str  # "95.0%: operational standard (standing)"; "" when the KPI has none that year
    confidence: str
    unconfirmed: bool


def target_words(metric: Metric, when: date) -> TargetWords:
    value, label = target_for(metric, when)
    chosen = metric.targets_for(when)
    if value is None or not chosen:
        return TargetWords(None, "", "", False)
    return TargetWords(value, label.removesuffix(", unconfirmed"), chosen[0].confidence, chosen[0].is_unconfirmed)


def segments(frame: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """The frame split at the series break, earliest first; one (label, rows) per side that has rows."""
    brk = publication_rules().series_break
    periods = pd.to_datetime(frame["period"])
    cut = pd.Timestamp(brk.month)
    parts = [(brk.before, frame[periods < cut]), (brk.after, frame[periods >= cut])]
    return [(label, part) for label, part in parts if not part.empty]


def _current(frame: pd.DataFrame) -> tuple[pd.DataFrame, bool]:
    """The latest side of the break (the series a KPI is judged on now), and whether an older one exists."""
    parts = segments(frame)
    return (parts[-1][1], len(parts) > 1) if parts else (frame, False)


# ---------------------------------------------------------------------------------- the KPI list ----

LIST_COLUMNS = [("contract", "Contract"), ("region", "Region"), ("kpi", "KPI"), ("latest", "Latest"),
                ("month", "Month"), ("target", "Target"), ("variation", "Variation"), ("assurance", "Assurance"),
                ("points", "Months")]  # fmt: skip


def chosen_contracts(filters: dict) -> list[selectors.Contract]:
    found = selectors.contracts()
    if filters.get("contract"):
        found = [c for c in found if c.code == filters["contract"]]
    if filters.get("region"):
        found = [c for c in found if c.region == filters["region"]]
    return found


def chosen_metrics(filters: dict) -> list[Metric]:
    metrics = list(selectors.contract_metrics())
    return [m for m in metrics if m.code == filters["kpi"]] if filters.get("kpi") else metrics


def kpi_rows(filters: dict, start: date | None, end: date | None, today: date) -> list[dict]:
    """One row per contract and KPI: its latest month, target, variation and assurance in words."""
    contracts = {c.code: c for c in chosen_contracts(filters)}
    rows = []
    for metric in chosen_metrics(filters):
        frame = selectors.observations([metric.code], list(contracts), start, end)
        frame = frame[frame["value"].notna()]
        if frame.empty:
            continue
        current, _ = _current(frame)
        result = analyse(current, metric, by="org_code")
        for code, points in result.points.groupby("org_code", sort=False):
            rows.append(_list_row(contracts[code], metric, points.sort_values("Month"), today))
    return sorted(rows, key=lambda r: (r["contract"]["text"].lower(), r["kpi"]))


def _list_row(contract: selectors.Contract, metric: Metric, points: pd.DataFrame, today: date) -> dict:
    last = points.iloc[-1]
    when = pd.Timestamp(last["Month"]).date()
    read = _reading(metric, points)
    target = target_words(metric, when)
    href = reverse("urgent_care:contract", kwargs={"code": contract.code})
    return {
        "contract": {"text": contract.name, "href": href, "sort": contract.name.lower()},
        "region": contract.region, "kpi": metric.label,
        "latest": {"text": format_value(metric, last["value"]), "sort": float(last["value"])},
        "month": {"text": month(when), "sort": f"{when:%Y%m}"},
        "target": _target_cell(target),
        "variation": read.variation_label, "assurance": read.assurance_label if read.has_signal else "",
        "points": len(points), "stale": freshness_note(metric, when, today),
    }  # fmt: skip


def _target_cell(target: TargetWords) -> str:
    if not target.text:
        return "No target"
    return f"{target.text} ({NOT_CONFIRMED})" if target.unconfirmed else target.text


def _reading(metric: Metric, points: pd.DataFrame):
    last = points.iloc[-1]
    icon = variation_icon(str(last["point_type"]), metric.improvement_direction)
    assurance = "" if pd.isna(last["assurance"]) else str(last["assurance"])
    return reading(metric, len(points), icon, assurance, has_target=bool(pd.notna(last.get("target"))))


def sources_panel() -> list[dict]:
    """Where the figures come from and when each source was last loaded."""
    rules = publication_rules()
    out = []
    for facts in selectors.latest_loads():
        publication = rules.publication(facts.source)
        out.append({
            "title": publication.title, "status": publication.status, "note": publication.note,
            "file": facts.file_name, "loaded_at": facts.loaded_at,
            "span": _span(facts.first_period, facts.last_period),
            "has_provisional": publication.official_after_days is not None,
        })  # fmt: skip
    return out


def _span(first: date | None, last: date | None) -> str:
    if first is None or last is None:
        return ""
    return month(first) if first == last else f"{month(first)} to {month(last)}"


# ----------------------------------------------------------------------------- one contract page ----


def contract_kpis(contract: selectors.Contract, today: date, *, charts: bool = True) -> list[dict]:
    """Every KPI of one contract: one panel per KPI, each side of the series break its own chart."""
    metrics = list(selectors.contract_metrics())
    frame = selectors.observations([m.code for m in metrics], [contract.code])
    loads = selectors.loads()
    panels = []
    for metric in metrics:
        series = frame[frame["metric"] == metric.code]
        if series.empty:
            continue
        parts = [_segment(label, part, metric, loads, charts) for label, part in segments(series)]
        latest = parts[-1]
        panels.append({
            "metric": metric, "segments": parts, "split": len(parts) > 1,
            "stale": freshness_note(metric, latest["latest_period"], today) if latest["latest_period"] else "",
            "csv_url": reverse("urgent_care:contract-csv", kwargs={"code": contract.code}) + f"?kpi={metric.code}",
        })  # fmt: skip
    return panels


def _segment(label: str, frame: pd.DataFrame, metric: Metric, loads: dict, charts: bool) -> dict:
    values = frame[frame["value"].notna()]
    table = [_table_row(obs, metric, loads) for obs in frame.sort_values("period").to_dict("records")]
    if values.empty:
        return {"label": label, "rows": table, "svg": "", "text": "No reported values.", "latest_period": None,
                "target": target_words(metric, date.today()), "reading": None, "latest": ""}  # fmt: skip
    result = analyse(values, metric, by=None)
    points = result.points
    when = pd.Timestamp(points["Month"].max()).date()
    target = target_words(metric, when)
    limits = points.set_index("Month")
    for row in table:
        point = limits.loc[row["when"]] if row["when"] in limits.index else None
        row.update({key: _fmt(metric, point, key) for key in ("mean", "lpl", "upl")})
        row.update({f"{key}_value": _raw(point, key) for key in ("mean", "lpl", "upl")})
    return {
        "label": label, "rows": table, "svg": render_chart(result) if charts else "",
        "text": describe_series(points, metric, target.value), "latest_period": when, "target": target,
        "reading": _reading(metric, points), "latest": format_value(metric, points.iloc[-1]["value"]),
        "latest_month": month(when),
    }  # fmt: skip


def _fmt(metric: Metric, point, column: str) -> str:
    return format_value(metric, point[column]) if point is not None else ""


def _raw(point, column: str):
    return None if point is None or pd.isna(point[column]) else round(float(point[column]), 6)


def _table_row(obs: dict, metric: Metric, loads: dict) -> dict:
    when = pd.Timestamp(obs["period"])
    facts = loads.get(int(obs["load_id"])) if pd.notna(obs.get("load_id")) else None
    status = ""
    if facts is not None:
        status = publication_rules().publication(facts.source).month_status(when.date(), facts.loaded_at)
    value = obs["value"] * scale_of(metric) if pd.notna(obs["value"]) else None
    return {
        "when": when, "month": month(when), "value": format_value(metric, value) if value is not None else "Missing",
        "raw_value": value, "numerator": obs["numerator"], "denominator": obs["denominator"],
        "status": status, "source": facts.source if facts else "", "file": facts.file_name if facts else "", "loaded_at": facts.loaded_at if facts else None,
        "mean": "", "lpl": "", "upl": "", "mean_value": None, "lpl_value": None, "upl_value": None,
    }  # fmt: skip


# ------------------------------------------------------------------------------------------ CSV ----

CSV_HEADER = ["contract_code", "contract_name", "region", "kpi", "kpi_label", "series", "month", "value", "unit",
              "numerator", "denominator", "mean", "lower_process_limit", "upper_process_limit", "target",
              "target_confidence", "variation", "assurance", "publication", "publication_status", "file",
              "loaded_at"]  # fmt: skip


def csv_rows(contracts: list[selectors.Contract], metrics: list[Metric], start: date | None = None,
             end: date | None = None) -> list[list]:  # fmt: skip
    """Every month of every (contract, KPI) chosen, with its limits, target and provenance."""
    by_code = {c.code: c for c in contracts}
    frame = selectors.observations([m.code for m in metrics], list(by_code), start, end)
    loads = selectors.loads()
    rows: list[list] = []
    for metric in metrics:
        for code, series in frame[frame["metric"] == metric.code].groupby("org_code", sort=True):
            for part in (_segment(label, seg, metric, loads, charts=False) for label, seg in segments(series)):
                rows.extend(_csv_row(by_code[code], metric, part, row) for row in part["rows"])
    return rows


def _csv_row(contract: selectors.Contract, metric: Metric, part: dict, row: dict) -> list:
    target, read = part["target"], part["reading"]
    publication = publication_rules().publication(row["source"]).title if row["source"] else ""
    return [
        contract.code, contract.name, contract.region, metric.code, metric.label, part["label"], f"{row['when']:%Y-%m}",
        "" if row["raw_value"] is None else round(row["raw_value"], 6), unit_of(metric), _count(row["numerator"]),
        _count(row["denominator"]), row["mean_value"], row["lpl_value"], row["upl_value"], target.text,
        target.confidence if target.text else "", read.variation_label if read else "",
        read.assurance_label if read and read.has_signal else "", publication, row["status"], row["file"], row["loaded_at"].isoformat(timespec="seconds") if row["loaded_at"] else "",
    ]  # fmt: skip


def _count(value) -> str:
    return "" if value is None or pd.isna(value) else f"{value:.0f}"
