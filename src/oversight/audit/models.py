"""The append-only, hash-chained audit trail.

Each entry stores the hash of the entry before it, and its own hash over its content and
that link, keyed with the audit key (HMAC-SHA256, ``keys.py``). Editing or deleting any entry
breaks the chain at that point, and re-hashing the entries after it needs the key, which the
database does not hold; ``oversight audit verify`` reports each break. The chain head (the
newest sequence and hash) is sealed with the key too. Database triggers (``append_only.py``)
refuse UPDATE and DELETE on the entries, refuse deleting the head and let it move only forward,
so tampering needs someone able to drop them; the keyed chain and the checkpoints catch that.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from . import keys
from .keys import GENESIS_HASH

__all__ = ["GENESIS_HASH", "AuditAction", "AuditChainHead", "AuditEntry"]


class AuditAction(models.TextChoices):
    CREATE = "create", "Created"
    UPDATE = "update", "Updated"
    DELETE = "delete", "Deleted"
    VIEW = "view", "Viewed confidential record"
    EXPORT = "export", "Exported"
    SIGN_IN = "sign_in", "Signed in"
    SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
    SIGN_OUT = "sign_out", "Signed out"
    GRANT = "grant", "Role granted"
    REVOKE = "revoke", "Role revoked"
    TOKEN = "token", "API token issued"
    TOKEN_REVOKED = "token_revoked", "API token revoked"
    INGEST = "ingest", "Data loaded"


class AuditEntry(models.Model):
    sequence = models.BigAutoField(primary_key=True)
    recorded_at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The actor as text too, so the entry still reads correctly if the account changes.
    actor_label = models.CharField(max_length=200)
    system_id = models.CharField(max_length=100, blank=True)
    action = models.CharField(max_length=20, choices=AuditAction.choices)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=100, blank=True)
    object_repr = models.CharField(max_length=300, blank=True)
    organisation_code = models.CharField(max_length=20, blank=True, db_index=True)
    reason = models.TextField(blank=True)
    changes = models.JSONField(default=dict, blank=True)
    previous_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["-sequence"]
        indexes = [models.Index(fields=["object_type", "object_id"]), models.Index(fields=["recorded_at"])]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"#{self.sequence} {self.actor_label} {self.action} {self.object_type} {self.object_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("Audit entries are append-only and cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit entries are append-only and cannot be deleted")

    def canonical_content(self) -> str:
        """Everything the hash protects, in a stable text form."""
        return keys.canonical(
            {
                "sequence": self.sequence,
                "recorded_at": self.recorded_at.isoformat(),
                "actor_id": self.actor_id,
                "actor_label": self.actor_label,
                "system_id": self.system_id,
                "action": self.action,
                "object_type": self.object_type,
                "object_id": self.object_id,
                "object_repr": self.object_repr,
                "organisation_code": self.organisation_code,
                "reason": self.reason,
                "changes": self.changes,
                "previous_hash": self.previous_hash,
            }
        )

    def compute_hash(self, *, keyed: bool = True) -> str:
        """The entry's seal: HMAC under the audit key, or plain SHA-256 for an entry written before
        the key existed (``keyed=False``, only below the head's ``keyed_from_sequence``)."""
        content = self.canonical_content()
        return keys.seal("entry", {"content": content}) if keyed else keys.plain_hash(content)


class AuditChainHead(models.Model):
    """One row holding the newest sequence and hash: locking it serialises appends on PostgreSQL.

    Its ``signature`` seals those with the audit key, so winding the head back (to hide entries
    deleted from the end) needs the key. ``keyed_from_sequence`` is the first entry sealed with the
    key; entries before it were written before the key existed and keep plain SHA-256.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_sequence = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)
    keyed_from_sequence = models.BigIntegerField(default=1)
    signature = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return f"audit chain head at entry {self.last_sequence}"

    def is_keyed(self, sequence: int) -> bool:
        return sequence >= self.keyed_from_sequence

    def expected_signature(self) -> str:
        return keys.seal("head", keys.head_fields(self.last_sequence, self.last_hash, self.keyed_from_sequence))

    def is_sealed(self) -> bool:
        return keys.matches(self.expected_signature(), self.signature)

    def advance_to(self, entry: AuditEntry) -> None:
        """Move the head to ``entry`` (just appended) and seal it again."""
        self.last_sequence = entry.sequence
        self.last_hash = entry.entry_hash
        self.signature = self.expected_signature()
        self.save(update_fields=["last_sequence", "last_hash", "signature"])
