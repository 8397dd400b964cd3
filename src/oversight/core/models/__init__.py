"""Core models: the abstract base every domain app's models build on."""

from .base import BaseModel

__all__ = ["BaseModel"]
