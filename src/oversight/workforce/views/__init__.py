"""Workforce pages: the landing page and the clinician records."""

from .clinicians import clinician_list, clinician_new
from .landing import index

__all__ = ["clinician_list", "clinician_new", "index"]
