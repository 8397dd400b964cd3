"""Workforce forms, on the NHS.UK form kit."""

from .clinicians import (
    ClinicianFilterForm,
    ClinicianForm,
    OrganisationField,
    RegisterChoices,
    RegisterImportForm,
)

__all__ = ["ClinicianFilterForm", "ClinicianForm", "OrganisationField", "RegisterChoices", "RegisterImportForm"]
