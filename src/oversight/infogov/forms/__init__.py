"""Information governance forms, on the NHS.UK form kit."""

from .audit_trail import AuditTrailFilterForm

__all__ = ["AuditTrailFilterForm"]
