"""Workforce pages: the landing page and the clinician records."""

from .clinicians import clinician_detail, clinician_edit, clinician_list, clinician_list_csv, clinician_new
from .landing import index
from .register_import import register_import

__all__ = ["clinician_detail", "clinician_edit", "clinician_list", "clinician_list_csv", "clinician_new", "index",
           "register_import"]
