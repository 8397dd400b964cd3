"""The surveillance overview's pages as data: index, regional matrix, "new this month", provider pages
and each metric's chart page. Every word about a signal comes from :mod:`oversight.indicators`.

Two honesty rules (docs/indicators.md): a series with fewer points than its metric's minimum shows its
value but no icon, saying why; a metric past its publication lag is marked "No new data since <month>"
and its signals are never listed as new this month.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

import pandas as pd
from django.urls import reverse

from oversight.indicators import (
    ASSURANCE_ORDER,
    NATURE,
    VARIATION_FAMILIES,
    VARIATION_LABELS,
    Metric,
    assurance_label,
    describe_series,
    format_value,
    freshness_note,
    month,
    point_text,
    reading,
    rules_text,
    signal_text,
    unit_of,
    variation_family,
)
from oversight.spc.icons import ASSURANCE_ICONS, variation_icon

from ..models import SeriesResult
from ..providers import Directory, Provider, directory
from ..series import MATRIX_METRICS, provider_series
from ..services.spc_runs import chart_svg_for
from .common import VIEW, catalogue, may_manage, raise_action_url, rounded

#: Icon name -> wording, for the icon macro's alt text (assurance by its icon name).
ICON_WORDS = {"variation": VARIATION_LABELS, "assurance": {icon: assurance_label(icon) for icon in ASSURANCE_ICONS.values()}}
#: The assurance columns of a Making Data Count summary matrix, in their words.
MATRIX_COLUMNS = [assurance_label(a) for a in ASSURANCE_ORDER]
SOURCE_NAMES = {"ae": "A&E attendances and emergency admissions", "rtt": "Referral to treatment (RTT)", "nhs111": "NHS 111"}
CELL_FIELDS = ("org_code", "metric", "latest_value", "latest_period", "target", "point_type", "variation_icon",
               "assurance", "assurance_icon", "new_signal", "special_cause_type", "n_points")  # fmt: skip


def stale_metrics(run, today: date) -> dict[str, str]:
    """{metric code: "No new data since <month>"} for the run's metrics past their publication lag."""
    cat = catalogue()
    notes = {}
    for code, when in run.latest_periods.items():
        if code in cat.codes:
            note = freshness_note(cat.metric(code), date.fromisoformat(when), today)
            if note:
                notes[code] = note
    return notes


def cell(metric: Metric, result: dict) -> dict:
    """A stored result with what may be said of it: icons, their words, or why there are none."""
    read = reading(metric, result["n_points"], result["variation_icon"], result["assurance"])
    return {**result, "value": format_value(metric, result["latest_value"]), "note": read.note,
            "icons_text": read.icons_text, "family": variation_family(read.variation),
            "assurance_type": read.assurance}  # fmt: skip


# ------------------------------------------------------------------------------------------- index ----


def index_figures(user, run, today: date) -> dict:
    providers = directory(run).visible(user, VIEW) if run else []
    codes = {p.code for p in providers}
    stale = stale_metrics(run, today) if run else {}
    new = (SeriesResult.objects.filter(run=run, new_signal=True, org_code__in=codes).exclude(metric__in=stale).count()
           if run and codes else 0)  # fmt: skip
    return {"provider_count": len(codes), "new_signals": new, "periods": _periods(run, today) if run else []}


def _periods(run, today: date) -> list[tuple[str, date, str]]:
    """Each source's latest period, and whether its publications have stopped arriving."""
    cat = catalogue()
    seen: dict[str, tuple[str, str]] = {}
    for code, when in run.latest_periods.items():
        if code in cat.codes:
            source = cat.metric(code).source
            if when > seen.get(source, ("", ""))[0]:
                seen[source] = (when, freshness_note(cat.metric(code), date.fromisoformat(when), today))
    return [(SOURCE_NAMES.get(s, s), date.fromisoformat(w), note) for s, (w, note) in sorted(seen.items())]


# ------------------------------------------------------------------------------------------ matrix ----


