"""Professional standards over the API (/api/v1/professional-standards): the same rules and access as
the pages (access.py), each read of one doctor audited like the page."""

from ninja import Router

PREFIX = "/professional-standards"
router = Router(tags=["professional_standards"])

# Imported after the router exists: each module adds its endpoints to it.
from . import appraisals, record, revalidation  # noqa: E402, F401
