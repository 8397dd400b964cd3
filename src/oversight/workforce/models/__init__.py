"""Workforce records: the clinicians professional concerns are about, with their regulator's number."""

from .clinicians import (
    REGISTRATION_FORMATS,
    REGULATOR_OF,
    Clinician,
    Profession,
    Regulator,
    normalise_registration_number,
    registration_problem,
    regulator_for,
)

__all__ = [
    "REGISTRATION_FORMATS",
    "REGULATOR_OF",
    "Clinician",
    "Profession",
    "Regulator",
    "normalise_registration_number",
    "registration_problem",
    "regulator_for",
]
