"""Reads of the clinician records, scoped to the organisations the reader may see them for."""

from __future__ import annotations

from django.db.models import Count

from oversight.accounts.access import scope_ids

from .models import Clinician


def clinicians_in_scope(user, capability: str):
    return Clinician.objects.filter(organisation_id__in=scope_ids(user, capability))


def clinicians_with_concern_counts(user, capability: str):
    """Each clinician with how many professional concerns are recorded about them."""
    return (clinicians_in_scope(user, capability).select_related("organisation")
            .annotate(concern_count=Count("concerns")).order_by("name"))
