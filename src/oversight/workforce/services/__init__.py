"""The only writers of workforce records; each write is audited."""

from .checks import record_dbs_check, record_indemnity, record_training
from .clinicians import REGISTER_FIELDS, add_clinician, set_organisations_worked_at, update_clinician

__all__ = ["REGISTER_FIELDS", "add_clinician", "record_dbs_check", "record_indemnity", "record_training",
           "set_organisations_worked_at", "update_clinician"]
