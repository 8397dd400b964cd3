"""Every governed record reads as English in the audit trail, and carries no confidential text: a
reference and kinds, never a patient's name, a free-text description or an action's wording."""

import re
from datetime import date

import pytest
from django.db import models

from oversight.audit.auditor import describe
from oversight.governance.models import (
    Action,
    ActionEvidence,
    Complaint,
    ComplaintStep,
    DutyOfCandourNotification,
    HoldingLetter,
    ImportBatch,
    Incident,
    IncidentStep,
    ProfessionalConcern,
    ProfessionalConcernStep,
    SharedLearning,
)
from oversight.organisations.models import Organisation
from oversight.reports.models import MetricNarrative, ReportTemplate
from oversight.surveillance.models import Escalation, EscalationAction, LevelChange
from oversight.workforce.models import Clinician

from .test_governed_writes import governed_models

SECRET = "SECRET-Margaret-Demo"
TRUST = Organisation(ods_code="RX1", name="Example NHS Trust")


def _incident():
    return Incident(reference="INC-QBQW55F4", organisation=TRUST)


def _complaint():
    return Complaint(reference="COM-QBQW55F4", organisation=TRUST)


def _concern():
    clinician = Clinician(name=SECRET, profession="doctor", registration_number="1234567", organisation=TRUST)
    return ProfessionalConcern(reference="PC-QBQW55F4", organisation=TRUST, clinician=clinician, stage="raised")


def _escalation():
    return Escalation(provider_code="RX1", provider_name="Example NHS Trust", level="enhanced")


# One example of each governed model, as little filled in as its description needs. A new governed
# model fails test_every_governed_model_is_described until it is added here.
EXAMPLES = {
    Incident: _incident,
    IncidentStep: lambda: IncidentStep(incident=_incident(), action="reviewed"),
    Complaint: _complaint,
    ComplaintStep: lambda: ComplaintStep(complaint=_complaint(), action="acknowledged"),
    HoldingLetter: lambda: HoldingLetter(complaint=_complaint(), sent_on=date(2026, 11, 2)),
    ProfessionalConcern: _concern,
    ProfessionalConcernStep: lambda: ProfessionalConcernStep(concern=_concern(), action="initial_assessment"),
    Clinician: lambda: _concern().clinician,
    DutyOfCandourNotification: lambda: DutyOfCandourNotification(incident=_incident()),
    Action: lambda: Action(organisation=TRUST, concern=_concern()),
    ActionEvidence: lambda: ActionEvidence(action=Action(organisation=TRUST, incident=_incident()), content_type="application/pdf",
                                           original_name=f"{SECRET}.pdf"),
    SharedLearning: lambda: SharedLearning(organisation=TRUST, incident=_incident()),
    ImportBatch: lambda: ImportBatch(kind="incidents", rows=120, file_name=f"{SECRET}.csv", sha256="ab" * 32),
    ReportTemplate: lambda: ReportTemplate(organisation=TRUST),
    MetricNarrative: lambda: MetricNarrative(organisation=TRUST, kind="board", metric_code="ae_4hr", month=date(2026, 11, 1)),
    Escalation: _escalation,
    LevelChange: lambda: LevelChange(escalation=_escalation(), from_level="routine", to_level="enhanced"),
    EscalationAction: lambda: EscalationAction(escalation=_escalation(), signal_kind="nof_change"),
}

EXPECTED = {
    Incident: "Incident INC-QBQW55F4",
    ProfessionalConcernStep: "Professional concern PC-QBQW55F4: stage recorded (Initial assessment)",
    IncidentStep: "Incident INC-QBQW55F4: step recorded (Reviewed)",
    Action: "Action on professional concern PC-QBQW55F4",
    Clinician: "Clinician GMC 1234567",
    LevelChange: "Surveillance level of RX1 from routine to enhanced",
}


def _with_secrets(instance):
    """Fill every free-text field, and every field the model redacts, with a patient's name."""
    for field in instance._meta.concrete_fields:
        if isinstance(field, models.TextField) or field.name in instance.audit_redacted_fields:
            setattr(instance, field.attname, SECRET)
    for name in ("title", "original_name", "file_name", "name", "patient_name", "reporter_name", "complainant_name"):
        if hasattr(instance, name) and not isinstance(getattr(type(instance), name, None), property):
            setattr(instance, name, SECRET)
    return instance


@pytest.mark.parametrize("model", governed_models(), ids=lambda model: model._meta.label)
def test_every_governed_model_is_described_in_english_without_confidential_text(model):
    assert model in EXAMPLES, f"add an example {model.__name__} to EXAMPLES"
    text = describe(_with_secrets(EXAMPLES[model]()))
    assert not re.search(r"object \(|^\s*$", text), f"{model.__name__} reads as {text!r}"
    assert SECRET not in text
    if model in EXPECTED:
        assert text == EXPECTED[model]
