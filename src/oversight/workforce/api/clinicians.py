"""The clinician register over the API (/api/v1/workforce/clinicians), with the pages' access and audit:
the list in scope and one clinician for those who see professional concerns or professional standards
(or manage the register); adding a clinician for those who manage the register. Errors name the field
(422); an organisation outside the caller's scope is refused like an unknown one."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as RuleError
from django.shortcuts import get_object_or_404
from ninja import Field, Schema, Status
from ninja.errors import ValidationError

from oversight.accounts.access import can, organisations_in_scope, require
from oversight.accounts.roles import Capability as C
from oversight.audit import auditor
from oversight.audit.models import AuditAction
from oversight.organisations.models import OrganisationKind

from ..forms import ClinicianForm
from ..models import Clinician
from ..selectors import clinicians_in_scope, in_scope, people_in_scope, responsible_officers_in_scope
from ..services import add_clinician
from ..views.clinicians import ENTRY, READ, register_choices
from . import router


def _errors(items) -> ValidationError:
    return ValidationError([{"loc": ["body", "payload"] if field == "__all__" else ["body", "payload", field],
                             "msg": str(message), "type": "value_error"} for field, message in items])


def _out(c: Clinician) -> dict:
    return {
        "id": str(c.pk), "name": c.name, "profession": c.profession, "regulator": c.regulator,
        "registration_number": c.registration_number, "organisation": c.organisation.ods_code,
        "employee_number": c.employee_number, "licence_status": c.licence_status, "on_gp_register": c.on_gp_register,
        "on_specialist_register": c.on_specialist_register, "specialty": c.specialty, "grade": c.grade,
        "designated_body": c.designated_body.ods_code if c.designated_body else None,
        "responsible_officer": c.responsible_officer.username if c.responsible_officer else None,
        "connection_started_on": c.connection_started_on, "connection_ended_on": c.connection_ended_on,
        "connected": c.is_connected, "performers_list_status": c.performers_list_status,
        "organisations_worked_at": sorted(o.ods_code for o in c.organisations_worked_at.all()),
    }


@router.get("/clinicians", summary="The clinician register in your scope (organisation or designated body)")
def list_clinicians(request, profession: str = "", connected: bool | None = None):
    if not any(can(request.user, capability) for capability in READ):
        require(request.user, READ[0])
    clinicians = (clinicians_in_scope(request.user, *READ).select_related("organisation", "designated_body",
                                                                           "responsible_officer")
                  .prefetch_related("organisations_worked_at").order_by("name"))
    if profession:
        clinicians = clinicians.filter(profession=profession)
    rows = [_out(c) for c in clinicians if connected is None or c.is_connected == connected]
    auditor.record(AuditAction.VIEW, object_type="workforce.Clinician",
                   object_repr=f"Clinician register through the API: {len(rows)} clinicians", reason="Clinician register list")
    return rows


@router.get("/clinicians/{clinician_id}", summary="One clinician's register entry")
def get_clinician(request, clinician_id: UUID):
    clinician = get_object_or_404(Clinician.objects.select_related("organisation", "designated_body", "responsible_officer"),
                                  pk=clinician_id)
    if not in_scope(request.user, clinician, *ENTRY):
        raise PermissionDenied("This clinician's organisation is not in your scope.")
    auditor.view(clinician, reason="Clinician register entry through the API")
    return _out(clinician)


class ClinicianIn(Schema):
    name: str
    profession: str = Field(description="doctor, nurse, midwife, paramedic, ... (workforce Profession codes)")
    registration_number: str = Field(description="GMC 7 digits; NMC PIN like 12A3456E; HCPC like PA12345")
    organisation: str = Field(description="ODS code of the trust holding the record")
    employee_number: str = ""
    email: str = ""
    licence_status: str = ""
    on_gp_register: bool = False
    on_specialist_register: bool = False
    specialty: str = ""
    grade: str = ""
    performers_list_status: str = ""
    designated_body: str | None = Field(None, description="ODS code of the designated body (doctors)")
    responsible_officer: str | None = Field(None, description="Username of the Responsible Officer")
    line_manager: str | None = Field(None, description="Username of the line manager")
    connection_started_on: date | None = None
    connection_ended_on: date | None = None
    organisations_worked_at: list[str] = Field(default_factory=list, description="ODS codes")


def _pk_of(queryset, value, attr: str):
    if not value:
        return ""
    match = queryset.filter(**{f"{attr}__iexact": value}).first()
    return match.pk if match else "not-in-scope"


@router.post("/clinicians", response={201: dict}, summary="Add a clinician to the register")
def create_clinician(request, payload: ClinicianIn):
    require(request.user, C.MANAGE_CLINICIAN_REGISTER)
    user = request.user
    organisations = organisations_in_scope(user, C.MANAGE_CLINICIAN_REGISTER).filter(kind=OrganisationKind.TRUST)
    choices = register_choices(user)
    data = payload.dict()
    data["organisation"] = _pk_of(organisations, data["organisation"], "ods_code")
    data["designated_body"] = _pk_of(choices.designated_bodies, data["designated_body"], "ods_code")
    data["responsible_officer"] = _pk_of(responsible_officers_in_scope(user, C.MANAGE_CLINICIAN_REGISTER),
                                         data["responsible_officer"], "username")
    data["line_manager"] = _pk_of(people_in_scope(user, C.MANAGE_CLINICIAN_REGISTER), data["line_manager"], "username")
    data["organisations_worked_at"] = [_pk_of(choices.worked_at, code, "ods_code") for code in data["organisations_worked_at"]]
    for name in ("connection_started_on", "connection_ended_on"):
        data[name] = data[name].isoformat() if data[name] else ""
    for name in ("on_gp_register", "on_specialist_register"):
        if not data[name]:
            data.pop(name)
    form = ClinicianForm(data, organisations=organisations, register=choices)
    if not form.is_valid():
        raise _errors((field, message) for field, messages in form.errors.items() for message in messages)
    cleaned = form.service_data()
    cleaned["organisations_worked_at"] = list(cleaned.get("organisations_worked_at") or [])
    try:
        clinician = add_clinician(**cleaned)
    except RuleError as error:
        raise _errors((field, message) for field, messages in error.message_dict.items() for message in messages) from None
    return Status(201, _out(clinician))
