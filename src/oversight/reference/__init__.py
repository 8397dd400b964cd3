"""Versioned reference data (TOML files in ``data/``) with a tiny typed loader, and rule helpers.

    from oversight.reference import load, requires_psii
    never_events = load("never_events")
    never_events.get("NE01").label          # 'Wrong site surgery'
    never_events.choices()                  # [(code, label), ...]
    requires_psii(never_event="NE01").required   # True

Every file carries a version, source tags and confidence labels (confirmed / secondary / unconfirmed);
see docs/reference-data.md. Framework-free: no Django import.
"""

from .loader import (
    Confidence,
    ReferenceDataError,
    ReferenceItem,
    ReferenceSet,
    available,
    load,
    load_file,
    parse,
)
from .rules import Decision, duty_of_candour_applies, requires_psii

__all__ = [
    "Confidence",
    "Decision",
    "ReferenceDataError",
    "ReferenceItem",
    "ReferenceSet",
    "available",
    "duty_of_candour_applies",
    "load",
    "load_file",
    "parse",
    "requires_psii",
]
