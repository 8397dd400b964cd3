"""What an attacker with the database's administrator rights, but not the audit key, can do to the
audit tables: the moves the tampering tests make, in SQL, as such a person would."""

from __future__ import annotations

from django.db import connection

from oversight.audit import append_only, keys
from oversight.audit.auditor import record
from oversight.audit.context import acting_as, system_actor
from oversight.audit.models import AuditAction, AuditEntry


def write_entries(n: int) -> None:
    """n ordinary entries, as a system would write them."""
    with acting_as(system_actor("test")):
        for i in range(n):
            record(AuditAction.INGEST, object_type="file", object_id=str(i), object_repr=f"file {i}")


def drop_triggers() -> None:
    append_only.remove(connection)


def execute(sql: str, params=()) -> None:
    drop_triggers()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def head_row() -> tuple:
    """The head row as it stands, as someone might copy it to put back later."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT last_sequence, last_hash, keyed_from_sequence, signature FROM audit_auditchainhead")
        return cursor.fetchone()


def put_back_head(row: tuple) -> None:
    execute("UPDATE audit_auditchainhead SET last_sequence = %s, last_hash = %s, keyed_from_sequence = %s, "
            "signature = %s", row)


def rewind_head_to(sequence: int) -> None:
    """Wind the head back to ``sequence``, keeping its old seal (the attacker has no key to make one)."""
    entry_hash = AuditEntry.objects.get(sequence=sequence).entry_hash if sequence else keys.GENESIS_HASH
    execute("UPDATE audit_auditchainhead SET last_sequence = %s, last_hash = %s", [sequence, entry_hash])


def edit_and_rehash_from(sequence: int, reason: str) -> None:
    """Edit entry ``sequence`` and re-hash it and every entry after it with plain SHA-256 (all one can
    do without the key), moving the head's hash along as the old code did."""
    drop_triggers()
    previous = AuditEntry.objects.get(sequence=sequence - 1).entry_hash if sequence > 1 else keys.GENESIS_HASH
    for entry in AuditEntry.objects.filter(sequence__gte=sequence).order_by("sequence"):
        if entry.sequence == sequence:
            entry.reason = reason
        entry.previous_hash = previous
        entry.entry_hash = entry.compute_hash(keyed=False)
        execute("UPDATE audit_auditentry SET reason = %s, previous_hash = %s, entry_hash = %s WHERE sequence = %s",
                [entry.reason, entry.previous_hash, entry.entry_hash, entry.sequence])
        previous = entry.entry_hash
    execute("UPDATE audit_auditchainhead SET last_hash = %s", [previous])
