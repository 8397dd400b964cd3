"""SPC for every (provider, metric) series in the warehouse, computed and stored once per warehouse state.

The only writer of ``SPCRun``, ``SeriesResult`` and ``ChartCache``.

The warehouse (DuckDB, owned by ``oversight.warehouse``) is read-only here. Its state is identified by a
**fingerprint**: a SHA-256 over its loads (id, file hash, time, options), the metric catalogue (so a changed
target counts) and this module's version and window. Finding the fingerprint costs a ``stat`` of the file
when nothing changed (memoised per process on the file's size, modification time and inode, and those of
its write-ahead log), and one small query otherwise.

For a new fingerprint every metric is analysed in one call of ``oversight.spc.spc_analysis`` (series =
``org_code``), and each series' latest point, limits, icons and "new this month" flags are stored as a
``SeriesResult`` row under an ``SPCRun``. Pages then read those rows; nothing is recomputed per request.
Charts are rendered on first view and kept (``ChartCache``) for the life of the run.

Choices (see docs/surveillance.md):

* Window: the last ``WINDOW_MONTHS`` (36) months up to each metric's latest period; older points (e.g. the
  2016-2019 A&E history) are outside the charts and the limits.
* Values are analysed in display units: proportions as percentages (0-100), counts as counts. SPC is
  unchanged by scaling; targets are scaled the same way.
* Target: the catalogue's target for the financial year of the series' latest period; when that year has
  none, the standing one (``Metric.targets_for``).
* Missing values (reported as ``-``) are left out of the series (``missing="drop"``).
* A series with fewer points than its metric's ``minimum_points`` is stored without a point type, icons
  or assurance, and is never new (``indicators.signal_icons``): its values are shown, its signal is not.
* A signal is **new this month** when the series' latest point is its metric's latest period, that point
  is special cause, and either the previous point was not or a rule fired that had not fired at the
  previous point.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
from django.db import IntegrityError, transaction

from oversight.indicators import (
    WINDOW_MONTHS,
    Metric,
    analyse,
    has_enough_points,
    render_chart,
    target_for,
    window_start,
)
from oversight.spc.icons import assurance_icon, variation_icon
from oversight.warehouse import Warehouse

from ..models import ChartCache, SeriesResult, SPCRun
from ..series import MONTH, SeriesView, warehouse

VERSION = "3"  # 3: series shorter than their metric's minimum stored without a signal


# ------------------------------------------------------------------------------------ fingerprint ----

_memo_lock = threading.Lock()
_fingerprints: dict[tuple, str] = {}


def _stat(path: Path) -> tuple | None:
    try:
        s = path.stat()
    except FileNotFoundError:
        return None
    return (s.st_size, s.st_mtime_ns, s.st_ino)


def fingerprint(store: Warehouse) -> str | None:
    """The warehouse state's fingerprint; None when nothing has been loaded."""
    path = store.path
    main = _stat(path)
    if main is None:
        return None
    # The catalogue is part of the key: the same file read with other metric definitions is another state.
    key = (str(path), main, _stat(path.with_name(path.name + ".wal")), store.metric_catalogue)
    with _memo_lock:
        known = _fingerprints.get(key)
    if known is not None:
        return known
    loads = store.loads()
    columns = [c for c in ("load_id", "source", "sha256", "loaded_at", "options") if c in loads.columns]
    payload = json.dumps(
        {
            "loads": loads[columns].astype(str).to_numpy().tolist(),
            "catalogue": repr(store.metric_catalogue),
            "version": VERSION,
            "window": WINDOW_MONTHS,
        }
    )
    found = hashlib.sha256(payload.encode()).hexdigest()
    with _memo_lock:
        if len(_fingerprints) > 32:
            _fingerprints.clear()
        _fingerprints[key] = found
    return found


