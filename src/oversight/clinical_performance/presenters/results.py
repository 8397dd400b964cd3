"""Audit results in words and numbers: one clinician's scores over time (SPC through the indicators, honest
when the series is short), and across clinicians a funnel of cases below the standard by cases audited
(oversight.funnel, proportions), per service and per role. No logic in the templates."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from statistics import mean

import pandas as pd
from django.urls import reverse

from oversight.core.formatting import format_date, format_number, format_percent
from oversight.funnel import FunnelInputError, FunnelOptions, funnel
from oversight.indicators import analyse, describe_series, reading, registry, render_chart, render_funnel

from ..selectors import below_standard

SCORE = "clinical_audit_score"
BELOW = "clinical_audit_below_standard"
#: A funnel needs a spread of clinicians to say anything about one of them.
FUNNEL_MINIMUM_CLINICIANS = 5
FUNNEL_LIMIT = 95  # the national audits' "alert" level (§10.5): flag at 95%, draw both


# ------------------------------------------------------------------------------ one clinician ----


@dataclass
class ScoreSeries:
    """One clinician's audit score per period, analysed."""

    rows: list[dict]
    sentence: str = ""
    icons_text: str = ""
    has_signal: bool = False
    chart_svg: str = ""

    @property
    def empty(self) -> bool:
        return not self.rows


SERIES_COLUMNS = [("period", "Audit period"), ("cases", "Cases audited"), ("score", "Mean score"),
                  ("below", "Below the standard")]


def period_rows(cases) -> list[dict]:
    """One row per audit period (the round's dates) with its cases, mean score and cases below the standard."""
    periods: dict = defaultdict(list)
    for case in cases:
        periods[(case.round.period_start, case.round.period_end)].append(case)
    rows = []
    for (start, end), theirs in sorted(periods.items()):
        rows.append({"start": start, "end": end, "cases_n": len(theirs), "score_value": mean(c.score for c in theirs),
                     "below_n": sum(below_standard(c) for c in theirs)})
    return rows


def score_series(cases, *, with_chart: bool = True) -> ScoreSeries:
    data = period_rows(cases)
    rows = [{"period": {"text": f"{format_date(r['start'])} to {format_date(r['end'])}", "sort": r["start"].isoformat()},
             "cases": r["cases_n"], "score": f"{r['score_value']:.1f}%", "below": f"{r['below_n']} of {r['cases_n']}"}
            for r in data]
    series = ScoreSeries(rows)
    if not data:
        return series
    metric = registry().metric(SCORE)
    frame = pd.DataFrame({"period": [r["start"] for r in data], "value": [r["score_value"] / 100 for r in data]})
    result = analyse(frame, metric, by=None)
    summary = result.summary.iloc[-1] if len(result.summary) else None
    icon = str(summary["variation_icon"]) if summary is not None else ""
    assurance = summary.get("assurance") if summary is not None else ""
    read = reading(metric, len(result.points), icon, assurance if isinstance(assurance, str) else "")
    series.sentence = describe_series(result.points, metric, None)
    series.icons_text, series.has_signal = read.icons_text, read.has_signal
    if with_chart:
        series.chart_svg = render_chart(result, icons=read.has_signal)
    return series


# ----------------------------------------------------------------------------- across clinicians ----


@dataclass
class FunnelView:
    rows: list[dict] = field(default_factory=list)
    message: str = ""  # why no funnel is drawn, or what it found
    outliers_high: list[str] = field(default_factory=list)
    outliers_low: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    chart_svg: str = ""
    phi: float | None = None
    csv_rows: list[list] = field(default_factory=list)
    definition: str = ""  # the registered metric's words (clinical_audit_below_standard)


FUNNEL_COLUMNS = [("clinician", "Clinician"), ("cases", "Cases audited"), ("below", "Below the standard"),
                  ("share", "Share below"), ("limits95", "95% limits"), ("limits998", "99.8% limits"),
                  ("outlier", "Compared with the funnel")]
FUNNEL_CSV_HEADER = ["registration", "clinician", "cases_audited", "below_standard", "share_below", "od95lcl", "od95ucl",
                     "od998lcl", "od998ucl", "outlier", "direction", "phi", "tau2"]


