"""Writing governed test data: through the Auditor like everything else, as whoever is acting or
as the named system "test-data" (governed records refuse any other way in)."""

from __future__ import annotations

from .auditor import Auditor
from .context import current_actor, system_actor
from .governed import GovernedRecord


def _auditor() -> Auditor:
    return Auditor(current_actor() or system_actor("test-data"))


def create_record(instance: GovernedRecord) -> GovernedRecord:
    _auditor().create(instance)
    return instance


def update_record(instance: GovernedRecord) -> GovernedRecord:
    _auditor().update(instance)
    return instance


def bulk_writes(*models):
    """Let a test set up data with bulk query writes on ``models``, covered by one entry."""
    from .models import AuditAction

    return _auditor().bulk(AuditAction.UPDATE, models=models, object_type="test data", object_repr="test data set up")


def allow_test_database_flush() -> None:
    """Lift the audit tables' append-only triggers so that a transactional test's flush can empty them
    (SQLite flushes with DELETE, PostgreSQL with TRUNCATE, both rightly refused). Call it from the
    test, or a fixture that requests ``transactional_db``; the audit tests put the triggers back."""
    from django.db import connection

    from .append_only import remove

    remove(connection)
