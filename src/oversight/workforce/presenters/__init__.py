"""What the workforce pages show."""

from .clinicians import CLINICIAN_COLUMNS, CSV_HEADER, clinician_row, csv_row, summary_rows
from .landing import LANDING_CARDS, landing_cards

__all__ = ["CLINICIAN_COLUMNS", "CSV_HEADER", "LANDING_CARDS", "clinician_row", "csv_row", "landing_cards", "summary_rows"]