def funnel_view(cases, *, record_url: str = "clinical_performance:record") -> FunnelView:
    """Cases below the standard as a proportion of cases audited, per clinician (FunnelPlotR's PR method,
    overdispersion allowed for); outliers at 95% named."""
    by_clinician: dict = {}
    for case in cases:
        entry = by_clinician.setdefault(case.clinician_id, {"clinician": case.clinician, "cases": 0, "below": 0})
        entry["cases"] += 1
        entry["below"] += int(below_standard(case))
    view = FunnelView(definition=registry().metric(BELOW).definition)
    if len(by_clinician) < FUNNEL_MINIMUM_CLINICIANS:
        view.message = (f"A funnel needs at least {FUNNEL_MINIMUM_CLINICIANS} audited clinicians to compare; "
                        f"{len(by_clinician)} {'has' if len(by_clinician) == 1 else 'have'} final results here.")
        return view
    entries = list(by_clinician.values())
    keys = [str(e["clinician"].pk) for e in entries]
    try:
        result = funnel([e["below"] for e in entries], [e["cases"] for e in entries], keys,
                        FunnelOptions(data_type="PR", limit=FUNNEL_LIMIT))
    except FunnelInputError as error:
        view.message = f"The funnel could not be drawn: {error}"
        return view
    _fill_funnel(view, result, {str(e["clinician"].pk): e for e in entries}, record_url)
    return view


def _fill_funnel(view: FunnelView, result, entries: dict, record_url: str) -> None:
    view.phi, view.notes = result.phi, list(result.notes)
    for _, g in result.groups.sort_values(["outlier", "rr"], ascending=[False, False]).iterrows():
        entry = entries[g["group"]]
        clinician = entry["clinician"]
        direction = {"high": "Above the upper 95% limit", "low": "Below the lower 95% limit"}.get(g["outlier_direction"], "")
        if g["outlier"] == 1:
            (view.outliers_high if g["outlier_direction"] == "high" else view.outliers_low).append(clinician.name)
        view.rows.append({
            "clinician": {"text": clinician.name, "href": reverse(record_url, args=[clinician.pk])},
            "cases": entry["cases"], "below": entry["below"], "share": {"text": format_percent(g["rr"]), "sort": g["rr"]},
            "limits95": f"{format_percent(g['od95lcl'])} to {format_percent(g['od95ucl'])}",
            "limits998": f"{format_percent(g['od998lcl'])} to {format_percent(g['od998ucl'])}",
            "outlier": direction or "Within the limits",
        })
        view.csv_rows.append([clinician.registration_label, clinician.name, entry["cases"], entry["below"], g["rr"],
                              g["od95lcl"], g["od95ucl"], g["od998lcl"], g["od998ucl"], int(g["outlier"]),
                              g["outlier_direction"], result.phi, result.tau2])
    named = view.outliers_high
    view.message = (f"More cases below the standard than the funnel allows at 95%: {', '.join(named)}." if named
                    else "No clinician has more cases below the standard than the funnel allows at 95%.")
    view.chart_svg = _funnel_chart(result, {k: e["clinician"].name for k, e in entries.items()})


def _funnel_chart(result, names: dict) -> str:
    """The funnel drawn as the SPC charts are, with the outliers named."""
    return render_funnel(result, names={str(code): name for code, name in names.items()},
                         value_label="Cases below the standard")


# ------------------------------------------------------------------------------ service and role ----

GROUP_COLUMNS = [("group", "Group"), ("clinicians", "Clinicians"), ("cases", "Cases audited"), ("score", "Mean score"),
                 ("below", "Below the standard")]


def group_rows(cases, by: str) -> list[dict]:
    """Results per service or per role (the consultation's), most cases first."""
    groups: dict = defaultdict(list)
    for case in cases:
        groups[getattr(case.consultation, by) or "Not recorded"].append(case)
    rows = []
    for name, theirs in sorted(groups.items(), key=lambda item: (-len(item[1]), item[0])):
        below = sum(below_standard(c) for c in theirs)
        rows.append({"group": name, "clinicians": len({c.clinician_id for c in theirs}), "cases": len(theirs),
                     "score": f"{mean(c.score for c in theirs):.1f}%",
                     "below": f"{below} ({format_percent(below / len(theirs))})", "below_n": below})
    return rows


def case_rows(cases, *, own: bool = False) -> list[dict]:
    """A clinician's audited cases: the consultation's reference, date, service and result."""
    return [{"round": case.round.name, "case": case.consultation.case_reference,
             "date": {"text": format_date(case.consultation.consulted_at.date()), "sort": case.consultation.consulted_at.isoformat()},
             "service": case.consultation.service, "score": format_number(case.score, 1) + "%", "grade": case.grade or "–",
             "status": case.get_status_display(), "feedback": case.get_feedback_kind_display() or "–",
             "reflection": "Written" if case.reflection else "Not yet"} for case in cases]


CASE_COLUMNS = [("round", "Audit round"), ("case", "Case reference"), ("date", "Consulted"), ("service", "Service"),
                ("score", "Score"), ("grade", "Grade"), ("status", "Stage"), ("feedback", "Feedback"),
                ("reflection", "Reflection")]