def _chosen(query, visible: list[Provider]) -> list[Provider]:
    region, icb, trust_type = query.get("region", ""), query.get("icb", ""), query.get("type", "")
    text = query.get("q", "").strip().lower()
    chosen = [p for p in visible
              if (not region or str(p.region_id) == region) and (not icb or str(p.icb_id) == icb)
              and (not trust_type or p.trust_type == trust_type)
              and (not text or text in p.name.lower() or text == p.code.lower())]  # fmt: skip
    return sorted(chosen, key=lambda p: (p.region_name, p.name))


def _filters(d: Directory, with_data: list[Provider], query) -> dict:
    region = query.get("region", "")
    return {
        "regions": d.regions(with_data),
        "icbs": d.icbs([p for p in with_data if not region or str(p.region_id) == region]),
        "types": d.trust_types(with_data), "region": region, "icb": query.get("icb", ""),
        "type": query.get("type", ""), "q": query.get("q", ""),
    }  # fmt: skip


def matrix(user, run, query, today: date) -> dict:
    """Providers in scope with data, filtered as the query asks, their headline cells and the summary."""
    d = directory(run)
    visible = d.visible(user, VIEW)
    cat = catalogue()
    metrics = [cat.metric(m) for m in MATRIX_METRICS if m in cat.codes and m in run.latest_periods]
    by_code = {m.code: m for m in metrics}
    results = SeriesResult.objects.filter(run=run, is_current=True, metric__in=list(by_code),
                                          org_code__in={p.code for p in visible}).values(*CELL_FIELDS)  # fmt: skip
    cells: dict[str, dict] = {}
    for r in results:
        cells.setdefault(r["org_code"], {})[r["metric"]] = cell(by_code[r["metric"]], r)
    with_data = [p for p in visible if p.code in cells]
    rows = [_row(p, cells[p.code]) for p in _chosen(query, with_data)]
    stale = stale_metrics(run, today)
    return {"metrics": metrics, "rows": rows, "summary": _summary(rows), "filters": _filters(d, with_data, query),
            "periods": {m.code: date.fromisoformat(run.latest_periods[m.code]) for m in metrics},
            "stale": {code: note for code, note in stale.items() if code in by_code},
            "too_few": sum(1 for row in rows for c in row["cells"].values() if c["note"]),
            "summary_columns": MATRIX_COLUMNS}  # fmt: skip


def _row(provider: Provider, cells: dict[str, dict]) -> dict:
    return {"provider": provider, "cells": cells,
            "concerns": sum(1 for c in cells.values() if c["family"] == "concern"),
            "failing": sum(1 for c in cells.values() if c["assurance_type"] == "consistent_fail"),
            "new": sum(1 for c in cells.values() if c["new_signal"])}  # fmt: skip


def _summary(rows: list[dict]) -> list[dict]:
    """The Making Data Count matrix: series by variation family and assurance (only series with a signal)."""
    counts = Counter((c["family"], c["assurance_type"]) for row in rows for c in row["cells"].values() if c["family"])
    return [{"name": label, "cells": [counts.get((family, a), 0) for a in ASSURANCE_ORDER]}
            for family, label in VARIATION_FAMILIES.items()]  # fmt: skip


MATRIX_CSV_HEADER = ["provider_code", "provider_name", "region", "icb", "trust_type", "metric", "metric_name",
                     "latest_period", "latest_value", "unit", "target", "variation", "assurance", "new_signal",
                     "points", "signal_note"]  # fmt: skip


def matrix_csv_rows(page: dict) -> list[list]:
    out = []
    for row in page["rows"]:
        p = row["provider"]
        for m in page["metrics"]:
            c = row["cells"].get(m.code)
            if c is None:
                continue
            note = "; ".join(filter(None, (c["note"], page["stale"].get(m.code, ""))))
            out.append([p.code, p.name, p.region_name, p.icb_name, p.trust_type, m.code, m.label,
                        c["latest_period"].isoformat(), rounded(c["latest_value"]), unit_of(m), rounded(c["target"]),
                        VARIATION_LABELS.get(c["variation_icon"], ""),
                        assurance_label(c["assurance_type"]) if c["family"] else "",
                        "yes" if c["new_signal"] else "no", c["n_points"], note])  # fmt: skip
    return out