def current_run(compute: bool = True) -> SPCRun | None:
    """The SPC run of the warehouse as it is now (computed if needed). While a load holds the file, the
    latest earlier run is returned; None when nothing is loaded."""
    store = warehouse()
    try:
        found = fingerprint(store)
    except duckdb.Error:
        return SPCRun.objects.order_by("-created_at").first()
    if found is None:
        return None
    run = SPCRun.objects.filter(fingerprint=found).first()
    if run is None and compute:
        try:
            run = compute_run(store, found)
        except duckdb.Error:
            return SPCRun.objects.order_by("-created_at").first()
    return run


# ------------------------------------------------------------------------------------------ compute ----

_compute_lock = threading.Lock()


def compute_run(store: Warehouse, found: str) -> SPCRun:
    with _compute_lock:
        existing = SPCRun.objects.filter(fingerprint=found).first()
        if existing is not None:
            return existing
        started = time.perf_counter()
        observations = store.observations()
        organisations = store.organisations()
        loads = store.loads()
        rows, latest_periods = _series_rows(store, observations)
        orgs = _organisations(organisations)
        load_list = [
            {k: (None if pd.isna(v) else str(v)) for k, v in row.items()}
            for row in loads[
                [
                    c
                    for c in ("load_id", "source", "file_name", "sha256", "loaded_at", "first_period", "last_period")
                    if c in loads.columns
                ]
            ].to_dict("records")
        ]
        try:
            with transaction.atomic():
                run = SPCRun.objects.create(
                    fingerprint=found,
                    warehouse_path=str(store.path),
                    loads=load_list,
                    latest_periods={k: v.isoformat() for k, v in latest_periods.items()},
                    organisations=orgs,
                    window_months=WINDOW_MONTHS,
                )
                for row in rows:
                    row.run = run
                SeriesResult.objects.bulk_create(rows, batch_size=1000)
                run.series_count = len(rows)
                run.computed_seconds = round(time.perf_counter() - started, 3)
                run.save(update_fields=["series_count", "computed_seconds"])
        except IntegrityError:  # another process stored the same run first
            return SPCRun.objects.get(fingerprint=found)
        SPCRun.objects.exclude(id=run.id).delete()
        return run


def _organisations(frame: pd.DataFrame) -> dict:
    out: dict[str, dict] = {}
    frame = frame.sort_values("last_period")
    for row in frame.itertuples(index=False):
        entry = out.setdefault(row.org_code, {"name": "", "parents": {}, "sources": []})
        if isinstance(row.org_name, str) and row.org_name:
            entry["name"] = row.org_name  # the latest file's name wins
        if isinstance(row.parent_name, str) and row.parent_name:
            entry["parents"][row.source] = row.parent_name
        if row.source not in entry["sources"]:
            entry["sources"].append(row.source)
    return out


def _rules(frame: pd.DataFrame) -> list[str]:
    """Per point, the rules true there ("outside_limits,shift")."""
    flags = {
        "outside_limits": frame["outside_limits"].fillna(False).to_numpy(dtype=bool),
        "two_in_three": frame["rule_part_of_two_in_three"].fillna(False).to_numpy(dtype=bool),
        "trend": frame["rule_part_of_trend"].to_numpy(dtype=bool),
        "shift": frame["rule_part_of_shift"].to_numpy(dtype=bool),
    }
    names = list(flags)
    return [",".join(n for n, on in zip(names, row, strict=True) if on) for row in zip(*flags.values(), strict=True)]


def _series_rows(store: Warehouse, observations: pd.DataFrame) -> tuple[list[SeriesResult], dict]:
    catalogue = store.metric_catalogue
    observations = observations[observations["metric"].isin(catalogue.codes)]
    latest_periods = {
        metric: ts.date() for metric, ts in pd.to_datetime(observations.groupby("metric")["period"].max()).items()
    }
    rows: list[SeriesResult] = []
    for metric_code, latest in sorted(latest_periods.items()):
        metric = catalogue.metric(metric_code)
        frame = observations[
            (observations["metric"] == metric_code)
            & (observations["period"] >= pd.Timestamp(window_start(latest)))
            & observations["value"].notna()
        ]
        if frame.empty:
            continue
        points = analyse(frame, metric).points
        rows.extend(_summarise(points, metric, latest))
    return rows, latest_periods


