"""The workforce over the API (/api/v1/workforce): the same rules and access as the pages."""

from ninja import Router

PREFIX = "/workforce"
router = Router(tags=["workforce"])

# Imported after the router exists: each module adds its endpoints to it.
from . import checks, clinicians  # noqa: E402, F401