# -------------------------------------------------------------------------------- new this month ----


def new_this_month(user, run, nature: str, today: date) -> dict:
    """This month's new special-cause signals, concerns first; metrics past their publication lag are
    left out (their latest month is not this month's news) and named."""
    d = directory(run)
    visible = {p.code: p for p in d.visible(user, VIEW)}
    cat = catalogue()
    stale = stale_metrics(run, today)
    results = SeriesResult.objects.filter(run=run, new_signal=True, org_code__in=list(visible)).values(
        "org_code", "metric", "latest_period", "latest_value", "previous_value", "point_type", "variation_icon",
        "special_cause_type", "new_rules", "latest_rules", "target",
    )  # fmt: skip
    rows = [_signal_row(user, cat.metric(r["metric"]), visible[r["org_code"]], r)
            for r in results if r["metric"] in cat.codes and r["metric"] not in stale
            and (not nature or NATURE.get(r["point_type"]) == nature)]  # fmt: skip
    order = {"concern": 0, "improvement": 1, "neutral": 2}
    rows.sort(key=lambda x: (order.get(x["nature"], 3), x["provider"].name, x["metric"].label))
    left_out = sorted({f"{cat.metric(code).label}: {note.lower()}" for code, note in stale.items() if code in cat.codes})
    return {"rows": rows, "stale": left_out}


def _signal_row(user, metric: Metric, provider: Provider, r: dict) -> dict:
    chart_url = reverse("surveillance:provider-metric", kwargs={"code": provider.code, "metric": metric.code})
    rules = rules_text(r["new_rules"]) or rules_text(r["latest_rules"])
    text = signal_text(metric, provider.name, r["latest_period"], r["latest_value"], r["point_type"], rules)
    action = raise_action_url(provider.code, kind="new_this_month", text=text, url=chart_url,
                              title=f"Review {metric.label.lower()} signal") if may_manage(user, provider) else ""  # fmt: skip
    return {"provider": provider, "metric": metric, "r": r, "text": text, "chart_url": chart_url,
            "nature": NATURE.get(r["point_type"], ""), "signal": VARIATION_LABELS.get(r["variation_icon"], ""),
            "rules": rules, "value": format_value(metric, r["latest_value"]),
            "previous": format_value(metric, r["previous_value"]), "action_url": action}  # fmt: skip


# ------------------------------------------------------------------------------------------ provider ----


def provider_metrics(run, provider: Provider, today: date) -> list[dict]:
    """Every metric with a result at the provider: value, target, icons or why none, freshness."""
    if run is None:
        return []
    results = {r.metric: r for r in SeriesResult.objects.filter(run=run, org_code=provider.code)}
    stale = stale_metrics(run, today)
    out = []
    for metric in catalogue().metrics:
        r = results.get(metric.code)
        if r is None:
            continue
        read = reading(metric, r.n_points, r.variation_icon, r.assurance)
        out.append({
            "metric": metric, "r": r, "value": format_value(metric, r.latest_value),
            "target": format_value(metric, r.target) if r.target is not None else "–",
            "note": read.note, "icons_text": read.icons_text, "stale": stale.get(metric.code, ""),
            "new_signal": r.new_signal and metric.code not in stale,
            "new_rules": rules_text(r.new_rules) or rules_text(r.latest_rules),
            "chart_url": reverse("surveillance:provider-metric", kwargs={"code": provider.code, "metric": metric.code}),
        })  # fmt: skip
    return out


