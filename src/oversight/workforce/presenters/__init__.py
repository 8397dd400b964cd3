"""What the workforce pages show."""

from .clinicians import CLINICIAN_COLUMNS, clinician_row
from .landing import LANDING_CARDS, landing_cards

__all__ = ["CLINICIAN_COLUMNS", "LANDING_CARDS", "clinician_row", "landing_cards"]
