"""The only writers of workforce records; each write is audited."""

from .checks import record_dbs_check, record_indemnity, record_training
from .clinicians import add_clinician

__all__ = ["add_clinician", "record_dbs_check", "record_indemnity", "record_training"]
