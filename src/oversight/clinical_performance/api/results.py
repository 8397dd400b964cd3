"""Audit results, productivity and one clinician's record over the API, with the pages' access and audit:
named clinicians' results need VIEW_CLINICIAN_PERFORMANCE in their organisation; a record, the access rule
(clinical_performance/access.py). Productivity always comes with its disposition mix and audit outcome."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils import timezone

from oversight.accounts.access import require
from oversight.accounts.roles import Capability as C
from oversight.audit import auditor
from oversight.audit.models import AuditAction
from oversight.workforce.models import Clinician

from ..access import relationship
from ..forms.shifts import DatesForm
from ..presenters.productivity import CONTEXT_NOTE, api_row
from ..presenters.results import funnel_view, period_rows
from ..selectors import audit_outcomes_by, audited_cases, clinicians_overseen, productivity
from . import router


def _dates(first: date | None, last: date | None) -> tuple[date, date]:
    form = DatesForm({"first": first.isoformat() if first else "", "last": last.isoformat() if last else ""})
    return form.dates(timezone.localdate())


@router.get("/results/funnel", summary="Cases below the standard by cases audited, per clinician (funnel plot)")
def results_funnel(request, first: date | None = None, last: date | None = None, service: str = "", role: str = ""):
    require(request.user, C.VIEW_CLINICIAN_PERFORMANCE)
    first, last = _dates(first, last)
    cases = audited_cases(clinicians_overseen(request.user).values_list("id", flat=True), first=first, last=last)
    if service:
        cases = cases.filter(consultation__service=service)
    if role:
        cases = cases.filter(consultation__role=role)
    view = funnel_view(list(cases))
    auditor.record(AuditAction.VIEW, object_type="clinical_performance.AuditCase",
                   object_repr=f"Audit results funnel of {len(view.csv_rows)} clinicians through the API",
                   reason="Compared clinicians' audit results through the API")
    keys = ["registration", "clinician", "cases_audited", "below_standard", "share_below", "od95lcl", "od95ucl",
            "od998lcl", "od998ucl", "outlier", "direction"]
    return {"first": first, "last": last, "message": view.message, "phi": view.phi, "notes": view.notes,
            "outliers_high": view.outliers_high, "outliers_low": view.outliers_low,
            "clinicians": [dict(zip(keys, row[:len(keys)], strict=True)) for row in view.csv_rows]}


@router.get("/productivity", summary="Cases per clinician hour, each with its disposition mix and audit outcome")
def productivity_endpoint(request, first: date | None = None, last: date | None = None):
    require(request.user, C.VIEW_CLINICIAN_PERFORMANCE)
    first, last = _dates(first, last)
    clinicians = {c.pk: c for c in clinicians_overseen(request.user)}
    rows = productivity(clinicians, first, last)
    grouped = {}
    for field in ("role", "service"):
        outcomes = audit_outcomes_by(clinicians, first, last, field)
        grouped[field] = productivity(clinicians, first, last, by=(field,))
        for row in grouped[field]:
            row.audit = outcomes.get(row.key[0])
    auditor.record(AuditAction.VIEW, object_type="clinical_performance.Shift",
                   object_repr=f"Productivity of {len({r.key[0] for r in rows})} clinicians through the API",
                   reason="Read clinicians' productivity through the API")
    return {"first": first, "last": last, "note": CONTEXT_NOTE,
            "clinicians": [api_row(r, clinicians[r.key[0]]) for r in rows],
            "by_role": [api_row(r) for r in grouped["role"]], "by_service": [api_row(r) for r in grouped["service"]]}


@router.get("/clinicians/{clinician_id}/record", summary="One clinician's audits, scores over time and productivity")
def record_endpoint(request, clinician_id: UUID, first: date | None = None, last: date | None = None):
    clinician = get_object_or_404(Clinician, pk=clinician_id)
    reason = relationship(request.user, clinician)
    if not reason:
        raise PermissionDenied("Only the clinician, their appraiser, the Responsible Officer and clinical leads may "
                               "see a clinician's audits.")
    auditor.view(clinician, reason=f"Clinician's performance record through the API: {reason}")
    own = clinician.user_id == request.user.id
    first, last = _dates(first, last)
    cases = list(audited_cases([clinician.pk], own=own))
    return {
        "clinician": {"id": str(clinician.pk), "name": clinician.name, "registration": clinician.registration_label},
        "scores": [{"period_start": r["start"], "period_end": r["end"], "cases_audited": r["cases_n"],
                    "mean_score": r["score_value"], "below_standard": r["below_n"]} for r in period_rows(cases)],
        "cases": [{"round": c.round.name, "case_reference": c.consultation.case_reference,
                   "consulted_at": c.consultation.consulted_at, "service": c.consultation.service,
                   "role": c.consultation.role, "score": c.score, "grade": c.grade, "stage": c.status,
                   "feedback_kind": c.feedback_kind, "reflection_written": bool(c.reflection)} for c in cases],
        "productivity": {"first": first, "last": last, "note": CONTEXT_NOTE,
                         "rows": [api_row(r, clinician) for r in productivity([clinician.pk], first, last, own=own)]},
    }
