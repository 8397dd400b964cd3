"""Governance over the API (/api/v1/governance): the same operations, rules and access as the pages.

Validation runs through the same Django forms and services as the pages, so a bad value gets the
same message; it comes back as 422 with the field named in ``loc``. Patient details are never in a
list or a case; ``POST .../patient-details`` with a reason returns them and logs the view.
"""

from ninja import Router

PREFIX = "/governance"
router = Router(tags=["governance"])

# Imported after the router exists: each module adds its endpoints to it.
from . import actions, complaints, concerns, incidents, metrics, mhps  # noqa: E402, F401
