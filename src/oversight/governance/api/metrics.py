"""Monthly governance metrics over the API (aggregates only)."""

from __future__ import annotations

import math
from datetime import date

from django.http import Http404
from django.utils import timezone
from ninja import Field, Query, Schema

from oversight.accounts.access import require
from oversight.accounts.roles import Capability as C
from oversight.organisations.models import Organisation

from ..metrics import catalogue, monthly_metrics
from ..presenters.dashboard import twelve_months_back
from . import router
from .schemas import MetricRow


class MetricsQuery(Schema):
    organisation: list[str]
    start: date | None = None
    end: date | None = None
    metric: list[str] = Field(default_factory=list)


class MetricDefinitionOut(Schema):
    code: str
    name: str
    unit: str
    improvement_direction: str
    definition: str


@router.get("/metrics/catalogue", response=list[MetricDefinitionOut])
def metric_catalogue(request):
    require(request.user, C.VIEW_GOVERNANCE_AGGREGATES)
    return [MetricDefinitionOut(**d.__dict__) for d in catalogue()]


@router.get("/metrics", response=list[MetricRow],
            summary="Monthly counts and rates (org_code, metric, period, numerator, denominator, value)")
def metrics(request, query: Query[MetricsQuery]):
    today = timezone.localdate()
    codes = [c.upper() for c in query.organisation]
    for code in codes:
        organisation = Organisation.objects.filter(ods_code=code).first()
        if organisation is None:
            raise Http404(f"No organisation {code}")
        require(request.user, C.VIEW_GOVERNANCE_AGGREGATES, organisation)
    frame = monthly_metrics(codes, query.start or twelve_months_back(today), query.end or today, today=today)
    if query.metric:
        frame = frame[frame["metric"].isin(query.metric)]
    return [MetricRow(org_code=r.org_code, metric=r.metric, period=r.period, numerator=_number(r.numerator),
                      denominator=_number(r.denominator), value=_number(r.value)) for r in frame.itertuples()]


def _number(value) -> float | None:
    return None if math.isnan(value) else float(value)
