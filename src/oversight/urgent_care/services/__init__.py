"""The only writers of this app's records; each write is audited (oversight.audit.auditor)."""

from .calls import CallDataRefused, load_call_events
from .jobs import queue_call_load, start_in_process_worker

__all__ = ["CallDataRefused", "load_call_events", "queue_call_load", "start_in_process_worker"]
