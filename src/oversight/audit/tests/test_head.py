"""The chain head is protected like the entries: the database refuses deleting it and lets it move only
forward, and the Auditor refuses to append to a head that is missing or whose seal does not match
(sealing it again would bless whatever was done to it)."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from oversight.audit import append_only
from oversight.audit.auditor import AuditChainBroken, record
from oversight.audit.context import acting_as, system_actor
from oversight.audit.models import AuditAction, AuditChainHead, AuditEntry

from . import tampering

pytestmark = pytest.mark.django_db


def _write(n: int) -> None:
    with acting_as(system_actor("test")):
        for i in range(n):
            record(AuditAction.INGEST, object_type="file", object_id=str(i))


@pytest.fixture
def protected():
    append_only.install(connection)  # a browser test's flush may have lifted them (SQLite)
    _write(3)


def _refused(sql: str, params=()) -> None:
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_the_database_refuses_deleting_the_head(protected):
    _refused("DELETE FROM audit_auditchainhead")


def test_the_database_refuses_winding_the_head_back(protected):
    first = AuditEntry.objects.get(sequence=1)
    _refused("UPDATE audit_auditchainhead SET last_sequence = 1, last_hash = %s", [first.entry_hash])


def test_the_database_refuses_moving_the_head_to_anything_but_the_newest_entry(protected):
    _refused("UPDATE audit_auditchainhead SET last_sequence = 4")  # no entry 4
    _refused("UPDATE audit_auditchainhead SET signature = 'x'")  # sequence must grow
    with acting_as(system_actor("test")):
        record(AuditAction.INGEST, object_type="file")  # the Auditor's own move is forward: allowed
    newest = AuditEntry.objects.get(sequence=4)
    _refused("UPDATE audit_auditchainhead SET last_sequence = 5, last_hash = %s", [newest.entry_hash])


def test_the_database_refuses_moving_the_keyed_from_marker(protected):
    with connection.cursor() as cursor:  # an entry written straight into the table, to move forward to
        cursor.execute("INSERT INTO audit_auditentry (sequence, recorded_at, actor_label, system_id, action, "
                       "object_type, object_id, object_repr, organisation_code, reason, changes, previous_hash, "
                       "entry_hash) VALUES (4, '2026-12-01 09:00:00+00:00', 'x', '', 'ingest', '', '', '', '', '', "
                       "'{}', 'a', 'b')")
    _refused("UPDATE audit_auditchainhead SET last_sequence = 4, last_hash = 'b', keyed_from_sequence = 5")


@pytest.mark.postgresql  # TRUNCATE is PostgreSQL's; SQLite has none
def test_postgresql_refuses_truncating_the_audit_tables(protected):
    _refused("TRUNCATE audit_auditentry")
    _refused("TRUNCATE audit_auditchainhead")


def test_the_auditor_refuses_a_head_wound_back():
    _write(5)
    tampering.execute("DELETE FROM audit_auditentry WHERE sequence >= 4")
    tampering.rewind_head_to(3)
    with pytest.raises(AuditChainBroken, match="seal does not match"):
        _write(1)
    assert AuditEntry.objects.count() == 3


def test_the_auditor_refuses_a_missing_head_over_existing_entries():
    _write(2)
    tampering.execute("DELETE FROM audit_auditchainhead")
    with pytest.raises(AuditChainBroken, match="head is missing"):
        _write(1)


def test_the_auditor_starts_a_head_on_an_empty_trail():
    tampering.execute("DELETE FROM audit_auditchainhead")  # as a test database's flush leaves it
    _write(1)
    head = AuditChainHead.objects.get()
    assert (head.last_sequence, head.keyed_from_sequence) == (1, 1) and head.is_sealed()


def test_the_head_is_sealed_with_the_key(settings):
    _write(2)
    head = AuditChainHead.objects.get()
    assert head.is_sealed()
    settings.OVERSIGHT_AUDIT_KEY = "another-key"
    assert not head.is_sealed()
