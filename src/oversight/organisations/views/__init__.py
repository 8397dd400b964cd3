"""Organisation pages: the tree the user can see, and one organisation."""

from .pages import organisation_detail, organisation_list

__all__ = ["organisation_detail", "organisation_list"]
