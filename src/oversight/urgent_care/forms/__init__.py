"""Forms on the NHS.UK form kit (oversight.core.forms)."""

from .filters import KPIFilterForm
from .upload import CallEventsUploadForm

__all__ = ["CallEventsUploadForm", "KPIFilterForm"]
