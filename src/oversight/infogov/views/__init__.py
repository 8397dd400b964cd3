"""Information governance pages: the landing page and the audit trail."""

from .audit_trail import audit_trail, audit_trail_csv, audit_verify
from .landing import index

__all__ = ["audit_trail", "audit_trail_csv", "audit_verify", "index"]
