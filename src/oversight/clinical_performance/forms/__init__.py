"""Forms on the NHS.UK form kit (oversight.core.forms)."""

from .audits import (
    ConsultationImportForm,
    DrawSampleForm,
    PanelForm,
    ReflectionForm,
    ReleaseForm,
    RoundForm,
    ScreenForm,
)

__all__ = ["ConsultationImportForm", "DrawSampleForm", "PanelForm", "ReflectionForm", "ReleaseForm", "RoundForm",
           "ScreenForm"]
