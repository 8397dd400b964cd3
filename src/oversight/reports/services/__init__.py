"""Saving a report's template and narratives: the only writers of report records, each write audited."""

from .narratives import narratives_for, save_narratives
from .templates import save_template, template_for

__all__ = ["narratives_for", "save_narratives", "save_template", "template_for"]
