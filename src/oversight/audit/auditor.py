"""The one way entries are written to the audit trail, and the one way governed records are written.

Services call the Auditor right where they change data, inside their transaction:
``auditor.create(incident)``, ``auditor.update(incident)``, ``auditor.delete(narrative)``; a bulk write
runs inside ``Auditor.bulk(...)``, which records one entry covering it. Each call saves the record and
appends its entry to the hash chain together, so a reader of a service sees every audited write
(docs/adr/0001-explicit-audit.md).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import IntegrityError, router, transaction
from django.db.models import Model
from django.db.models.deletion import Collector
from django.utils import timezone

from .context import Actor, current_actor
from .governed import BulkScope, GovernedRecord, auditor_writing, bulk_scope
from .models import AuditAction, AuditChainHead, AuditEntry


class AuditorError(RuntimeError):
    """Raised when an action cannot be attributed to a person or a named system."""


class AuditChainBroken(AuditorError):
    """The chain head is missing or its seal does not match: appending would bless the tampering."""


@dataclass
class Auditor:
    """Records actions. Refuses one that has no actor and no system id: every change is
    attributable (after NHS England's manage-breast-screening Auditor)."""

    actor: Actor

    @classmethod
    def for_current(cls) -> Auditor:
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
            object_repr = object_repr or describe(obj)
            organisation_code = organisation_code or _organisation_code_of(obj)
        with transaction.atomic():
            head = _locked_head()
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
            entry.entry_hash = entry.compute_hash(keyed=head.is_keyed(entry.sequence))
            entry.save(force_insert=True)
            head.advance_to(entry)
        return entry

    # --- writes of governed records ------------------------------------------------------------

    def create(self, instance: GovernedRecord, *, reason: str = "") -> AuditEntry:
        """Save ``instance`` as a new record and record its creation, with every field's value
        (redacted fields as "[changed]")."""
        with transaction.atomic(), auditor_writing(instance):
            instance.save(force_insert=True)
            entry = self.record(AuditAction.CREATE, instance, reason=reason, changes=instance.audit_changes(True))
        instance.refresh_audit_snapshot()
        return entry

    def update(self, instance: GovernedRecord, *, reason: str = "", update_fields=None) -> AuditEntry | None:
        """Save the changes made to ``instance`` and record them (old and new value of each field
        that changed). Nothing changed: saved, and no entry."""
        with transaction.atomic(), auditor_writing(instance):
            instance.save(update_fields=update_fields)
            changes = instance.audit_changes(False)
            entry = self.record(AuditAction.UPDATE, instance, reason=reason, changes=changes) if changes else None
        instance.refresh_audit_snapshot()
        return entry

    def delete(self, instance: GovernedRecord, *, reason: str = "") -> list[AuditEntry]:
        """Record the deletion of ``instance`` and of every governed record its deletion cascades to,
        then delete them (entries first: they need the records' keys and descriptions)."""
        with transaction.atomic():
            entries = [self.record(AuditAction.DELETE, doomed, reason=reason) for doomed in _governed_deletions(instance)]
            with auditor_writing(instance):
                instance.delete()
        return entries

    def view(self, instance, *, reason: str) -> AuditEntry:
        """Record that someone opened a confidential record, and why."""
        return self.record(AuditAction.VIEW, instance, reason=reason)

    @contextmanager
    def bulk(self, action: str, obj=None, *, models: tuple[type[Model], ...], reason: str = "",
             changes: dict | None = None, **entry) -> Iterator[BulkScope]:  # fmt: skip
        """Allow bulk query writes (``bulk_create``, ``update``, …) on ``models`` inside the block, and
        record one entry covering them when it ends, with how many rows each operation wrote. The
        writes and the entry commit together, or neither does."""
        with transaction.atomic(), bulk_scope(models) as scope:
            yield scope
            written = dict(sorted(scope.written.items()))
            self.record(action, obj, reason=reason, changes={**(changes or {}), "rows written": written}, **entry)


def _locked_head() -> AuditChainHead:
    """The chain head, locked until the entry is written. Refuses a head whose seal does not match
    (wound back, or the key changed): sealing it again would hide what was done to it."""
    head = AuditChainHead.objects.select_for_update().filter(id=1).first() or _start_chain()
    if not head.is_sealed():
        raise AuditChainBroken(
            "The audit chain head's seal does not match OVERSIGHT_AUDIT_KEY: the head was changed outside "
            "Oversight or the key has changed. Nothing more can be recorded until this is investigated: "
            "run `oversight audit verify`."
        )
    return head


def _start_chain() -> AuditChainHead:
    """A new head, only for an empty trail (the migration makes one; a test database's flush removes
    it). Over existing entries a new head would hide whatever happened to the old one. The head is
    inserted before the entries are counted: a writer that started it first has then committed its
    entry too, and this one takes that head instead."""
    head = AuditChainHead(id=1)
    head.signature = head.expected_signature()
    try:
        with transaction.atomic():
            head.save(force_insert=True)
    except IntegrityError:  # another writer started it first (PostgreSQL waited for its commit)
        return AuditChainHead.objects.select_for_update().get(id=1)
    if AuditEntry.objects.exists():  # raising rolls the new head back with the caller's transaction
        raise AuditChainBroken(
            "The audit chain head is missing (deleted outside Oversight). Nothing more can be recorded "
            "until this is investigated: run `oversight audit verify`."
        )
    return head


def describe(obj) -> str:
    """How ``obj`` reads in the audit trail: its ``audit_description()`` when it has one (governed
    records do, carrying no confidential text), else its text form."""
    describe_ = getattr(obj, "audit_description", None)
    return (describe_() if callable(describe_) else str(obj))[:300]


def _governed_deletions(instance: GovernedRecord) -> list[GovernedRecord]:
    """``instance`` and every governed record deleting it would delete with it (Django deletes cascaded
    rows in bulk, behind ``delete()``, so the Auditor finds them first)."""
    collector = Collector(using=router.db_for_write(type(instance), instance=instance), origin=instance)
    collector.collect([instance])
    doomed = [obj for model, objs in collector.data.items() if issubclass(model, GovernedRecord) for obj in objs]
    for queryset in collector.fast_deletes:
        if issubclass(queryset.model, GovernedRecord):
            doomed.extend(queryset)
    return doomed


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


# Whoever is acting now (the request's user, the command's system id) writes a governed record.


def create(instance: GovernedRecord, **kwargs) -> AuditEntry:
    return Auditor.for_current().create(instance, **kwargs)


def update(instance: GovernedRecord, **kwargs) -> AuditEntry | None:
    return Auditor.for_current().update(instance, **kwargs)


def delete(instance: GovernedRecord, **kwargs) -> list[AuditEntry]:
    return Auditor.for_current().delete(instance, **kwargs)


def view(instance, *, reason: str) -> AuditEntry:
    return Auditor.for_current().view(instance, reason=reason)


def bulk(action: str, obj=None, **kwargs):
    return Auditor.for_current().bulk(action, obj, **kwargs)


def filters_reason(query) -> str:
    """An export's or list's reason: which filters were set, never their values. Values can hold
    typed search text, and an entry with no organisation is read by the Guardian of every trust
    where its actor holds a role."""
    names = sorted({name for name, value in query.items() if value and name != "page"})
    return f"Filtered by: {', '.join(names)}" if names else "No filters"
