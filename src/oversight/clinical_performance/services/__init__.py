"""The only writers of this app's records; each write is audited (oversight.audit.auditor)."""
