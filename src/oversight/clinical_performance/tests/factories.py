"""Factories for clinical performance records, written through the Auditor like everything else."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from oversight.audit.testing import create_record
from oversight.workforce.tests.factories import ClinicianFactory

from ..models import Consultation, ConsultationImport, ContactType


def consultation_batch(organisation, rows: int = 0) -> ConsultationImport:
    return create_record(ConsultationImport(organisation=organisation, export_shape="adastra", sha256="0" * 64,
                                            rows=rows, imported_by_label="test-data"))


def consultations(clinician, count: int, *, start: datetime | None = None, batch=None, prefix: str = "C") -> list:
    """``count`` consultations for the clinician, an hour apart from ``start`` (1 April 2026 09:00)."""
    start = start or timezone.make_aware(datetime(2026, 4, 1, 9, 0))
    batch = batch or consultation_batch(clinician.organisation, count)
    return [create_record(Consultation(
        organisation=clinician.organisation, source=batch, case_reference=f"{prefix}{clinician.registration_number}-{n:04d}",
        clinician=clinician, role="GP", consulted_at=start + timedelta(hours=n), service="Out of hours",
        contact_type=ContactType.TELEPHONE, disposition="Self care")) for n in range(count)]


def audit_world(trust, *, auditors: int = 3):
    """A clinical lead, ``auditors`` clinical auditors and two clinicians (one with their own account and
    an appraiser) for ``trust``, with consultations in April to June 2026."""
    from oversight.accounts.roles import Role
    from oversight.testing.factories import user_with_role

    lead = user_with_role(Role.CLINICAL_LEAD, trust, username="lead")
    panel = [user_with_role(Role.CLINICAL_AUDITOR, trust, username=f"auditor{n}") for n in range(1, auditors + 1)]
    own = user_with_role(Role.CLINICIAN, trust, username="clinician")
    first = ClinicianFactory(organisation=trust, name="Dr Ann Example", user=own, appraiser=panel[0])
    second = ClinicianFactory(organisation=trust, name="Dr Bob Example")
    consultations(first, 12)
    consultations(second, 8)
    return {"lead": lead, "auditors": panel, "clinician_user": own, "first": first, "second": second}


def audited(consultation_list, audit_round, scores, *, status=None):
    """Final audit results for these consultations in ``audit_round`` (one score, per cent, each): the
    results, productivity and record pages' test data. Passed at screening unless ``status`` says otherwise."""
    from ..models import AuditCase, CaseStatus

    status = status or CaseStatus.PASSED
    return [create_record(AuditCase(round=audit_round, consultation=c, clinician=c.clinician, status=status, score=score))
            for c, score in zip(consultation_list, scores, strict=True)]


def quarter_round(organisation, start, name: str = ""):
    """An audit round for the quarter starting ``start`` (the default template)."""
    from ..services.rounds import create_round

    return create_round(organisation=organisation, name=name or f"Audit {start:%B %Y}", period_start=start)
