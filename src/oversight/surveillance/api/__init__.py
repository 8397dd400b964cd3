"""Surveillance over the API: SPC results per provider and metric, NOF positions and the
escalation register, filtered to the caller's scope like the pages."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Router, Schema

from oversight.accounts.access import require
from oversight.accounts.roles import Capability
from oversight.indicators import freshness_note, reading, variation_label

from ..models import NofLoad
from ..presenters.common import catalogue, current_day
from ..providers import can_see, directory, provider_for
from ..selectors import summary, visible_escalations
from ..services.spc_runs import current_run

PREFIX = "/surveillance"
router = Router(tags=["surveillance"])


class SeriesOut(Schema):
    org_code: str
    metric: str
    latest_period: date
    latest_value: float | None
    mean: float | None
    lpl: float | None
    upl: float | None
    target: float | None
    n_points: int
    point_type: str  # "" when the series has too few points for a signal
    variation_icon: str
    variation: str  # the icon in words (oversight.indicators)
    assurance: str
    assurance_label: str
    new_signal: bool
    signal_note: str  # why there is no icon ("Fewer than 12 points: no SPC signal yet"), else ""
    freshness: str  # "No new data since June 2025" when the publication is overdue, else ""


class NofOut(Schema):
    trust_code: str
    trust_name: str
    trust_type: str
    average_score: float | None
    unadjusted_segment: int | None
    adjusted_segment: int | None
    final_segment: int | None
    rank: int | None
    out_of: int | None


class EscalationOut(Schema):
    provider_code: str
    provider_name: str
    level: str
    level_label: str
    rationale: str
    review_date: date | None
    open_actions: int
    overdue_actions: int


def _visible_codes(user, run=None) -> set[str]:
    """Codes of the providers the user oversees: those the run's files name (and the NOF load in force)."""
    return {p.code for p in directory(run).visible(user, Capability.VIEW_SURVEILLANCE)}


@router.get("/series", response=list[SeriesOut])
def series(request, metric: str | None = None, provider: str | None = None):
    """The latest SPC result of every (provider, metric) you oversee."""
    require(request.user, Capability.VIEW_SURVEILLANCE)
    run = current_run()
    if run is None:
        return []
    rows = run.series.filter(is_current=True)
    if metric:
        rows = rows.filter(metric=metric)
    if provider:
        found = provider_for(provider.upper(), run)
        if found is None:
            raise Http404("No provider with that code")
        if not can_see(request.user, Capability.VIEW_SURVEILLANCE, found):
            raise PermissionDenied("This provider is outside the organisations you oversee.")
        rows = rows.filter(org_code=found.code)
    else:
        rows = rows.filter(org_code__in=_visible_codes(request.user, run))
    return [_series_out(row, run) for row in rows.order_by("org_code", "metric") if row.metric in catalogue().codes]


def _series_out(row, run) -> dict:
    """A stored result in the indicators' words, honest about short and overdue series."""
    metric = catalogue().metric(row.metric)
    read = reading(metric, row.n_points, row.variation_icon, row.assurance)
    fresh = freshness_note(metric, date.fromisoformat(run.latest_periods[row.metric]), current_day())
    fields = ("org_code", "metric", "latest_period", "latest_value", "mean", "lpl", "upl", "target", "n_points",
              "point_type", "variation_icon", "assurance")  # fmt: skip
    return {**{name: getattr(row, name) for name in fields}, "variation": variation_label(read.variation),
            "assurance_label": read.assurance_label, "new_signal": row.new_signal and not fresh,
            "signal_note": read.note, "freshness": fresh}  # fmt: skip


@router.get("/nof", response=list[NofOut])
def nof(request):
    """The NOF segmentation in force for the trusts you oversee."""
    require(request.user, Capability.VIEW_SURVEILLANCE)
    load = NofLoad.objects.in_force()
    if load is None:
        return []
    codes = _visible_codes(request.user)
    return [row for row in load.results.order_by("rank") if row.trust_code in codes]


@router.get("/escalations", response=list[EscalationOut])
def escalations(request):
    """The escalation register for the providers you oversee."""
    require(request.user, Capability.VIEW_SURVEILLANCE)
    return [
        {"provider_code": e.provider_code, "provider_name": e.provider_name, **summary(e)}
        for e in visible_escalations(request.user).order_by("provider_name")
    ]
