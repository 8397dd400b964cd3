"""The error every clinician audit rule raises: a plain-English message and, when one field is at
fault, its name (the form shows it on that field, the API returns it in a 422)."""

from __future__ import annotations


class AuditRuleError(ValueError):
    def __init__(self, message: str, *, field: str = "__all__"):
        super().__init__(message)
        self.message = message
        self.field = field
