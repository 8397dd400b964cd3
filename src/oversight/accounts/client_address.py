"""The client's address, as the sign-in lockout, the public form's rate limits and the audit trail see it.

With no trusted proxy (``OVERSIGHT_TRUSTED_PROXIES`` = 0) it is the connection's own address, which a
client cannot forge. Behind N reverse proxies that each append the address they received from to
``X-Forwarded-For``, the client's address is the N-th entry from the right: everything to the left
of it was written by the client and may be forged, so it is never read.
"""

from __future__ import annotations

from ipaddress import ip_address

from django.conf import settings


def client_address(request) -> str | None:
    remote = request.META.get("REMOTE_ADDR")
    proxies = settings.OVERSIGHT_TRUSTED_PROXIES
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < proxies:
        return remote  # fewer hops than configured: not from behind our proxies
    candidate = forwarded[-proxies]
    try:
        return str(ip_address(candidate))
    except ValueError:
        return remote
