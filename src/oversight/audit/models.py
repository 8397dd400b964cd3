"""The append-only, hash-chained audit trail.

Each entry stores the hash of the entry before it, and its own hash over its content and
that link. Editing or deleting any entry breaks the chain at that point, which
``oversight audit verify`` reports. Database triggers (see the migration) refuse UPDATE and
DELETE on the table, so tampering needs someone able to drop them; the chain catches that.
"""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.db import models

GENESIS_HASH = "0" * 64


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

    def canonical_content(self) -> str:
        """Everything the hash protects, in a stable text form."""
        return json.dumps(
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
            },
            sort_keys=True,
            separators=(",", ":"),
            default=str,
        )

    def compute_hash(self) -> str:
        return hashlib.sha256(self.canonical_content().encode()).hexdigest()

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("Audit entries are append-only and cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit entries are append-only and cannot be deleted")


class AuditChainHead(models.Model):
    """One row holding the latest hash: locking it serialises appends on PostgreSQL."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_sequence = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)
