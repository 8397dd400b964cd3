"""Every governed record reads as English in the audit trail, and carries no confidential text: a
reference and kinds, never a patient's name, a free-text description or an action's wording."""

import re
from datetime import UTC, date, datetime

import pytest
from django.db import models

from oversight.audit.auditor import describe
from oversight.clinical_performance.models import (
    AuditCase,
    AuditCriterion,
    AuditRound,
    AuditTemplate,
    Consultation,
    ConsultationImport,
    CriterionScore,
    PanelReview,
    Shift,
    ShiftImport,
)
from oversight.governance.models import (
    Action,
    ActionEvidence,
    Complaint,
    ComplaintStep,
    DutyOfCandourNotification,
    Exclusion,
    HoldingLetter,
    ImportBatch,
    Incident,
    IncidentStep,
    MhpsCase,
    PerformersListAction,
    ProfessionalConcern,
    ProfessionalConcernStep,
    SharedLearning,
)
from oversight.organisations.models import Organisation
from oversight.professional_standards.models import (
    Appraisal,
    DoctorRevalidation,
    ElsContact,
    Recommendation,
    RecommendationBatch,
    RecordNote,
    RecordRestriction,
)
from oversight.reports.models import MetricNarrative, ReportTemplate
from oversight.surveillance.models import Escalation, EscalationAction, LevelChange
from oversight.urgent_care.models import CallDataLoad
from oversight.workforce.models import Clinician, DbsCheck, IndemnityCover, TrainingRecord

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


def _audit_case():
    clinician = _concern().clinician
    consultation = Consultation(organisation=TRUST, case_reference="ADA-100234", clinician=clinician)
    audit_round = AuditRound(organisation=TRUST, name=SECRET, period_start=date(2026, 4, 1), period_end=date(2026, 6, 30))
    return AuditCase(round=audit_round, consultation=consultation, clinician=clinician)


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
    MhpsCase: lambda: MhpsCase(concern=_concern(), started_on=date(2026, 3, 2)),
    Exclusion: lambda: Exclusion(case=MhpsCase(concern=_concern()), kind="formal_exclusion", starts_on=date(2026, 3, 2)),
    PerformersListAction: lambda: PerformersListAction(case=MhpsCase(concern=_concern()), kind="suspension"),
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
    AuditTemplate: lambda: AuditTemplate(name=SECRET, version=3),
    AuditCriterion: lambda: AuditCriterion(code="red_flags", wording=SECRET),
    AuditRound: lambda: _audit_case().round,
    AuditCase: _audit_case,
    CriterionScore: lambda: CriterionScore(case=_audit_case(), criterion=AuditCriterion(code="red_flags"), stage="panel"),
    PanelReview: lambda: PanelReview(case=_audit_case()),
    ConsultationImport: lambda: ConsultationImport(organisation=TRUST, rows=120, sha256="ab" * 32),
    Consultation: lambda: _audit_case().consultation,
    ShiftImport: lambda: ShiftImport(organisation=TRUST, rows=40, sha256="cd" * 32),
    Shift: lambda: Shift(clinician=_concern().clinician, starts_at=datetime(2026, 4, 4, 18, 30, tzinfo=UTC)),
    CallDataLoad: lambda: CallDataLoad(organisation=TRUST, file_name=f"{SECRET}.csv", sha256="ef" * 32, calls=3000,
                                       first_month=date(2025, 4, 1), last_month=date(2025, 6, 1)),
    Appraisal: lambda: Appraisal(clinician=_concern().clinician, appraisal_year=2025, due_on=date(2025, 9, 1)),
    DoctorRevalidation: lambda: DoctorRevalidation(clinician=_concern().clinician),
    ElsContact: lambda: ElsContact(clinician=_concern().clinician, contacted_on=date(2026, 3, 2), adviser_name=SECRET),
    Recommendation: lambda: Recommendation(clinician=_concern().clinician, kind="defer", submission_due_on=date(2026, 6, 1)),
    RecommendationBatch: lambda: RecommendationBatch(designated_body=TRUST, size=12),
    RecordNote: lambda: RecordNote(clinician=_concern().clinician, kind="claim", setting=SECRET, reference=SECRET),
    RecordRestriction: lambda: RecordRestriction(clinician=_concern().clinician, item_kind="incident", item_id="1"),
    DbsCheck: lambda: DbsCheck(clinician=_concern().clinician, level="enhanced_barred", certificate_number="001234567890",
                               issued_on=date(2025, 5, 1)),
    TrainingRecord: lambda: TrainingRecord(clinician=_concern().clinician, subject="safeguarding_children", level=3,
                                           completed_on=date(2025, 5, 1)),
    IndemnityCover: lambda: IndemnityCover(clinician=_concern().clinician, provider="mdu", kind="membership",
                                           reference="123456", starts_on=date(2025, 5, 1)),
}

EXPECTED = {
    Incident: "Incident INC-QBQW55F4",
    ProfessionalConcernStep: "Professional concern PC-QBQW55F4: stage recorded (Initial assessment)",
    IncidentStep: "Incident INC-QBQW55F4: step recorded (Reviewed)",
    Action: "Action on professional concern PC-QBQW55F4",
    Clinician: "Clinician GMC 1234567",
    MhpsCase: "MHPS case on professional concern PC-QBQW55F4",
    Exclusion: "Formal exclusion from 2026-03-02 (MHPS case on professional concern PC-QBQW55F4)",
    PerformersListAction: "Performers List action (suspension) (MHPS case on professional concern PC-QBQW55F4)",
    LevelChange: "Surveillance level of RX1 from routine to enhanced",
    AuditRound: "Audit round 2026-04-01 to 2026-06-30",
    AuditCase: "Audit case of consultation ADA-100234 (clinician GMC 1234567)",
    CallDataLoad: "Call-event load of 3000 calls, 2025-04 to 2025-06 (file efefefefefef)",
    Appraisal: "Appraisal 2025/26 of Clinician GMC 1234567",
    Recommendation: "Revalidation recommendation (defer) for Clinician GMC 1234567",
    DbsCheck: "DBS check (enhanced with barred lists, issued 2025-05-01) of Clinician GMC 1234567",
    TrainingRecord: "Training (Safeguarding children level 3, completed 2025-05-01) of Clinician GMC 1234567",
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
