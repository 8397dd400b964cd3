"""The clinician list's columns and rows."""

from __future__ import annotations

from django.urls import reverse

CLINICIAN_COLUMNS = [("name", "Name"), ("profession", "Profession"), ("registration", "Registration"),
                     ("organisation", "Organisation"), ("concerns", "Concerns"), ("performance", "Clinical performance")]


def clinician_row(clinician, *, sees_performance: bool = False) -> dict:
    """``clinician`` carries ``concern_count`` (selectors.clinicians_with_concern_counts). The link to
    their clinical performance record (audits, productivity) shows only to a reader who may open it."""
    performance = ({"text": "Record", "href": reverse("clinical_performance:record", kwargs={"pk": clinician.pk})}
                   if sees_performance else "")
    return {"name": clinician.name, "profession": clinician.get_profession_display(),
            "registration": clinician.registration_label, "organisation": clinician.organisation.name,
            "concerns": {"text": str(clinician.concern_count), "sort": clinician.concern_count},
            "performance": performance}
