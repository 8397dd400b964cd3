"""Reports over the API (named in oversight.config.api ROUTERS)."""

from .reports import PREFIX, router

__all__ = ["PREFIX", "router"]
