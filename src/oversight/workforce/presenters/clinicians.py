"""The clinician list's columns and rows."""

from __future__ import annotations

CLINICIAN_COLUMNS = [("name", "Name"), ("profession", "Profession"), ("registration", "Registration"),
                     ("organisation", "Organisation"), ("concerns", "Concerns")]


def clinician_row(clinician) -> dict:
    """``clinician`` carries ``concern_count`` (selectors.clinicians_with_concern_counts)."""
    return {"name": clinician.name, "profession": clinician.get_profession_display(),
            "registration": clinician.registration_label, "organisation": clinician.organisation.name,
            "concerns": {"text": str(clinician.concern_count), "sort": clinician.concern_count}}
