"""The only writers of professional standards records; each write is audited (oversight.audit.auditor)."""
