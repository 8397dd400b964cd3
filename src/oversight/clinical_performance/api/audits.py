"""The clinician audit cycle over the API (/api/v1/clinical-performance/audits): rounds, their samples,
the auditor's queue, the first screen, the panel, releasing feedback and a clinician's audits.

The same forms, services and access as the pages (views/audits.py): rounds and samples for those who
manage clinical audit in the organisation; a screen only by the case's assigned auditor; the panel for
the organisation's reviewers, never the clinician; a clinician's audits through access.py's one rule.
Every rule the services refuse (AuditRuleError) comes back as a 422 naming the field; every read of an
identifiable clinician's audit is recorded with its reason. No patient identifiers: there are none to
send, only the clinical system's case reference."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Schema, Status
from ninja.errors import ValidationError

from oversight.accounts.access import can, organisations_in_scope, require, scope_ids
from oversight.accounts.roles import Capability as C
from oversight.audit import auditor
from oversight.organisations.models import OrganisationKind
from oversight.workforce.models import Clinician

from ..access import own_clinician, relationship
from ..forms.audits import DrawSampleForm, PanelForm, ReflectionForm, ReleaseForm, RoundForm, ScreenForm
from ..models import AuditCase, AuditRound, CaseStatus, RoundStatus
from ..selectors import FINAL, audit_queue, hours_worked
from ..services import reviews, rounds
from ..services.errors import AuditRuleError
from . import router

MAX_LIMIT = 1000
MAX_OFFSET = 1_000_000


# --------------------------------------------------------------------------------- 422 answers ----


def _loc(field: str) -> list:
    """Where the error is, in the request: the page's criterion_<code> fields are ratings.<code> here."""
    if field in ("", "__all__", None):
        return ["body", "payload"]
    if field.startswith("criterion_"):
        return ["body", "payload", "ratings", field.removeprefix("criterion_")]
    return ["body", "payload", field]


def unprocessable(errors: list[tuple[str, str]]) -> ValidationError:
    return ValidationError([{"loc": _loc(field), "msg": message, "type": "value_error"} for field, message in errors])


def validated(form):
    """The bound form, valid, or a 422 naming each field that is not."""
    if not form.is_valid():
        raise unprocessable([(field, str(message)) for field, messages in form.errors.items() for message in messages])
    return form


def service(call):
    """Run a service: a rule it refuses becomes a 422 on the field it names."""
    try:
        return call()
    except AuditRuleError as error:
        raise unprocessable([(error.field, error.message)]) from None


# ------------------------------------------------------------------------------------- schemas ----


class RoundIn(Schema):
    organisation: str = Field(description="ODS code of the organisation")
    name: str
    period_start: date
    period_end: date | None = Field(None, description="Blank for the configured period (a quarter)")
    sampling_method: str = Field(default_factory=lambda: rounds.programme().sampling_method,
                                 description="per_clinician or percentage")
    per_clinician: int | None = None
    percentage: float | None = None
    draw: bool = Field(False, description="Draw the sample at once (also when a seed is given)")
    seed: int | None = Field(None, description="Blank for a new random seed; the seed used is recorded")


class DrawIn(Schema):
    seed: int | None = None