def _summarise(points: pd.DataFrame, metric: Metric, latest: date) -> list[SeriesResult]:
    points = points.reset_index(drop=True)
    points["rules"] = _rules(points)
    keep = ["org_code", MONTH, "value", "mean", "lpl", "upl", "target", "point_type", "special_cause_type",
            "special_cause_flag", "assurance", "rules"]  # fmt: skip
    grouped = points.groupby("org_code", sort=False)
    last = {r["org_code"]: r for r in grouped.tail(1)[keep].to_dict("records")}
    previous = {r["org_code"]: r for r in grouped.nth(-2)[keep].to_dict("records")}
    size = grouped.size().to_dict()
    first = grouped[MONTH].min().to_dict()
    latest_group = points["rebase_group"] == points.groupby("org_code")["rebase_group"].transform("max")
    special = points[latest_group & points["special_cause_flag"]].groupby("org_code").size().to_dict()
    targets: dict[date, str] = {}
    out = []
    for code, row in last.items():
        out.append(_result(metric, code, row, previous.get(code), int(size[code]), latest, targets,
                           first=first[code].date(), special=int(special.get(code, 0))))  # fmt: skip
    return out


def _result(metric: Metric, code: str, row: dict, prev: dict | None, n_points: int, latest: date,
            targets: dict[date, str], *, first: date, special: int) -> SeriesResult:  # fmt: skip
    """One series' stored result. A series too short for its metric states no signal: no point type,
    icons or assurance, never new (its values, limits and rules are kept for the chart page)."""
    latest_rules = set(filter(None, row["rules"].split(",")))
    prev_rules = set(filter(None, prev["rules"].split(","))) if prev is not None else set()
    flagged = bool(row["special_cause_flag"])
    new_rules = latest_rules - prev_rules if flagged else set()
    when = row[MONTH].date()
    is_current = when == latest
    honest = has_enough_points(metric, n_points)
    new_signal = honest and is_current and flagged and prev is not None and (
        not bool(prev["special_cause_flag"]) or bool(new_rules))
    if when not in targets:
        targets[when] = target_for(metric, when)[1]
    assurance = None if pd.isna(row["assurance"]) or not honest else str(row["assurance"])
    point_type = str(row["point_type"]) if honest else ""
    return SeriesResult(
        metric=metric.code, org_code=code, first_period=first, latest_period=when, n_points=n_points,
        latest_value=_num(row["value"]), previous_value=_num(prev["value"]) if prev is not None else None,
        mean=_num(row["mean"]), lpl=_num(row["lpl"]), upl=_num(row["upl"]), target=_num(row["target"]),
        target_label=targets[when] if not pd.isna(row["target"]) else "",
        point_type=point_type, special_cause_type=str(row["special_cause_type"]),
        variation_icon=variation_icon(point_type, metric.improvement_direction) if honest else "",
        assurance=assurance or "", assurance_icon=assurance_icon(assurance) or "",
        special_cause_points=special, latest_rules=",".join(sorted(latest_rules)),
        new_rules=",".join(sorted(new_rules)), new_signal=bool(new_signal), is_current=is_current,
    )  # fmt: skip


def _num(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def chart_svg_for(run: SPCRun | None, view: SeriesView) -> str:
    """The MDC chart as inline SVG (hidden from assistive technology: the page gives the text
    alternative and the data table), rendered once per run."""
    if run is not None:
        cached = (
            ChartCache.objects.filter(run=run, metric=view.metric.code, org_code=view.code)
            .values_list("svg", flat=True)
            .first()
        )
        if cached:
            return cached
    svg = render_chart(view.result, icons=view.has_signal)
    if run is not None:
        try:
            with transaction.atomic():
                ChartCache.objects.get_or_create(
                    run=run, metric=view.metric.code, org_code=view.code, defaults={"svg": svg}
                )
        except IntegrityError:
            pass
    return svg
