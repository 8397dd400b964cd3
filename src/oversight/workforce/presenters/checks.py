"""Employment checks in rows and words: a clinician's states and records, the expiring list and its CSV,
and the compliance charts (registered metrics, SPC over months through oversight.indicators). No logic
in the templates."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd
from django.urls import reverse
from markupsafe import Markup

from oversight.core.formatting import format_date, format_percent
from oversight.indicators import analyse, describe_series, reading, registry, render_chart

from ..checks import DBS_LEVEL_LABELS, CheckState, training_rules
from ..compliance import METRICS, GroupRow, Point
from ..models import StaffGroup

TAG_CLASSES = {"valid": "nhsuk-tag--green", "expiring": "nhsuk-tag--orange", "expired": "nhsuk-tag--red",
               "missing": "nhsuk-tag--grey"}


def status_tag(state: CheckState) -> dict:
    html = Markup('<strong class="nhsuk-tag {}">{}</strong>').format(TAG_CLASSES[state.status], state.status_label)
    return {"html": html, "text": state.status_label, "sort": list(TAG_CLASSES).index(state.status)}


def _date_cell(value: date | None, empty: str = "Does not expire") -> dict:
    return {"text": format_date(value, empty=empty), "sort": value.isoformat() if value else "9999"}


# ------------------------------------------------------------------------------------ one clinician ----

STATE_COLUMNS = [("check", "Check"), ("status", "Status"), ("expires", "Expires or due"), ("detail", "Note")]


def state_rows(states: list[CheckState]) -> list[dict]:
    return [{"check": s.label, "status": status_tag(s),
             "expires": _date_cell(s.expires_on, empty="Nothing recorded" if s.status == "missing" else "Does not expire"),
             "detail": s.detail} for s in states]


DBS_COLUMNS = [("level", "Level"), ("issued", "Issued"), ("update", "Update Service"), ("recheck", "Recheck due")]


def dbs_rows(checks) -> list[dict]:
    rows = []
    for check in checks:
        if not check.on_update_service:
            update = "No"
        elif check.update_service_counts:
            update = f"Yes, joined {format_date(check.update_service_joined_on)}"
        else:
            update = (f"Joined {format_date(check.update_service_joined_on)}, more than 30 days after issue: "
                      "does not keep the certificate current")
        rows.append({"level": check.get_level_display(), "issued": _date_cell(check.issued_on), "update": update,
                     "recheck": _date_cell(check.recheck_due_on, empty="No recheck due")})
    return rows


TRAINING_COLUMNS = [("subject", "Subject"), ("completed", "Completed"), ("expires", "Expires"), ("evidence", "Evidence")]


def training_rows(records) -> list[dict]:
    return [{"subject": r.subject_label, "completed": _date_cell(r.completed_on), "expires": _date_cell(r.expires_on),
             "evidence": r.evidence_note} for r in records]


INDEMNITY_COLUMNS = [("provider", "Provider"), ("kind", "Kind"), ("reference", "Membership or policy number"),
                     ("starts", "Starts"), ("ends", "Ends")]


def indemnity_rows(covers) -> list[dict]:
    return [{"provider": c.get_provider_display(), "kind": c.get_kind_display(), "reference": c.reference or "–",
             "starts": _date_cell(c.starts_on), "ends": _date_cell(c.expires_on, empty="While the work lasts")}
            for c in covers]


def requirement_notes() -> list[str]:
    """What the rules file says is unconfirmed, in words for the page."""
    rules = training_rules()
    notes = [f"DBS: a {DBS_LEVEL_LABELS[level]} check for {StaffGroup(group).label.lower()}"
             for group, level in rules.dbs.required_levels.items()]
    if rules.dbs.required_confidence == "unconfirmed":
        notes = [f"{'; '.join(notes)} (unconfirmed: local practice)."]
    notes += [f"Safeguarding level {level.level} ({level.label}): {level.note}" for level in rules.safeguarding_levels
              if level.confidence == "unconfirmed" and level.note]
    return notes


# ------------------------------------------------------------------------------------- expiring list ----

EXPIRING_COLUMNS = [("clinician", "Clinician"), ("registration", "Registration"), ("organisation", "Organisation"),
                    ("staff_group", "Staff group"), ("check", "Check"), ("status", "Status"), ("expires", "Expires or due")]
EXPIRING_CSV_HEADER = ["registration", "clinician", "organisation_code", "staff_group", "check_kind", "check", "status",
                       "expires_on"]


@dataclass(frozen=True)
class ExpiringItem:
    clinician: object
    state: CheckState


def expiring_items(clinicians, states: dict, *, statuses=("expiring", "expired", "missing"), kind: str = "") -> list[ExpiringItem]:
    """Each check not in date (or about to run out), soonest first; missing ones last."""
    items = [ExpiringItem(c, s) for c in clinicians for s in states.get(c.pk, ())
             if s.status in statuses and (not kind or s.kind == kind)]
    return sorted(items, key=lambda i: (i.state.expires_on is None, i.state.expires_on or date.max, i.clinician.name))


def expiring_row(item: ExpiringItem) -> dict:
    c, s = item.clinician, item.state
    return {"clinician": {"text": c.name, "href": reverse("workforce:clinician-checks", args=[c.pk])},
            "registration": c.registration_label, "organisation": c.organisation.name,
            "staff_group": StaffGroup(c.staff_group).label, "check": s.label, "status": status_tag(s),
            "expires": _date_cell(s.expires_on, empty="Nothing recorded")}


def expiring_csv_rows(items: list[ExpiringItem]) -> list[list]:
    return [[i.clinician.registration_label, i.clinician.name, i.clinician.organisation.ods_code, i.clinician.staff_group,
             i.state.kind, i.state.label, i.state.status, i.state.expires_on.isoformat() if i.state.expires_on else ""]
            for i in items]


# ---------------------------------------------------------------------------------------- compliance ----


@dataclass
class MetricChart:
    code: str
    label: str
    definition: str
    rows: list[dict] = field(default_factory=list)
    sentence: str = ""
    icons_text: str = ""
    chart_svg: str = ""
    latest: str = ""

    @property
    def empty(self) -> bool:
        return not self.rows


SERIES_COLUMNS = [("month", "Month"), ("compliant", "In date"), ("required", "Needed"), ("share", "Compliance")]


def metric_charts(series: dict[str, list[Point]], *, with_chart: bool = True) -> list[MetricChart]:
    """One chart per registered workforce metric: SPC of the monthly share (months with nobody required left out)."""
    charts = []
    for code in METRICS:
        metric = registry().metric(code)
        points = [p for p in series.get(code, []) if p.required]
        chart = MetricChart(code, metric.label, metric.definition)
        chart.rows = [{"month": {"text": f"{p.month:%B %Y}", "sort": p.month.isoformat()}, "compliant": p.compliant,
                       "required": p.required, "share": format_percent(p.value)} for p in points]
        if points:
            chart.latest = f"{format_percent(points[-1].value)} ({points[-1].compliant} of {points[-1].required})"
            frame = pd.DataFrame({"period": [p.month for p in points], "value": [p.value for p in points]})
            result = analyse(frame, metric, by=None)
            summary = result.summary.iloc[-1] if len(result.summary) else None
            icon = str(summary["variation_icon"]) if summary is not None else ""
            assurance = summary.get("assurance") if summary is not None else ""
            read = reading(metric, len(result.points), icon, assurance if isinstance(assurance, str) else "")
            chart.sentence = describe_series(result.points, metric, None)
            chart.icons_text = read.icons_text
            if with_chart:
                chart.chart_svg = render_chart(result, icons=read.has_signal)
        charts.append(chart)
    return charts


GROUP_COLUMNS = [("organisation", "Organisation"), ("staff_group", "Staff group"), ("metric", "Measure"),
                 ("compliant", "In date"), ("required", "Needed"), ("share", "Compliance")]


def group_rows(groups: list[GroupRow], organisations: dict) -> list[dict]:
    labels = {code: registry().metric(code).label for code in METRICS}
    order = list(METRICS)
    ordered = sorted(groups, key=lambda g: (getattr(organisations.get(g.organisation_id), "name", ""), g.staff_group,
                                           order.index(g.metric)))
    return [{"organisation": getattr(organisations.get(g.organisation_id), "name", ""),
             "staff_group": StaffGroup(g.staff_group).label, "metric": labels[g.metric], "compliant": g.compliant,
             "required": g.required, "share": {"text": format_percent(g.value), "sort": g.value}} for g in ordered]


COMPLIANCE_CSV_HEADER = ["metric", "month", "measured_on", "organisation_code", "staff_group", "compliant", "required",
                         "proportion"]


def compliance_csv_rows(series_by_group: dict[tuple, dict[str, list[Point]]], organisations: dict) -> list[list]:
    """One row per metric, month, organisation and staff group (groups with nobody required left out)."""
    rows = []
    for (org_id, group), series in sorted(series_by_group.items(), key=lambda kv: (
            getattr(organisations.get(kv[0][0]), "ods_code", ""), kv[0][1])):
        code_of = getattr(organisations.get(org_id), "ods_code", "")
        for metric, points in series.items():
            rows += [[metric, p.month.isoformat()[:7], p.measured_on.isoformat(), code_of, group, p.compliant, p.required,
                      round(p.value, 4)] for p in points if p.required]
    return rows