class RoundFilters(Schema):
    organisation: str | None = None
    status: str | None = None
    limit: int = Field(200, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class ScreenIn(Schema):
    outcome: str = Field(description="pass or refer")
    ratings: dict[str, str] = Field(default_factory=dict, description="criterion code: compliant, partially_compliant "
                                                                      "or non_compliant (every criterion for a pass)")
    comment: str = Field("", description="Needed when referring: what the panel should look at")


class PanelIn(Schema):
    decision: str = Field(description="concerns_confirmed or no_concerns")
    ratings: dict[str, str]
    comment: str = ""


class ReleaseIn(Schema):
    feedback: str


class ReflectionIn(Schema):
    reflection: str


# ------------------------------------------------------------------------------------- answers ----


def round_out(audit_round: AuditRound, counts: tuple[int, int] = (0, 0)) -> dict:
    return {
        "id": str(audit_round.pk), "name": audit_round.name, "organisation": audit_round.organisation.ods_code,
        "period_start": audit_round.period_start, "period_end": audit_round.period_end,
        "status": audit_round.status, "template": str(audit_round.template),
        "sampling_method": audit_round.sampling_method, "per_clinician": audit_round.per_clinician,
        "percentage": audit_round.percentage, "risk_multiplier": audit_round.risk_multiplier,
        "quorum": audit_round.quorum, "seed": audit_round.seed, "drawn_at": audit_round.drawn_at,
        "cases": counts[0], "feedback_released": counts[1],
    }


def consultation_out(case: AuditCase) -> dict:
    """The consultation as the clinical system knows it: its case reference, never a patient."""
    c = case.consultation
    return {"case_reference": c.case_reference, "consulted_at": c.consulted_at, "service": c.service, "role": c.role,
            "contact_type": c.contact_type, "disposition": c.disposition}


def case_out(case: AuditCase, *, name_auditor: bool = True, risk: bool = True) -> dict:
    """``risk``: why the clinician was sampled more, for those who run the round only. A reason such as
    "a score in the last round was below the threshold" is the clinician's earlier result, which an auditor
    screening the case may not see (ADR 0006), and it would colour the screen; the page does not show it."""
    return {
        "id": str(case.pk), "round": str(case.round_id), **consultation_out(case),
        "clinician": {"id": str(case.clinician_id), "name": case.clinician.name,
                      "registration": case.clinician.registration_label},
        "auditor": case.auditor.get_username() if case.auditor and name_auditor else None, "status": case.status,
        "screen_outcome": case.screen_outcome, "score": case.score, "grade": case.grade,
        "panel_decision": case.panel_decision, "reaudit": case.reaudit, "feedback_kind": case.feedback_kind,
        "released_at": case.released_at, "risk_reasons": case.risk_reasons if risk else None,
    }


def _case_counts(round_ids) -> dict:
    counts = (AuditCase.objects.filter(round_id__in=round_ids).values("round_id")
              .annotate(total=Count("id"), released=Count("id", filter=Q(status=CaseStatus.RELEASED))))
    return {row["round_id"]: (row["total"], row["released"]) for row in counts}


# -------------------------------------------------------------------------------------- rounds ----


def _managed_round(request, round_id: UUID) -> AuditRound:
    audit_round = get_object_or_404(AuditRound.objects.select_related("organisation", "template"), pk=round_id)
    require(request.user, C.MANAGE_CLINICAL_AUDIT, audit_round.organisation)
    return audit_round


@router.get("/audits/rounds", summary="Clinician audit rounds in your scope")
def list_rounds(request, filters: Query[RoundFilters]):
    require(request.user, C.MANAGE_CLINICAL_AUDIT)
    found = (AuditRound.objects.filter(organisation_id__in=scope_ids(request.user, C.MANAGE_CLINICAL_AUDIT))
             .select_related("organisation", "template"))
    if filters.organisation:
        found = found.filter(organisation__ods_code=filters.organisation.strip().upper())
    if filters.status:
        if filters.status not in RoundStatus.values:
            raise unprocessable([("status", f"Status is one of {', '.join(RoundStatus.values)}")])
        found = found.filter(status=filters.status)
    page = list(found.order_by("-period_start", "name")[filters.offset:filters.offset + filters.limit])
    counts = _case_counts([r.pk for r in page])
    return [round_out(r, counts.get(r.pk, (0, 0))) for r in page]


def _managed_organisations(user):
    return organisations_in_scope(user, C.MANAGE_CLINICAL_AUDIT).exclude(kind=OrganisationKind.SITE)


@router.post("/audits/rounds", response={201: dict}, summary="Start a round, and draw its sample if asked")
def create_round(request, payload: RoundIn):
    require(request.user, C.MANAGE_CLINICAL_AUDIT)
    organisations = _managed_organisations(request.user)
    organisation = organisations.filter(ods_code=payload.organisation.strip().upper()).first()
    if organisation is None:
        raise unprocessable([("organisation", f"You do not manage clinical audit for an organisation with ODS code "
                                              f"{payload.organisation}")])
    data = payload.dict(exclude={"draw", "seed"}) | {"organisation": organisation.pk}
    form = validated(RoundForm({k: v for k, v in data.items() if v is not None}, organisations=organisations))
    seed = validated(DrawSampleForm({"seed": payload.seed} if payload.seed is not None else {})).cleaned_data["seed"]
    fields = form.cleaned_data
    # One transaction: a sample that cannot be drawn leaves no round behind.
    with transaction.atomic():
        audit_round = service(lambda: rounds.create_round(
            organisation=organisation, name=fields["name"], period_start=fields["period_start"],
            period_end=fields["period_end"], sampling_method=fields["sampling_method"],
            per_clinician=fields["per_clinician"], percentage=fields["percentage"], created_by=request.user))
        if payload.draw or seed is not None:
            audit_round = service(lambda: rounds.draw_sample(audit_round=audit_round, seed=seed))
    return Status(201, round_out(audit_round, _case_counts([audit_round.pk]).get(audit_round.pk, (0, 0))))


@router.post("/audits/rounds/{round_id}/sample", summary="Draw a round's sample (the seed is recorded)")
def draw_sample(request, round_id: UUID, payload: DrawIn):
    audit_round = _managed_round(request, round_id)
    seed = validated(DrawSampleForm({"seed": payload.seed} if payload.seed is not None else {})).cleaned_data["seed"]
    audit_round = service(lambda: rounds.draw_sample(audit_round=audit_round, seed=seed))
    return round_out(audit_round, _case_counts([audit_round.pk]).get(audit_round.pk, (0, 0)))


@router.post("/audits/rounds/{round_id}/close", summary="Close a round once every case's feedback is released")
def close_round(request, round_id: UUID):
    audit_round = _managed_round(request, round_id)
    audit_round = service(lambda: rounds.close_round(audit_round=audit_round))
    return round_out(audit_round, _case_counts([audit_round.pk]).get(audit_round.pk, (0, 0)))


def clinician_counts(audit_round: AuditRound, cases: list[AuditCase]) -> list[dict]:
    """Each clinician's sample and progress, why they were sampled more, and their hours in the period
    (None when no shift is recorded: then the consultation count stood in for hours)."""
    by_clinician = defaultdict(list)
    for case in cases:
        by_clinician[case.clinician].append(case)
    hours = hours_worked([c.pk for c in by_clinician], audit_round.period_start, audit_round.period_end)
    rows = []
    for clinician, own in sorted(by_clinician.items(), key=lambda item: item[0].registration_number):
        statuses = Counter(c.status for c in own)
        rows.append({"clinician": {"id": str(clinician.pk), "name": clinician.name,
                                   "registration": clinician.registration_label},
                     "sampled": len(own), "screened": len(own) - statuses[CaseStatus.AWAITING_SCREEN],
                     "referred": sum(c.screen_outcome == "refer" for c in own),
                     "released": statuses[CaseStatus.RELEASED], "risk_reasons": own[0].risk_reasons,
                     "hours_worked": round(hours[clinician.pk], 1) or None})
    return rows


@router.get("/audits/rounds/{round_id}/sample", summary="A round's sample: cases, auditors, status, per-clinician counts")
def round_sample(request, round_id: UUID):
    audit_round = _managed_round(request, round_id)
    cases = list(audit_round.cases.select_related("consultation", "clinician", "auditor")
                 .order_by("clinician__registration_number", "consultation__consulted_at"))
    if cases:
        auditor.view(audit_round, reason="Clinician audit round through the API: each clinician's sample and progress")
    workload = defaultdict(lambda: {"assigned": 0, "waiting": 0})
    for case in cases:
        load = workload[case.auditor.get_username() if case.auditor else "unassigned"]
        load["assigned"] += 1
        load["waiting"] += case.status == CaseStatus.AWAITING_SCREEN
    return {"round": round_out(audit_round, _case_counts([audit_round.pk]).get(audit_round.pk, (0, 0))),
            "clinicians": clinician_counts(audit_round, cases), "workload": dict(sorted(workload.items())),
            "cases": [case_out(c) for c in cases]}


# ------------------------------------------------------------------------- queue and the cases ----


@router.get("/audits/queue", summary="Your audit queue: first screens assigned to you and cases for the panel")
def queue(request):
    require(request.user, C.REVIEW_CLINICAL_AUDIT)
    # The queue names no clinician: an auditor sees the consultation, not the clinician's other results.
    return [{"id": str(c.pk), "round": c.round.name, **consultation_out(c), "status": c.status,
             "next_step": "screen" if c.status == CaseStatus.AWAITING_SCREEN else "panel"} for c in audit_queue(request.user)]


def _case(case_id: UUID) -> AuditCase:
    return get_object_or_404(AuditCase.objects.select_related("consultation", "clinician", "round__template",
                                                              "round__organisation", "auditor"), pk=case_id)


def case_reason(user, case: AuditCase) -> str:
    """Why the caller may read this case (the audit trail's reason), or "": the pages' three doors."""
    organisation = case.round.organisation
    if case.clinician.user_id == user.pk:  # even a clinical lead: their own cases only through "my audits"
        return ""
    if can(user, C.MANAGE_CLINICAL_AUDIT, organisation):
        return "Clinician audit through the API: managing the round"
    if case.auditor_id == user.pk and case.status == CaseStatus.AWAITING_SCREEN:
        return "Clinician audit through the API: first screen by the assigned auditor"
    if (case.status in (CaseStatus.REFERRED, CaseStatus.PANEL_REVIEWED)
            and can(user, C.REVIEW_CLINICAL_AUDIT, organisation)):
        return "Clinician audit through the API: panel review of a referred case"
    return ""


@router.get("/audits/cases/{case_id}", summary="One case to screen, review or release, with the template's criteria")
def case_detail(request, case_id: UUID):
    if not (can(request.user, C.REVIEW_CLINICAL_AUDIT) or can(request.user, C.MANAGE_CLINICAL_AUDIT)):
        raise PermissionDenied("Only clinical auditors and those who manage clinical audit may read audit cases.")
    case = _case(case_id)
    reason = case_reason(request.user, case)
    if not reason:
        raise PermissionDenied("This case is not assigned to you, waiting for your panel, or in a round you manage.")
    auditor.view(case, reason=reason)
    template = case.round.template
    manages = can(request.user, C.MANAGE_CLINICAL_AUDIT, case.round.organisation)
    return {**case_out(case, risk=manages), "panel_size": reviews.panel_size(case), "quorum": case.round.quorum,
            "template": {"name": template.name, "version": template.version, "scale": template.scale,
                         "reaudit_below": template.reaudit_below,
                         "criteria": [{"code": c.code, "wording": c.wording, "weight": c.weight}
                                      for c in template.criteria.all()]}}


def _ratings_form(form_class, case: AuditCase, payload) -> object:
    data = payload.dict()
    ratings = data.pop("ratings") or {}
    criteria = {c.code: c for c in case.round.template.criteria.all()}
    unknown = [code for code in ratings if code not in criteria]
    if unknown:
        raise unprocessable([(f"criterion_{code}", f"{code!r} is not a criterion of the template {case.round.template}")
                             for code in unknown])
    data |= {f"criterion_{code}": rating for code, rating in ratings.items()}
    return validated(form_class(data, criteria=list(criteria.values())))


@router.post("/audits/cases/{case_id}/screen", summary="Record the first screen of a case assigned to you")
def screen(request, case_id: UUID, payload: ScreenIn):
    require(request.user, C.REVIEW_CLINICAL_AUDIT)
    case = _case(case_id)
    if case.auditor_id != request.user.pk:
        raise PermissionDenied("Only the auditor this case is assigned to can screen it.")
    form = _ratings_form(ScreenForm, case, payload)
    case = service(lambda: reviews.screen_case(case=case, reviewer=request.user, outcome=form.cleaned_data["outcome"],
                                               ratings=form.ratings(), comment=form.cleaned_data["comment"]))
    return case_out(case, risk=False)


@router.post("/audits/cases/{case_id}/panel", summary="Your panel review of a referred case")
def panel(request, case_id: UUID, payload: PanelIn):
    case = _case(case_id)
    require(request.user, C.REVIEW_CLINICAL_AUDIT, case.round.organisation)
    if case.clinician.user_id == request.user.pk:
        raise PermissionDenied("You cannot review your own consultations.")
    form = _ratings_form(PanelForm, case, payload)
    case = service(lambda: reviews.review_at_panel(case=case, reviewer=request.user,
                                                   decision=form.cleaned_data["decision"], ratings=form.ratings(),
                                                   comment=form.cleaned_data["comment"]))
    return {**case_out(case, risk=False), "panel_size": reviews.panel_size(case), "quorum": case.round.quorum}


@router.post("/audits/cases/{case_id}/release", summary="Release feedback to the clinician (negative only after the panel's quorum)")
def release(request, case_id: UUID, payload: ReleaseIn):
    case = _case(case_id)
    require(request.user, C.MANAGE_CLINICAL_AUDIT, case.round.organisation)
    form = validated(ReleaseForm(payload.dict()))
    return case_out(service(lambda: reviews.release_feedback(case=case, feedback=form.cleaned_data["feedback"])))


# ------------------------------------------------------------------------ a clinician's audits ----


@router.get("/audits/clinicians/{clinician_id}", summary="A clinician's audits: for the clinician, their appraiser, "
                                                         "the Responsible Officer and clinical leads")
def clinician_audits(request, clinician_id: UUID):
    clinician = get_object_or_404(Clinician, pk=clinician_id)
    reason = relationship(request.user, clinician)
    if not reason:
        raise PermissionDenied("Only the clinician, their appraiser, the Responsible Officer and clinical leads may "
                               "see a clinician's audits.")
    auditor.view(clinician, reason=f"Clinician's audits through the API: {reason}")
    own = clinician.user_id == request.user.id
    cases = (AuditCase.objects.filter(clinician=clinician).select_related("consultation", "round", "clinician", "auditor")
             .order_by("-round__period_start", "consultation__consulted_at"))
    # The clinician reads their own audits once feedback is released; anyone else, as on the record page,
    # only final results: never one auditor's score on a case still waiting for its screen or its panel.
    cases = cases.filter(status=CaseStatus.RELEASED) if own else cases.filter(status__in=FINAL)
    # The clinician is not told who screened them: the page does not say either.
    rows = [{**case_out(c, name_auditor=not own), "round_name": c.round.name, "period_start": c.round.period_start,
             "period_end": c.round.period_end, "feedback": c.feedback if c.status == CaseStatus.RELEASED else None,
             "reflection": c.reflection or None, "reflected_at": c.reflected_at} for c in cases]
    return {"clinician": {"id": str(clinician.pk), "name": clinician.name, "registration": clinician.registration_label},
            "relationship": reason, "cases": rows}


@router.post("/audits/cases/{case_id}/reflection", summary="Your reflection on released feedback (the clinician only)")
def reflection(request, case_id: UUID, payload: ReflectionIn):
    require(request.user, C.VIEW_OWN_PERFORMANCE)
    clinician = own_clinician(request.user)
    # Only the clinician's own released cases exist here, as on the My audits page: anything else is a 404.
    case = get_object_or_404(AuditCase.objects.select_related("consultation", "clinician", "round__template"),
                             pk=case_id, clinician=clinician, status=CaseStatus.RELEASED)
    form = validated(ReflectionForm(payload.dict()))
    case = service(lambda: reviews.write_reflection(case=case, user=request.user,
                                                    reflection=form.cleaned_data["reflection"]))
    return {**case_out(case, name_auditor=False), "reflection": case.reflection, "reflected_at": case.reflected_at}
