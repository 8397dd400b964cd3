"""Rate limits on the public incident report form, which anyone can use without signing in: a few
reports from one address in 10 minutes, and a ceiling per organisation in an hour, so a script cannot
flood a trust's incident list (and its append-only audit trail).

The counts live in Django's cache (``CACHES``; the database cache by default, so every worker process
shares them). Counting is best effort: two reports at the same instant may both be let in, and if the
cache cannot be reached the report is still accepted, since a lost patient safety report costs more
than a missed count."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError

logger = logging.getLogger(__name__)

ADDRESS_WINDOW_SECONDS = 10 * 60
ORGANISATION_WINDOW_SECONDS = 60 * 60


@dataclass(frozen=True)
class Limit:
    key: str
    allowed: int
    window_seconds: int
    wait: str  # for the page: how long until another report is accepted, at most


def report_limits(request, organisation) -> list[Limit]:
    """The limits a report about ``organisation`` from this request counts against."""
    # The address as the sign-in lockout sees it: the connection's, or the one the trusted proxies give.
    address = get_client_ip_address(request) or "unknown"
    return [
        Limit(f"incident-report:address:{address}", settings.OVERSIGHT_REPORTS_PER_ADDRESS,
              ADDRESS_WINDOW_SECONDS, "10 minutes"),
        Limit(f"incident-report:organisation:{organisation.pk}", settings.OVERSIGHT_REPORTS_PER_ORGANISATION,
              ORGANISATION_WINDOW_SECONDS, "an hour"),
    ]


def limit_reached(limits: list[Limit]) -> Limit | None:
    """The first limit already used up, or None."""
    try:
        counts = cache.get_many([limit.key for limit in limits])
    except DatabaseError:
        logger.exception("incident report rate limits could not be read; the report is accepted")
        return None
    return next((limit for limit in limits if counts.get(limit.key, 0) >= limit.allowed), None)


def count_report(limits: list[Limit]) -> None:
    """Count one accepted report against each limit (a window starts with its first report)."""
    try:
        for limit in limits:
            if not cache.add(limit.key, 1, timeout=limit.window_seconds):
                cache.incr(limit.key)
    except (DatabaseError, ValueError):  # ValueError: the key expired between add and incr
        logger.warning("an incident report could not be counted against the rate limits", exc_info=True)
