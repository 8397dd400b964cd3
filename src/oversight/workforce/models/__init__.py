"""Workforce records: the clinicians professional concerns are about, with their regulator's number."""

from .clinicians import (
    REGISTRATION_FORMATS,
    REGULATOR_OF,
    STAFF_GROUP_OF,
    Clinician,
    Grade,
    LicenceStatus,
    PerformersListStatus,
    Profession,
    Regulator,
    StaffGroup,
    normalise_registration_number,
    registration_problem,
    regulator_for,
)

__all__ = [
    "REGISTRATION_FORMATS",
    "REGULATOR_OF",
    "STAFF_GROUP_OF",
    "Clinician",
    "Grade",
    "LicenceStatus",
    "PerformersListStatus",
    "Profession",
    "Regulator",
    "StaffGroup",
    "normalise_registration_number",
    "registration_problem",
    "regulator_for",
]
