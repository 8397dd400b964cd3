"""Governance records, one module per idea."""

from .actions import Action, ActionEvidence, ActionStatus, SharedLearning
from .candour import DutyOfCandourNotification, RelevantPerson
from .common import ImportBatch, Theme, new_reference
from .complaints import (
    ComplainantRelationship,
    Complaint,
    ComplaintOutcome,
    ComplaintStatus,
    ComplaintStep,
    HoldingLetter,
    OmbudsmanOutcome,
)
from .concerns import ConcernCategory, ConcernSource, ProfessionalConcern, ProfessionalConcernStep
from .imports import ImportJob, ImportJobStatus
from .incidents import Incident, IncidentStatus, IncidentStep
from .mhps import (
    Exclusion,
    ExclusionKind,
    MhpsCase,
    MhpsOutcome,
    PerformersListAction,
    PerformersListActionKind,
)

__all__ = [
    "Action",
    "ActionEvidence",
    "ActionStatus",
    "ComplainantRelationship",
    "Complaint",
    "ComplaintOutcome",
    "ComplaintStatus",
    "ComplaintStep",
    "ConcernCategory",
    "ConcernSource",
    "DutyOfCandourNotification",
    "Exclusion",
    "ExclusionKind",
    "HoldingLetter",
    "ImportBatch",
    "ImportJob",
    "ImportJobStatus",
    "Incident",
    "IncidentStatus",
    "IncidentStep",
    "MhpsCase",
    "MhpsOutcome",
    "OmbudsmanOutcome",
    "PerformersListAction",
    "PerformersListActionKind",
    "ProfessionalConcern",
    "ProfessionalConcernStep",
    "RelevantPerson",
    "SharedLearning",
    "Theme",
    "new_reference",
]
