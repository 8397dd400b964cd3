"""Clinical performance over the API (/api/v1/clinical-performance): the same rules and access as the pages."""

from ninja import Router

PREFIX = "/clinical-performance"
router = Router(tags=["clinical_performance"])

# Imported after the router exists: each module adds its endpoints to it.
from . import audits, results  # noqa: E402, F401
