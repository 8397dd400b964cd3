"""The one way entries are written to the audit trail."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from .context import Actor, current_actor
from .models import AuditAction, AuditChainHead, AuditEntry


class AuditorError(RuntimeError):
    """Raised when an action cannot be attributed to a person or a named system."""


@dataclass
class Auditor:
    """Records actions. Refuses one that has no actor and no system id: every change is
    attributable (after NHS England's manage-breast-screening Auditor)."""

    actor: Actor

    @classmethod
    def for_current(cls) -> "Auditor":
        actor = current_actor()
        if actor is None:
            raise AuditorError(
                "No actor is set for this change: wrap it in audit.context.acting_as(...)"
            )
        return cls(actor)

    def record(
        self,
        action: str,
        obj=None,
        *,
        reason: str = "",
        changes: dict | None = None,
        organisation_code: str = "",
        object_type: str = "",
        object_id: str = "",
        object_repr: str = "",
    ) -> AuditEntry:
        user = self.actor.user if getattr(self.actor.user, "is_authenticated", False) else None
        if user is None and not self.actor.system_id and action not in _ANONYMOUS_ACTIONS:
            raise AuditorError(f"Refusing to record {action!r} with no actor and no system id")
        if action not in AuditAction.values:
            raise AuditorError(f"Unknown audit action {action!r}")
        if obj is not None:
            object_type = object_type or obj._meta.label
            object_id = object_id or str(obj.pk)
            object_repr = object_repr or str(obj)[:300]
            organisation_code = organisation_code or _organisation_code_of(obj)
        with transaction.atomic():
            head, _ = AuditChainHead.objects.select_for_update().get_or_create(id=1)
            entry = AuditEntry(
                sequence=head.last_sequence + 1,
                recorded_at=timezone.now(),
                actor=user,
                actor_label=self.actor.label,
                system_id=self.actor.system_id,
                action=action,
                object_type=object_type,
                object_id=object_id,
                object_repr=object_repr,
                organisation_code=organisation_code,
                reason=reason,
                changes=changes or {},
                previous_hash=head.last_hash,
            )
            entry.entry_hash = entry.compute_hash()
            entry.save(force_insert=True)
            head.last_sequence = entry.sequence
            head.last_hash = entry.entry_hash
            head.save(update_fields=["last_sequence", "last_hash"])
        return entry


# A failed sign-in has no signed-in actor; anonymous forms act as a named system instead.
_ANONYMOUS_ACTIONS = {AuditAction.SIGN_IN_FAILED}


def _organisation_code_of(obj) -> str:
    code = getattr(obj, "audit_organisation_code", None)
    if callable(code):
        return code() or ""
    return code or ""


def record(action: str, obj=None, **kwargs) -> AuditEntry:
    """Record an action by whoever is acting now."""
    return Auditor.for_current().record(action, obj, **kwargs)
