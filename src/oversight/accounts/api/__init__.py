"""Accounts over the API (named in oversight.config.api ROUTERS)."""

from .me import PREFIX, router

__all__ = ["PREFIX", "router"]
