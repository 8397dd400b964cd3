"""The surveillance overview: index, regional matrix, "new this month", provider pages and charts."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pandas as pd
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from oversight.accounts.access import can
from oversight.accounts.decorators import capability_required
from oversight.accounts.roles import Capability
from oversight.spc.icon_svg import assurance_icon_svg, variation_icon_svg
from oversight.spc.icons import ASSURANCE_ICONS, VARIATION_ICONS

from ..describe import ASSURANCE_SHORT, NATURE, VARIATION_SHORT, VARIATION_TEXT, describe_series, month, point_text, rules_text
from ..escalation import visible_actions, visible_escalations
from ..models import NofLoad, SeriesResult
from ..providers import directory
from ..series import MATRIX_METRICS, chart_svg_for, format_value, provider_series, warehouse
from ..services import escalation_summary, nof_position
from .common import crumbs, csv_response, is_htmx, may_manage, provider_or_404, raise_action_url, run_or_none

VIEW = Capability.VIEW_SURVEILLANCE
FAMILY = {
    "special_cause_improvement": "Improvement",
    "common_cause": "Common cause",
    "special_cause_concern": "Concern",
    "special_cause_neutral_high": "Neutral",
    "special_cause_neutral_low": "Neutral",
}
ASSURANCE_NAME = {"consistent_pass": "Passing", "inconsistent": "Hit and miss", "consistent_fail": "Failing", "": "No target"}


def catalogue():
    return warehouse().metric_catalogue


def metric_or_none(code: str):
    try:
        return catalogue().metric(code)
    except KeyError:
        return None


# ------------------------------------------------------------------------------------------- index ----


@capability_required(VIEW)
def index(request):
    run = run_or_none()
    providers = [p for p in directory(run).visible(request.user, VIEW)] if run else []
    codes = {p.code for p in providers}
    new_signals = (
        SeriesResult.objects.filter(run=run, new_signal=True, org_code__in=codes).count() if run and codes else 0
    )
    actions = visible_actions(request.user)
    latest_nof = NofLoad.objects.order_by("-created_at").first()
    periods = []
    if run:
        cat = catalogue()
        seen = {}
        for code, when in run.latest_periods.items():
            if code in cat.codes:
                source = cat.metric(code).source
                seen[source] = max(seen.get(source, when), when)
        names = {"ae": "A&E attendances and emergency admissions", "rtt": "Referral to treatment (RTT)", "nhs111": "NHS 111"}
        periods = [(names.get(s, s), date.fromisoformat(w)) for s, w in sorted(seen.items())]
    links = [
        ("Regional summary matrix", "Every provider you oversee against the headline metrics, with variation and assurance icons.", "surveillance:matrix"),
        ("New this month", "Special-cause signals that appeared in the latest period.", "surveillance:new-this-month"),
        ("NHS Oversight Framework", "Segments and league table from NHS England's published NOF data.", "surveillance:nof"),
        ("Escalation register", "Surveillance levels, rationale, review dates and owned actions.", "surveillance:escalations"),
        ("Overdue actions", "Escalation actions past their due date and levels past their review date.", "surveillance:overdue"),
    ]
    if can(request.user, Capability.ANALYSE_DATA):
        links.append(("Analyse your own data (SPC)", "Upload a CSV and get Making Data Count charts and the summary matrix.", "surveillance:analyse"))
    return render(
        request,
        "surveillance/index.jinja",
        {
            "page_title": "Surveillance",
            "breadcrumbs": [],
            "links": [{"title": t, "description": d, "href": reverse(u)} for t, d, u in links],
            "provider_count": len({p.code for p in providers if run}),
            "new_signals": new_signals,
            "open_actions": actions.open().count(),
            "overdue_actions": actions.overdue().count(),
            "escalations": visible_escalations(request.user).exclude(level="routine").count(),
            "periods": periods,
            "run": run,
            "latest_nof": latest_nof,
        },
    )


# ------------------------------------------------------------------------------------------ matrix ----


def _matrix(request, run):
    """Providers in scope with data, filtered as the query asks, and their headline cells."""
    d = directory(run)
    visible = d.visible(request.user, VIEW)
    codes = {p.code for p in visible}
    cat = catalogue()
    metrics = [cat.metric(m) for m in MATRIX_METRICS if m in cat.codes and m in run.latest_periods]
    results = (
        SeriesResult.objects.filter(run=run, is_current=True, metric__in=[m.code for m in metrics], org_code__in=codes)
        .values("org_code", "metric", "latest_value", "latest_period", "target", "point_type", "variation_icon",
                "assurance", "assurance_icon", "new_signal", "special_cause_type", "n_points")  # fmt: skip
    )
    cells: dict[str, dict] = {}
    for r in results:
        cells.setdefault(r["org_code"], {})[r["metric"]] = r
    with_data = [p for p in visible if p.code in cells]
    region = request.GET.get("region", "")
    icb = request.GET.get("icb", "")
    trust_type = request.GET.get("type", "")
    query = request.GET.get("q", "").strip().lower()
    chosen = [
        p
        for p in with_data
        if (not region or str(p.region_id) == region)
        and (not icb or str(p.icb_id) == icb)
        and (not trust_type or p.trust_type == trust_type)
        and (not query or query in p.name.lower() or query == p.code.lower())
    ]
    chosen.sort(key=lambda p: (p.region_name, p.name))
    rows = []
    summary = Counter()
    for p in chosen:
        row_cells = cells.get(p.code, {})
        concerns = sum(1 for c in row_cells.values() if c["point_type"] == "special_cause_concern")
        failing = sum(1 for c in row_cells.values() if c["assurance"] == "consistent_fail")
        for c in row_cells.values():
            summary[(FAMILY.get(c["point_type"], "Common cause"), ASSURANCE_NAME.get(c["assurance"], "No target"))] += 1
        rows.append({"provider": p, "cells": row_cells, "concerns": concerns, "failing": failing,
                     "new": sum(1 for c in row_cells.values() if c["new_signal"])})  # fmt: skip
    matrix = [
        {"name": v, "cells": [summary.get((v, a), 0) for a in ("Passing", "Hit and miss", "Failing", "No target")]}
        for v in ("Improvement", "Common cause", "Concern", "Neutral")
    ]
    filters = {
        "regions": d.regions(with_data),
        "icbs": d.icbs([p for p in with_data if not region or str(p.region_id) == region]),
        "types": d.trust_types(with_data),
        "region": region,
        "icb": icb,
        "type": trust_type,
        "q": request.GET.get("q", ""),
    }
    return metrics, rows, matrix, filters


@capability_required(VIEW)
def matrix(request):
    run = run_or_none()
    context = {
        "page_title": "Regional summary matrix",
        "breadcrumbs": crumbs(),
        "run": run,
        "variation_text": VARIATION_SHORT,
        "assurance_text": ASSURANCE_SHORT,
        "format_value": format_value,
    }
    if run is not None:
        metrics, rows, summary, filters = _matrix(request, run)
        context.update(metrics=metrics, rows=rows, summary=summary, filters=filters,
                       periods={m.code: date.fromisoformat(run.latest_periods[m.code]) for m in metrics},
                       csv_query=request.GET.urlencode())  # fmt: skip
    return render(request, "surveillance/matrix.jinja", context)


@capability_required(VIEW)
def matrix_csv(request):
    run = run_or_none()
    header = ["provider_code", "provider_name", "region", "icb", "trust_type", "metric", "metric_name",
              "latest_period", "latest_value", "unit", "target", "variation", "assurance", "new_signal", "points"]  # fmt: skip
    out = []
    if run is not None:
        metrics, rows, _, _ = _matrix(request, run)
        for row in rows:
            p = row["provider"]
            for m in metrics:
                c = row["cells"].get(m.code)
                if c is None:
                    continue
                out.append([
                    p.code, p.name, p.region_name, p.icb_name, p.trust_type, m.code, m.name,
                    c["latest_period"].isoformat(), _round(c["latest_value"]),
                    "percent" if m.unit == "proportion" else "count", _round(c["target"]),
                    c["variation_icon"], c["assurance"], "yes" if c["new_signal"] else "no", c["n_points"],
                ])  # fmt: skip
    return csv_response(request, "surveillance-matrix.csv", header, out, "surveillance matrix CSV")


def _round(value):
    return "" if value is None else round(value, 4)


# -------------------------------------------------------------------------------- new this month ----


def _signal_text(metric, provider_name: str, r: dict) -> str:
    rules = rules_text(r["new_rules"]) or rules_text(r["latest_rules"])
    nature = NATURE.get(r["point_type"], "")
    value = format_value(metric, r["latest_value"])
    return f"{metric.name} at {provider_name}, {month(r['latest_period'])}: {value}, special cause {nature} ({rules})"


@capability_required(VIEW)
def new_this_month(request):
    run = run_or_none()
    rows = []
    nature = request.GET.get("nature", "")
    if run is not None:
        d = directory(run)
        visible = {p.code: p for p in d.visible(request.user, VIEW)}
        cat = catalogue()
        results = SeriesResult.objects.filter(run=run, new_signal=True, org_code__in=list(visible)).values(
            "org_code", "metric", "latest_period", "latest_value", "previous_value", "point_type",
            "special_cause_type", "new_rules", "latest_rules", "target",
        )  # fmt: skip
        for r in results:
            if r["metric"] not in cat.codes:
                continue
            if nature and NATURE.get(r["point_type"]) != nature:
                continue
            metric = cat.metric(r["metric"])
            provider = visible[r["org_code"]]
            chart_url = reverse("surveillance:provider-metric", kwargs={"code": provider.code, "metric": metric.code})
            text = _signal_text(metric, provider.name, r)
            rows.append({
                "provider": provider, "metric": metric, "r": r, "text": text, "chart_url": chart_url,
                "nature": NATURE.get(r["point_type"], ""), "rules": rules_text(r["new_rules"]) or rules_text(r["latest_rules"]),
                "value": format_value(metric, r["latest_value"]), "previous": format_value(metric, r["previous_value"]),
                "action_url": raise_action_url(provider.code, kind="new_this_month", text=text,
                                               url=chart_url, title=f"Review {metric.name.lower()} signal")
                if may_manage(request, provider) else "",
            })  # fmt: skip
        order = {"concern": 0, "improvement": 1, "neutral": 2}
        rows.sort(key=lambda x: (order.get(x["nature"], 3), x["provider"].name, x["metric"].name))
    return render(
        request,
        "surveillance/new_this_month.jinja",
        {"page_title": "New this month", "breadcrumbs": crumbs(), "rows": rows, "run": run, "nature": nature},
    )


# ------------------------------------------------------------------------------------------ provider ----


@capability_required(VIEW)
def provider(request, code: str):
    run = run_or_none()
    p = provider_or_404(request, code, run)
    cat = catalogue()
    results = {r.metric: r for r in SeriesResult.objects.filter(run=run, org_code=p.code)} if run else {}
    metrics = []
    for metric in cat.metrics:
        r = results.get(metric.code)
        if r is None:
            continue
        metrics.append({
            "metric": metric, "r": r, "value": format_value(metric, r.latest_value),
            "target": format_value(metric, r.target) if r.target is not None else "–",
            "chart_url": reverse("surveillance:provider-metric", kwargs={"code": p.code, "metric": metric.code}),
        })  # fmt: skip
    return render(
        request,
        "surveillance/provider.jinja",
        {
            "page_title": p.name,
            "breadcrumbs": crumbs(("Regional summary matrix", reverse("surveillance:matrix"))),
            "provider": p,
            "metrics": metrics,
            "run": run,
            "variation_text": VARIATION_SHORT,
            "assurance_text": ASSURANCE_SHORT,
            "escalation": escalation_summary(p.code),
            "nof": nof_position(p.code),
            "can_manage": may_manage(request, p),
            "rules_text": rules_text,
        },
    )


def _metric_page_data(request, p, metric, run):
    view = provider_series(run, p.code, metric) if run is not None else None
    if view is None:
        return None
    page_url = reverse("surveillance:provider-metric", kwargs={"code": p.code, "metric": metric.code})
    manage = may_manage(request, p)
    points = view.points.set_index("Month")
    rows = []
    for obs in view.observations.sort_values("period").to_dict("records"):
        when = pd.Timestamp(obs["period"])
        point = points.loc[when] if when in points.index else None
        row = {
            "anchor": f"point-{when:%Y-%m}-{metric.code}",
            "month": month(when),
            "sort": f"{when:%Y%m}",
            "value": format_value(metric, obs["value"]) if pd.notna(obs["value"]) else "Missing",
            "numerator": obs["numerator"],
            "denominator": obs["denominator"],
            "mean": format_value(metric, point["mean"]) if point is not None else "",
            "lpl": format_value(metric, point["lpl"]) if point is not None else "",
            "upl": format_value(metric, point["upl"]) if point is not None else "",
            "rule": str(point["special_cause_type"]) if point is not None else "",
            "nature": NATURE.get(str(point["point_type"]), "") if point is not None else "",
            "special": bool(point["special_cause_flag"]) if point is not None else False,
            "action_url": "",
        }
        if row["special"] and manage:
            text = f"{metric.name} at {p.name}: " + point_text(
                when, point["value"], point["special_cause_type"], point["point_type"], metric
            )
            row["action_url"] = raise_action_url(p.code, kind="spc_point", text=text, url=f"{page_url}#{row['anchor']}",
                                                 title=f"Review {metric.name.lower()}, {month(when)}")  # fmt: skip
        rows.append(row)
    latest = view.latest
    variation = variation_icon_name(str(latest["point_type"]), metric.improvement_direction)
    assurance = "" if pd.isna(latest["assurance"]) else ASSURANCE_ICONS[str(latest["assurance"])]
    return {
        "metric": metric,
        "view": view,
        "svg": chart_svg_for(run, view),
        "text": describe_series(view.points, metric, view.target),
        "rows": rows,
        "variation": variation,
        "assurance": assurance,
        "variation_label": VARIATION_TEXT.get(variation, variation),
        "assurance_label": ASSURANCE_SHORT.get(assurance, ""),
        "latest": format_value(metric, latest["value"]),
        "latest_month": month(latest["Month"]),
        "target": format_value(metric, view.target) if view.target is not None else "",
        "csv_url": reverse("surveillance:provider-metric-csv", kwargs={"code": p.code, "metric": metric.code}),
        "page_url": page_url,
        "can_manage": manage,
    }


def variation_icon_name(point_type: str, direction: str) -> str:
    from oversight.spc.icons import variation_icon

    return variation_icon(point_type, direction)


@capability_required(VIEW)
def provider_metric(request, code: str, metric: str):
    m = metric_or_none(metric)
    if m is None:
        raise Http404("No such metric")
    run = run_or_none()
    p = provider_or_404(request, code, run)
    data = _metric_page_data(request, p, m, run)
    context = {
        "page_title": f"{m.name}: {p.name}",
        "breadcrumbs": crumbs(
            ("Regional summary matrix", reverse("surveillance:matrix")),
            (p.name, reverse("surveillance:provider", kwargs={"code": p.code})),
        ),
        "provider": p,
        "metric": m,
        "data": data,
    }
    template = "surveillance/_metric_chart.jinja" if is_htmx(request) else "surveillance/provider_metric.jinja"
    return render(request, template, context)


@capability_required(VIEW)
def provider_metric_csv(request, code: str, metric: str):
    m = metric_or_none(metric)
    if m is None:
        raise Http404("No such metric")
    run = run_or_none()
    p = provider_or_404(request, code, run)
    view = provider_series(run, p.code, m) if run is not None else None
    header = ["provider_code", "metric", "month", "value", "unit", "numerator", "denominator", "mean",
              "lower_process_limit", "upper_process_limit", "target", "rule", "point_type"]  # fmt: skip
    rows = []
    if view is not None:
        points = view.points.set_index("Month")
        for obs in view.observations.sort_values("period").to_dict("records"):
            when = pd.Timestamp(obs["period"])
            point = points.loc[when] if when in points.index else None
            rows.append([
                p.code, m.code, f"{when:%Y-%m-%d}", _round(_nan(obs["value"])),
                "percent" if m.unit == "proportion" else "count", _nan(obs["numerator"]), _nan(obs["denominator"]),
                _round(_nan(point["mean"])) if point is not None else "",
                _round(_nan(point["lpl"])) if point is not None else "",
                _round(_nan(point["upl"])) if point is not None else "",
                _round(view.target), str(point["special_cause_type"]) if point is not None else "missing value",
                str(point["point_type"]) if point is not None else "",
            ])  # fmt: skip
    return csv_response(request, f"{p.code}-{m.code}.csv", header, rows, f"SPC data {m.code} for {p.code}")


def _nan(value):
    return None if value is None or pd.isna(value) else value


# -------------------------------------------------------------------------------------------- icons ----


@require_GET
@capability_required(VIEW)
def icon(request, kind: str, name: str):
    if kind == "variation" and name in VARIATION_ICONS:
        svg = variation_icon_svg(name)
    elif kind == "assurance" and name in set(ASSURANCE_ICONS.values()):
        svg = assurance_icon_svg(name)
    else:
        raise Http404("No such icon")
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=86400"
    return response


