"""Professional standards records: appraisals, revalidation, and what completes a doctor's whole record."""

from .appraisals import SUPPORTING_INFORMATION, Appraisal, MissedReason
from .record import RecordItemKind, RecordNote, RecordNoteKind, RecordRestriction
from .revalidation import (
    DEFERRAL_CRITERIA,
    DeferralReason,
    DoctorRevalidation,
    ElsContact,
    GmcOutcome,
    Recommendation,
    RecommendationBatch,
    RecommendationKind,
    RecommendationStatus,
)

__all__ = [
    "DEFERRAL_CRITERIA",
    "SUPPORTING_INFORMATION",
    "Appraisal",
    "DeferralReason",
    "DoctorRevalidation",
    "ElsContact",
    "GmcOutcome",
    "MissedReason",
    "Recommendation",
    "RecommendationBatch",
    "RecommendationKind",
    "RecommendationStatus",
    "RecordItemKind",
    "RecordNote",
    "RecordNoteKind",
    "RecordRestriction",
]
