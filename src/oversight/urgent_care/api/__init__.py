"""Urgent care KPIs over the API (/api/v1/urgent-care): the same rules and access as the pages.

Contract series are public aggregates (view_urgent_care); call-level series are scoped to the
organisations whose data they are; per-clinician figures need view_clinician_performance and each
read is audited like the page."""

from __future__ import annotations

from datetime import date

from ninja import Router, Schema
from ninja.errors import HttpError

from oversight.accounts.access import require
from oversight.accounts.roles import Capability as C
from oversight.audit import auditor
from oversight.audit.models import AuditAction

from .. import calls, selectors
from ..presenters import kpis as pages

PREFIX = "/urgent-care"
router = Router(tags=["urgent_care"])


class ContractPointOut(Schema):
    contract_code: str
    kpi: str
    series: str  # which side of the April 2021 break
    month: str
    value: float | None  # display units (percent for a proportion)
    numerator: float | None
    denominator: float | None
    publication_status: str


class CallPointOut(Schema):
    level: str
    key: str
    kpi: str
    month: str
    numerator: float | None
    denominator: float | None
    value: float | None


class ClinicianPointOut(Schema):
    clinician_id: str
    clinician_type: str | None
    kpi: str
    month: str
    numerator: float | None
    denominator: float | None
    value: float | None


def _none(value):
    return None if value is None or value != value else float(value)


@router.get("/contracts/series", response=list[ContractPointOut])
def contract_series(request, contract: str | None = None, kpi: str | None = None, start: date | None = None,
                    end: date | None = None):  # fmt: skip
    """Monthly KPIs by IUC contract from the published files (every contract: public aggregates)."""
    require(request.user, C.VIEW_URGENT_CARE)
    metrics = [m for m in selectors.contract_metrics() if kpi is None or m.code == kpi]
    if kpi is not None and not metrics:
        raise HttpError(404, f"No contract KPI {kpi!r} is registered")
    chosen = [c for c in selectors.contracts() if contract is None or c.code == contract]
    out = []
    for row in pages.csv_rows(chosen, metrics, start, end):
        record = dict(zip(pages.CSV_HEADER, row, strict=True))
        out.append({"contract_code": record["contract_code"], "kpi": record["kpi"], "series": record["series"],
                    "month": record["month"], "value": _none(record["value"] if record["value"] != "" else None),
                    "numerator": _none(float(record["numerator"])) if record["numerator"] else None,
                    "denominator": _none(float(record["denominator"])) if record["denominator"] else None,
                    "publication_status": record["publication_status"]})  # fmt: skip
    return out


@router.get("/calls/series", response=list[CallPointOut])
def call_series(request, level: str = "service", kpi: str | None = None, start: date | None = None, end: date | None = None):
    """Monthly call-level KPIs by contract, service or site, for the organisations whose data you may see."""
    require(request.user, C.VIEW_URGENT_CARE)
    if level not in calls.LEVELS:
        raise HttpError(422, f"level must be one of {', '.join(calls.LEVELS)}")
    frame = calls.service_kpis(request.user, level, kpi=kpi, start=start, end=end)
    return [{"level": level, "key": r["key"], "kpi": r["kpi"], "month": f"{r['period']:%Y-%m}", "numerator": _none(r["numerator"]),
             "denominator": _none(r["denominator"]), "value": _none(r["value"])} for r in frame.iter_rows(named=True)]  # fmt: skip


@router.get("/calls/clinicians", response=list[ClinicianPointOut])
def clinician_series(request, kpi: str | None = None, month: date | None = None):
    """Per-clinician call KPIs (personal data about staff): view_clinician_performance, in scope, audited."""
    require(request.user, C.VIEW_CLINICIAN_PERFORMANCE)
    frame = calls.clinicians_kpis(request.user, kpi=kpi, period=month)
    auditor.record(AuditAction.VIEW, object_type="urgent_care_clinician_kpis", object_repr=f"API: call KPI {kpi or 'all'} by clinician",
                   reason="Oversight of clinician performance (call KPIs by clinician)")  # fmt: skip
    return [{"clinician_id": r["clinician_id"], "clinician_type": r.get("clinician_type"), "kpi": r["kpi"],
             "month": f"{r['period']:%Y-%m}", "numerator": _none(r["numerator"]), "denominator": _none(r["denominator"]),
             "value": _none(r["value"])} for r in frame.iter_rows(named=True)]  # fmt: skip
