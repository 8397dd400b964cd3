"""The only writers of workforce records; each write is audited."""

from .clinicians import add_clinician

__all__ = ["add_clinician"]
