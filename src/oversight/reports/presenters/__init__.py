"""What the report pages show, kept out of the templates."""

from .template import template_choices

__all__ = ["template_choices"]
