"""The audit trail's keyed hashes: entries, the chain head and checkpoints are sealed with
HMAC-SHA256 under ``OVERSIGHT_AUDIT_KEY``, a key held outside the database.

A plain SHA-256 chain can be recomputed by anyone who can write the table, so an edit followed by
re-hashing every later entry would pass. With a key, sealing an entry needs the key as well as the
database. Each use has its own label (``entry``, ``head``, ``checkpoint``) in the sealed text, so a
seal made for one can never be passed off as another.

Entries written before the key existed were sealed with plain SHA-256; they keep it, and are
checked as such up to the chain head's ``keyed_from_sequence`` (docs/foundation.md, "Keying").
"""

from __future__ import annotations

import hashlib
import hmac
import json

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

GENESIS_HASH = "0" * 64


def audit_key() -> bytes:
    key = settings.OVERSIGHT_AUDIT_KEY
    if not key:
        raise ImproperlyConfigured("OVERSIGHT_AUDIT_KEY is not set: the audit trail cannot seal its entries")
    return key.encode()


def canonical(fields: dict) -> str:
    """A stable text form of ``fields`` (sorted keys, no spaces), the text every seal covers."""
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), default=str)


def seal(label: str, fields: dict) -> str:
    """HMAC-SHA256 of ``fields`` for the use ``label``, under the audit key (hex)."""
    message = f"oversight audit {label}\n{canonical(fields)}".encode()
    return hmac.new(audit_key(), message, hashlib.sha256).hexdigest()


def plain_hash(content: str) -> str:
    """The unkeyed SHA-256 of entries written before the key existed."""
    return hashlib.sha256(content.encode()).hexdigest()


def matches(expected: str, actual: str) -> bool:
    return hmac.compare_digest(expected.encode(), (actual or "").encode())


def head_fields(last_sequence: int, last_hash: str, keyed_from_sequence: int) -> dict:
    return {"last_sequence": last_sequence, "last_hash": last_hash, "keyed_from_sequence": keyed_from_sequence}
