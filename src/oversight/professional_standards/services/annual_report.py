"""The Annual Board Report's writer: the Responsible Officer's narrative for each Annex D section, kept by
the reports app's narratives (validated there, all or nothing, each change audited)."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from oversight.reports.services import save_narratives

from ..annual_report import NARRATIVE_KIND, SECTION_CODES, narrative_month


def save_section_narratives(body, year: int, texts: dict[str, str], user) -> int:
    """Create, change or (when emptied) delete each section's narrative; how many changed. All or nothing."""
    unknown = sorted(set(texts) - set(SECTION_CODES))
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "No such section of the annual report"))
    author = user.display_name if getattr(user, "is_authenticated", False) else "Oversight"
    return save_narratives(body, NARRATIVE_KIND, narrative_month(year), texts, author)
