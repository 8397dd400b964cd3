"""Clinical performance of individual clinicians in urgent and emergency care: the consultations
imported from the clinical system, the clinician audit programme (RCGP toolkit practice, NQR 4) and
productivity. Rules: docs/rules/urgent-care.md."""

from .audits import (
    AuditCase,
    AuditCriterion,
    AuditRound,
    AuditTemplate,
    CaseStatus,
    CriterionScore,
    FeedbackKind,
    PanelDecision,
    PanelReview,
    Rating,
    RoundStatus,
    SamplingMethod,
    ScreenOutcome,
    Stage,
)
from .consultations import Consultation, ConsultationImport, ContactType
from .shifts import Shift, ShiftImport

__all__ = [
    "AuditCase",
    "AuditCriterion",
    "AuditRound",
    "AuditTemplate",
    "CaseStatus",
    "Consultation",
    "ConsultationImport",
    "ContactType",
    "CriterionScore",
    "FeedbackKind",
    "PanelDecision",
    "PanelReview",
    "Rating",
    "RoundStatus",
    "SamplingMethod",
    "ScreenOutcome",
    "Shift",
    "ShiftImport",
    "Stage",
]
