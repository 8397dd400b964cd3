"""Recording a clinician: checked against the registration number format of their regulator."""

from __future__ import annotations

from django.db import transaction

from oversight.audit import auditor

from ..models import Clinician


@transaction.atomic
def add_clinician(*, organisation, name: str, profession: str, registration_number: str) -> Clinician:
    clinician = Clinician(organisation=organisation, name=name, profession=profession, registration_number=registration_number)
    clinician.full_clean()
    auditor.create(clinician)
    return clinician
