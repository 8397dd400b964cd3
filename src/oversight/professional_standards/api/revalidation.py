"""Endpoints: see the package docstring."""

from . import router  # noqa: F401
