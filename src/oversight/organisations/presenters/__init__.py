"""What the organisation pages show, kept out of the templates."""

from .detail import OrganisationPresenter

__all__ = ["OrganisationPresenter"]
