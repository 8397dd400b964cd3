"""What the information governance pages show."""

from .audit_trail import AuditEntryRow, AuditTrailPages
from .landing import LANDING_CARDS, landing_cards

__all__ = ["LANDING_CARDS", "AuditEntryRow", "AuditTrailPages", "landing_cards"]