def metric_page(user, provider: Provider, metric: Metric, run, today: date) -> dict | None:
    """One provider's chart page for one metric: chart, the sentence of its signal, the data table."""
    view = provider_series(run, provider.code, metric) if run is not None else None
    if view is None:
        return None
    page_url = reverse("surveillance:provider-metric", kwargs={"code": provider.code, "metric": metric.code})
    manage = may_manage(user, provider)
    latest = view.latest
    icon = variation_icon(str(latest["point_type"]), metric.improvement_direction)
    assurance = "" if pd.isna(latest["assurance"]) else str(latest["assurance"])
    read = reading(metric, len(view.points), icon, assurance)
    return {
        "metric": metric, "view": view, "svg": chart_svg_for(run, view),
        "text": describe_series(view.points, metric, view.target),
        "rows": _table_rows(view, provider, metric, page_url, manage),
        "variation": read.variation, "assurance": ASSURANCE_ICONS.get(read.assurance, ""),
        "variation_label": read.variation_label, "assurance_label": read.assurance_label, "note": read.note,
        "stale": freshness_note(metric, pd.Timestamp(latest["Month"]).date(), today),
        "latest": format_value(metric, latest["value"]), "latest_month": month(latest["Month"]),
        "target": format_value(metric, view.target) if view.target is not None else "",
        "csv_url": reverse("surveillance:provider-metric-csv", kwargs={"code": provider.code, "metric": metric.code}),
        "page_url": page_url, "can_manage": manage,
    }  # fmt: skip


def _table_rows(view, provider: Provider, metric: Metric, page_url: str, manage: bool) -> list[dict]:
    points = view.points.set_index("Month")
    rows = []
    for obs in view.observations.sort_values("period").to_dict("records"):
        when = pd.Timestamp(obs["period"])
        point = points.loc[when] if when in points.index else None
        row = {
            "anchor": f"point-{when:%Y-%m}-{metric.code}", "month": month(when), "sort": f"{when:%Y%m}",
            "value": format_value(metric, obs["value"]) if pd.notna(obs["value"]) else "Missing",
            "numerator": obs["numerator"], "denominator": obs["denominator"],
            "mean": format_value(metric, point["mean"]) if point is not None else "",
            "lpl": format_value(metric, point["lpl"]) if point is not None else "",
            "upl": format_value(metric, point["upl"]) if point is not None else "",
            "rule": str(point["special_cause_type"]) if point is not None else "",
            "nature": NATURE.get(str(point["point_type"]), "") if point is not None else "",
            # A short series' points are shown, not judged: no special-cause highlight or action.
            "special": bool(point["special_cause_flag"]) and view.has_signal if point is not None else False,
            "action_url": "",
        }  # fmt: skip
        if row["special"] and manage:
            text = f"{metric.label} at {provider.name}: " + point_text(
                when, point["value"], point["special_cause_type"], point["point_type"], metric)
            row["action_url"] = raise_action_url(provider.code, kind="spc_point", text=text, url=f"{page_url}#{row['anchor']}",
                                                 title=f"Review {metric.label.lower()}, {month(when)}")  # fmt: skip
        rows.append(row)
    return rows


METRIC_CSV_HEADER = ["provider_code", "metric", "month", "value", "unit", "numerator", "denominator", "mean",
                     "lower_process_limit", "upper_process_limit", "target", "rule", "point_type"]  # fmt: skip


def metric_csv_rows(run, provider: Provider, metric: Metric) -> list[list]:
    view = provider_series(run, provider.code, metric) if run is not None else None
    if view is None:
        return []
    points = view.points.set_index("Month")
    rows = []
    for obs in view.observations.sort_values("period").to_dict("records"):
        when = pd.Timestamp(obs["period"])
        point = points.loc[when] if when in points.index else None

        def of(column: str, point=point):
            return rounded(_nan(point[column])) if point is not None else ""

        rows.append([provider.code, metric.code, f"{when:%Y-%m-%d}", rounded(_nan(obs["value"])), unit_of(metric),
                     _nan(obs["numerator"]), _nan(obs["denominator"]), of("mean"), of("lpl"), of("upl"),
                     rounded(view.target), str(point["special_cause_type"]) if point is not None else "missing value",
                     str(point["point_type"]) if point is not None and view.has_signal else ""])  # fmt: skip
    return rows


def _nan(value):
    return None if value is None or pd.isna(value) else value
