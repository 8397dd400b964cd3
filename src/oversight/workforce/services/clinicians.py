"""Recording and correcting a clinician on the register (issue 13, Deliver 1).

Every write is checked (the model's ``clean()``: the registration number's format for the regulator,
the connection dates' order, doctor-only fields) and audited. Errors name the field."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from oversight.accounts.roles import Capability as C
from oversight.audit import auditor
from oversight.audit.models import AuditAction

from ..models import Clinician, normalise_registration_number

# The register fields a caller may set (besides name, profession, number and organisation).
REGISTER_FIELDS = ("employee_number", "email", "licence_status", "on_gp_register", "on_specialist_register", "specialty",
                   "grade", "designated_body", "responsible_officer", "connection_started_on", "connection_ended_on",
                   "line_manager", "performers_list_status")
EDITABLE = ("name", "profession", "registration_number", "organisation", *REGISTER_FIELDS)
DOCTOR_ONLY = {"on_gp_register": "the GP Register", "on_specialist_register": "the Specialist Register",
               "designated_body": "a designated body", "responsible_officer": "a Responsible Officer",
               "connection_started_on": "a connection to a designated body"}


def _unknown(fields: dict) -> None:
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"not clinician register fields: {', '.join(sorted(unknown))}")


def _check(clinician: Clinician) -> None:
    """The model's rules, the register's own, and one clear message for a duplicate number."""
    problems: dict[str, list[str]] = {}
    try:
        clinician.full_clean(validate_constraints=False)
    except ValidationError as error:
        problems.update(error.message_dict)
    if not clinician.is_doctor:
        for name, what in DOCTOR_ONLY.items():
            if getattr(clinician, name):
                problems.setdefault(name, []).append(f"Only doctors have {what} (for GMC revalidation)")
    if clinician.connection_started_on is None and clinician.connection_ended_on is not None:
        problems.setdefault("connection_started_on", []).append("Enter the date the connection started")
    if clinician.registration_number and clinician.organisation_id and "registration_number" not in problems:
        twin = Clinician.objects.filter(organisation_id=clinician.organisation_id,
                                        registration_number=clinician.registration_number).exclude(pk=clinician.pk)
        if twin.exists():
            problems["registration_number"] = [
                f"{clinician.registration_label} is already on the register of this organisation"]
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def add_clinician(*, organisation, name: str, profession: str, registration_number: str,
                  organisations_worked_at: Iterable | None = None, reason: str = "", **fields) -> Clinician:
    """Add a clinician to the register. ``fields``: any of ``REGISTER_FIELDS``."""
    _unknown(fields)
    clinician = Clinician(organisation=organisation, name=name, profession=profession,
                          registration_number=normalise_registration_number(registration_number), **fields)
    _check(clinician)
    auditor.create(clinician, reason=reason)
    if organisations_worked_at:
        set_organisations_worked_at(clinician, organisations_worked_at, reason=reason)
    return clinician


@transaction.atomic
def update_clinician(clinician: Clinician, user, *, organisations_worked_at: Iterable | None = None, reason: str = "",
                     **fields) -> Clinician:
    """Correct a clinician's register entry: each changed field's old and new value is audited.

    ``user`` must manage the register for the clinician's organisation (or designated body), before and
    after the change: an entry cannot be moved out of the user's own scope. ``organisations_worked_at``
    None leaves them as they are."""
    from ..selectors import in_scope

    _unknown(fields)
    if user is not None and not in_scope(user, clinician, C.MANAGE_CLINICIAN_REGISTER):
        raise PermissionDenied("Only those who manage the clinician register for this clinician's organisation may correct it.")
    clinician = Clinician.objects.select_for_update().get(pk=clinician.pk)
    for name, value in fields.items():
        if name == "registration_number":
            value = normalise_registration_number(value)
        setattr(clinician, name, value)
    _check(clinician)
    if user is not None and not in_scope(user, clinician, C.MANAGE_CLINICIAN_REGISTER):
        raise ValidationError({"organisation": "Choose an organisation you manage the register for"})
    auditor.update(clinician, reason=reason or "Register entry corrected")
    if organisations_worked_at is not None:
        set_organisations_worked_at(clinician, organisations_worked_at, reason=reason)
    return clinician


def set_organisations_worked_at(clinician: Clinician, organisations: Iterable, *, reason: str = "") -> bool:
    """Record every organisation and site the clinician works at (the one holding the record need not be
    listed). Audited as a change of the clinician, by ODS code. Returns whether anything changed."""
    chosen = {o.pk: o for o in organisations}
    before = {o.pk: o for o in clinician.organisations_worked_at.all()}
    if set(before) == set(chosen):
        return False
    with transaction.atomic():
        clinician.organisations_worked_at.set(list(chosen.values()))
        auditor.record(AuditAction.UPDATE, clinician, reason=reason or "Organisations worked at recorded", changes={
            "organisations_worked_at": [sorted(o.ods_code for o in before.values()),
                                        sorted(o.ods_code for o in chosen.values())]})
    return True
