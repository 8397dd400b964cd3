"""The organisation register: region, integrated care board, trust and site, keyed by ODS code."""

from .organisation import Organisation, OrganisationKind, OrganisationQuerySet, TrustType, descendant_ids

__all__ = ["Organisation", "OrganisationKind", "OrganisationQuerySet", "TrustType", "descendant_ids"]
