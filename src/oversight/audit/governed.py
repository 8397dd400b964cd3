"""Governed records: records whose every create, update and delete is written to the audit trail.

Nothing writes a governed record behind the audit trail's back. ``save()`` and ``delete()`` refuse
unless the Auditor is performing the write (``auditor.create``/``update``/``delete``), and the bulk
query methods (``update``, ``delete``, ``bulk_create``, ``bulk_update``) refuse unless they run inside
``Auditor.bulk(...)``, which writes the entry that covers them. See docs/adr/0001-explicit-audit.md.
"""

from __future__ import annotations

from collections import Counter
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime, time

from django.db import models
from django.db.models.fields.files import FieldFile

from oversight.core.models import BaseModel

# Fields whose values never go into the audit trail's change list (they would copy
# confidential data into a log that more people may read). The fact of the change is kept.
REDACTED = "[changed]"


class UnauditedWrite(RuntimeError):
    """A governed record was about to be written without an audit entry."""


# The instances the Auditor is saving or deleting now, and the bulk scopes open now. Context
# variables, so that one request's permission never leaks into another thread's writes.
_auditor_writing: ContextVar[tuple] = ContextVar("oversight_audit_writing", default=())
_bulk_scopes: ContextVar[tuple] = ContextVar("oversight_audit_bulk", default=())


@contextmanager
def auditor_writing(instance):
    """Let ``instance`` be saved or deleted: only the Auditor enters this, around a write it records."""
    token = _auditor_writing.set((*_auditor_writing.get(), instance))
    try:
        yield
    finally:
        _auditor_writing.reset(token)


class BulkScope:
    """The governed models a bulk write may touch, and how many rows each operation wrote (the
    figures go into the one entry that covers the bulk write)."""

    def __init__(self, models_: tuple[type[models.Model], ...]):
        self.models = {model._meta.concrete_model for model in models_}
        self.written: Counter = Counter()
        self._quiet = 0  # bulk_update counts its rows once, not again for each inner update()

    def covers(self, model) -> bool:
        return model._meta.concrete_model in self.models

    def count(self, model, operation: str, rows: int) -> None:
        if not self._quiet:
            self.written[f"{model._meta.label} {operation}"] += rows

    @contextmanager
    def quiet(self):
        self._quiet += 1
        try:
            yield
        finally:
            self._quiet -= 1


@contextmanager
def bulk_scope(models_: tuple[type[models.Model], ...]):
    scope = BulkScope(models_)
    token = _bulk_scopes.set((*_bulk_scopes.get(), scope))
    try:
        yield scope
    finally:
        _bulk_scopes.reset(token)


def _scope_for(model, operation: str) -> BulkScope:
    for scope in reversed(_bulk_scopes.get()):
        if scope.covers(model):
            return scope
    raise UnauditedWrite(
        f"{operation}() on {model._meta.label} would change rows without audit entries: run it inside "
        f"Auditor.bulk(...), which records the entry that covers it"
    )


class GovernedQuerySet(models.QuerySet):
    """Query methods that write many rows at once refuse outside ``Auditor.bulk(...)``."""

    def update(self, **kwargs):
        scope = _scope_for(self.model, "update")
        rows = super().update(**kwargs)
        scope.count(self.model, "update", rows)
        return rows

    def delete(self):
        scope = _scope_for(self.model, "delete")
        deleted, per_model = super().delete()
        for label, rows in per_model.items():
            scope.count(self.model, f"delete ({label})", rows)
        return deleted, per_model

    def bulk_create(self, objs, *args, **kwargs):
        scope = _scope_for(self.model, "bulk_create")
        created = super().bulk_create(objs, *args, **kwargs)
        scope.count(self.model, "create", len(created))
        return created

    def bulk_update(self, objs, fields, *args, **kwargs):
        scope = _scope_for(self.model, "bulk_update")
        with scope.quiet():
            rows = super().bulk_update(objs, fields, *args, **kwargs)
        scope.count(self.model, "update", rows)
        return rows


class GovernedRecord(BaseModel):
    """A record whose every change is audited. Subclasses may set:

    - ``audit_redacted_fields``: names whose values are logged as "[changed]" only;
    - ``audit_organisation_code()``: the ODS code of the organisation the record belongs to;
    - ``audit_description()``: how the record reads in the audit trail (references and kinds only,
      never patient names or free text). A subclass with its own queryset must build it on
      ``GovernedQuerySet``.
    """

    audit_redacted_fields: tuple[str, ...] = ()

    objects = GovernedQuerySet.as_manager()

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._audit_loaded = dict(zip(field_names, values, strict=True))
        return instance

    def save(self, *args, **kwargs):
        self._require_auditor("saved")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._require_auditor("deleted")
        return super().delete(*args, **kwargs)

    def _require_auditor(self, what: str) -> None:
        if not any(item is self for item in _auditor_writing.get()):
            raise UnauditedWrite(
                f"{self._meta.label} {what} without an audit entry: write it through the Auditor "
                f"(auditor.create, auditor.update or auditor.delete)"
            )

    def audit_description(self) -> str:
        """The record as the audit trail names it. By default its verbose name and reference."""
        reference = getattr(self, "reference", "")
        name = str(self._meta.verbose_name)
        return f"{name[:1].upper()}{name[1:]} {reference}".strip()

    def audit_organisation_code(self) -> str:
        organisation = getattr(self, "organisation", None)
        return getattr(organisation, "ods_code", "") if organisation is not None else ""

    def audit_changes(self, created: bool) -> dict:
        loaded = getattr(self, "_audit_loaded", {})
        changes = {}
        for field in self._meta.concrete_fields:
            if field.attname in {"created_at", "updated_at"}:
                continue
            new = getattr(self, field.attname)
            old = loaded.get(field.attname)
            if not created and _plain(old) == _plain(new):
                continue
            if field.name in self.audit_redacted_fields:
                changes[field.name] = REDACTED
            else:
                changes[field.name] = _logged(field, new) if created else [_logged(field, old), _logged(field, new)]
        return changes

    def refresh_audit_snapshot(self) -> None:
        self._audit_loaded = {f.attname: getattr(self, f.attname) for f in self._meta.concrete_fields}


# Free text longer than this is logged by its length, not copied: the audit trail is append-only, so a
# 15 MB "description" would stay in it for ever (and free text can name people).
AUDIT_TEXT_LIMIT = 200


def _logged(field, value):
    """The value as the change list records it: long free text (a TextField) as "[4,213 characters]"."""
    if isinstance(field, models.TextField) and isinstance(value, str) and len(value) > AUDIT_TEXT_LIMIT:
        return f"[{len(value):,} characters]"
    return _plain(value)


def _plain(value):
    """A JSON-safe form of a field value for the change list."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, FieldFile):
        return value.name or ""
    return str(value)  # UUID, Decimal and anything else with a faithful text form
