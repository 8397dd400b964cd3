"""Organisations over the API (named in oversight.config.api ROUTERS)."""

from .organisations import PREFIX, router

__all__ = ["PREFIX", "router"]
