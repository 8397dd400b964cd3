"""Professional concerns and clinicians over the API (concern roles only)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from ninja import Schema, Status

from oversight.accounts.access import organisations_in_scope, require, scope_ids
from oversight.accounts.roles import Capability as C
from oversight.audit import auditor
from oversight.audit.models import AuditAction
from oversight.workforce.forms import ClinicianForm
from oversight.workforce.models import Clinician
from oversight.workforce.services import add_clinician

from ..access import concerns_for, get_concern
from ..forms.concerns import ConcernForm, StageForm
from ..services import concerns as service
from . import router
from .schemas import ClinicianOut, ConcernOut
from .validation import apply, validated


class ClinicianIn(Schema):
    name: str
    profession: str
    registration_number: str
    organisation: str


class ConcernIn(Schema):
    clinician: UUID
    raised_on: date
    source: str
    category: str
    summary: str
    restrictions: str = ""


class StageIn(Schema):
    stage: str
    on: date
    note: str = ""
    outcome: str = ""
    restrictions: str | None = None


@router.get("/clinicians", response=list[ClinicianOut])
def list_clinicians(request):
    require(request.user, C.VIEW_PROFESSIONAL_CONCERNS)
    clinicians = Clinician.objects.filter(organisation_id__in=scope_ids(request.user, C.VIEW_PROFESSIONAL_CONCERNS))
    return [ClinicianOut.build(c) for c in clinicians.select_related("organisation")]


@router.post("/clinicians", response={201: ClinicianOut})
def create_clinician(request, payload: ClinicianIn):
    require(request.user, C.MANAGE_PROFESSIONAL_CONCERNS)
    organisations = organisations_in_scope(request.user, C.MANAGE_PROFESSIONAL_CONCERNS)
    data = payload.dict()
    match = organisations.filter(ods_code=data["organisation"].upper()).first()
    data["organisation"] = match.pk if match else "not-in-scope"
    form = validated(ClinicianForm, data, organisations=organisations)
    clinician = apply(form, lambda d: add_clinician(organisation=d["organisation"], name=d["name"],
                                                            profession=d["profession"], registration_number=d["registration_number"]))
    return Status(201, ClinicianOut.build(clinician))


@router.get("/concerns", response=list[ConcernOut], summary="Professional concerns in your scope")
def list_concerns(request):
    require(request.user, C.VIEW_PROFESSIONAL_CONCERNS)
    concerns = [ConcernOut.build(c) for c in concerns_for(request.user).select_related("organisation", "clinician__organisation")]
    # Every concern's summary, restrictions and outcome in one answer: one entry records the read.
    auditor.record(AuditAction.VIEW, object_type="governance.ProfessionalConcern",
                   object_repr=f"{len(concerns)} professional concerns listed through the API",
                   reason="Listed professional concerns through the API")
    return concerns


@router.post("/concerns", response={201: ConcernOut})
def create_concern(request, payload: ConcernIn):
    require(request.user, C.MANAGE_PROFESSIONAL_CONCERNS)
    clinicians = Clinician.objects.filter(organisation_id__in=scope_ids(request.user, C.MANAGE_PROFESSIONAL_CONCERNS))
    form = validated(ConcernForm, payload.dict(), clinicians=clinicians)
    concern = apply(form, lambda d: service.raise_concern(user=request.user, **d))
    return Status(201, ConcernOut.build(concern))


@router.get("/concerns/{concern_id}", response=ConcernOut)
def get_concern_endpoint(request, concern_id: UUID):
    concern = get_concern(request.user, concern_id)
    auditor.view(concern, reason="Read the professional concern through the API")
    return ConcernOut.build(concern)


@router.post("/concerns/{concern_id}/stage", response=ConcernOut)
def move_concern(request, concern_id: UUID, payload: StageIn):
    concern = get_concern(request.user, concern_id, C.MANAGE_PROFESSIONAL_CONCERNS)
    form = validated(StageForm, payload.dict())
    apply(form, lambda d: service.move_to_stage(concern, request.user, stage=d["stage"], note=d["note"],
                                                outcome=d["outcome"], restrictions=payload.restrictions, on=d["on"]))
    return ConcernOut.build(get_concern(request.user, concern_id))
