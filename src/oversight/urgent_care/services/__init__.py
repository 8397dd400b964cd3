"""The only writers of this app's records; each write is audited (oversight.audit.auditor)."""

from .calls import CallDataRefused, load_call_events

__all__ = ["CallDataRefused", "load_call_events"]
