"""Governed records: every create, update and delete is written to the audit trail."""

from __future__ import annotations

from datetime import date, datetime, time

from django.db import models
from django.db.models.fields.files import FieldFile

from oversight.core.models import BaseModel

# Fields whose values never go into the audit trail's change list (they would copy
# confidential data into a log that more people may read). The fact of the change is kept.
REDACTED = "[changed]"


class GovernedRecord(BaseModel):
    """A record whose every change is audited. Subclasses may set:

    - ``audit_redacted_fields``: names whose values are logged as "[changed]" only;
    - ``audit_organisation_code()``: the ODS code of the organisation the record belongs to.
    """

    audit_redacted_fields: tuple[str, ...] = ()

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._audit_loaded = dict(zip(field_names, values))
        return instance

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
                changes[field.name] = _plain(new) if created else [_plain(old), _plain(new)]
        return changes

    def refresh_audit_snapshot(self) -> None:
        self._audit_loaded = {f.attname: getattr(self, f.attname) for f in self._meta.concrete_fields}


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
