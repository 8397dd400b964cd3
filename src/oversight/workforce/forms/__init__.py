"""Workforce forms, on the NHS.UK form kit."""

from .clinicians import ClinicianForm, OrganisationField

__all__ = ["ClinicianForm", "OrganisationField"]
