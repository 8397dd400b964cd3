"""Reports over the API: a report's figures as data (the same numbers the PDF states), and its
narratives, read and written with the same access rules as the pages."""

from __future__ import annotations

import dataclasses
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError as RuleError
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.errors import ValidationError

from oversight.accounts.access import require
from oversight.accounts.roles import Capability
from oversight.audit.auditor import record
from oversight.audit.models import AuditAction
from oversight.organisations.models import Organisation
from oversight.warehouse import Warehouse

from ..board import (
    REPORTABLE,
    ReportError,
    parse_financial_year,
    parse_month,
    report_for_reader,
    require_complete_month,
    require_ended_year,
)
from ..models import SUMMARY_CODE, ReportKind
from ..sections import known_metrics
from ..services import narratives_for, save_narratives

PREFIX = "/reports"
router = Router(tags=["reports"])
KINDS = {"board": ReportKind.BOARD, "quality-account": ReportKind.QUALITY_ACCOUNT}


class SectionOut(Schema):
    code: str
    name: str
    latest_month: date
    latest_value: str
    target: str
    variation: str
    assurance: str
    signal: str
    narrative: str
    period_values: list[tuple[date, str]]


class ReportOut(Schema):
    organisation: str
    kind: str
    start: date
    end: date
    title: str
    summary_narrative: str
    sections: list[SectionOut]
    safety: dict | None
    providers: list[dict]
    signal_counts: list[dict]  # regional: how many providers show each signal, per metric
    nof: dict | None
    escalation: dict | None
    loads: list[dict]
    missing: list[str]


class NarrativesIn(Schema):
    narratives: dict[str, str]


def _context(request, code: str, kind: str, period: str, capability: str):
    if kind not in KINDS:
        raise Http404("No such report: use board or quality-account")
    organisation = get_object_or_404(Organisation, ods_code=code.upper(), kind__in=REPORTABLE)
    require(request.user, capability, organisation)
    try:
        if kind == "board":
            start = require_complete_month(parse_month(period))
        else:
            start = require_ended_year(parse_financial_year(period))
    except ReportError as exc:
        raise ValidationError([{"loc": ["path", "period"], "msg": str(exc), "type": "value_error"}]) from None
    return organisation, start


@router.get("/{code}/{kind}/{period}", response=ReportOut, summary="A report's figures (no charts)")
def report(request, code: str, kind: str, period: str):
    organisation, start = _context(request, code, kind, period, Capability.VIEW_REPORTS)
    built = report_for_reader(request.user, organisation, kind, start, charts=False)
    record(AuditAction.EXPORT, organisation, object_type=built.title.lower(),
           object_repr=f"{built.title} {organisation.ods_code} {period} (API)")
    return {
        "organisation": organisation.ods_code, "kind": built.kind, "start": built.month, "end": built.end,
        "title": built.title, "summary_narrative": built.summary_narrative,
        "sections": [dataclasses.asdict(s) | {"chart_result": None} for s in built.sections],
        "safety": dataclasses.asdict(built.safety) if built.safety else None,
        "providers": [{"code": p.code, "name": p.name, "nof_segment": p.nof["final_segment"] if p.nof else None,
                       "nof_rank": p.nof["rank"] if p.nof else None, "nof_out_of": p.nof["out_of"] if p.nof else None,
                       "surveillance_level": p.escalation["level"] if p.escalation else None,
                       "latest": {c: cell.latest_value for c, cell in p.cells.items()},
                       "safety": dataclasses.asdict(p.safety) if p.safety else None} for p in built.providers],
        "signal_counts": [dataclasses.asdict(c) for c in built.signal_counts],
        "nof": built.nof, "escalation": built.escalation,
        "loads": [{"file_name": load["file_name"], "source": load["source"], "sha256": load["sha256"]} for load in built.loads],
        "missing": built.missing,
    }


@router.get("/{code}/{kind}/{period}/narratives", response=dict[str, str], summary="A report's narratives by metric code")
def narratives(request, code: str, kind: str, period: str):
    organisation, start = _context(request, code, kind, period, Capability.VIEW_REPORTS)
    return narratives_for(organisation, KINDS[kind], start)


@router.put("/{code}/{kind}/{period}/narratives", response=dict[str, str],
            summary="Set narratives by metric code ('summary' for the report's summary); an empty text deletes one")
def set_narratives(request, code: str, kind: str, period: str, payload: NarrativesIn):
    organisation, start = _context(request, code, kind, period, Capability.PRODUCE_REPORTS)
    known = set(known_metrics(Warehouse(settings.OVERSIGHT_WAREHOUSE).catalogue())) | {SUMMARY_CODE}
    unknown = sorted(set(payload.narratives) - known)
    if unknown:
        raise ValidationError([{"loc": ["body", "payload", "narratives", code], "type": "value_error",
                                "msg": f"Not a metric Oversight knows (or 'summary'): {code}"} for code in unknown])
    try:
        save_narratives(organisation, KINDS[kind], start, payload.narratives, request.user.display_name)
    except RuleError as exc:
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"narratives": exc.messages}
        raise ValidationError([{"loc": ["body", "payload", "narratives", field], "msg": " ".join(messages),
                                "type": "value_error"} for field, messages in errors.items()]) from None
    return narratives_for(organisation, KINDS[kind], start)
