"""The home dashboard, the service's information pages and its error pages."""

from .errors import page_not_found, permission_denied, server_error
from .pages import about, accessibility, health, home, privacy

__all__ = ["about", "accessibility", "health", "home", "page_not_found", "permission_denied", "privacy", "server_error"]
