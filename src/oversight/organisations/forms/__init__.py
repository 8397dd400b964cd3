"""Organisation forms, on the NHS.UK form kit."""

from .filters import OrganisationFilterForm

__all__ = ["OrganisationFilterForm"]
