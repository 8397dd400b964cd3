"""Reads of governance records other apps build on (the doctor's whole record, the RO's dashboard).
They do not check access: the caller has already decided who may see the doctors asked about
(professional_standards.access)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from .models import MhpsCase


def open_mhps_for(clinician_ids: Iterable) -> dict:
    """The open MHPS cases of each clinician: ``{clinician_id: [MhpsCase, ...]}`` (their exclusions and
    Performers List actions prefetched; ``case.active_exclusions(today)`` lists those in force)."""
    cases = (MhpsCase.objects.filter(concern__clinician_id__in=list(clinician_ids), closed_on__isnull=True)
             .select_related("concern", "concern__organisation")
             .prefetch_related("exclusions", "exclusions__renewal", "performers_list_actions")
             .order_by("started_on"))
    found: dict = defaultdict(list)
    for case in cases:
        found[case.concern.clinician_id].append(case)
    return dict(found)
