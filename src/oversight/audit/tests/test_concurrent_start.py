"""Two writers reaching an empty trail at once both record their entry: one starts the chain head and
the other waits for it, as ``get_or_create`` did before the head was sealed. PostgreSQL only: SQLite's
IMMEDIATE transactions let one writer in at a time, so there the race cannot happen."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from oversight.audit.auditor import record
from oversight.audit.context import acting_as, system_actor
from oversight.audit.models import AuditAction, AuditEntry
from oversight.audit.testing import allow_test_database_flush
from oversight.audit.verify import verify_chain

WRITERS = 4

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgresql  # SQLite serialises writers: no race to test,
]


def test_two_first_writers_on_an_empty_trail_both_record():
    allow_test_database_flush()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry")
        cursor.execute("DELETE FROM audit_auditchainhead")
    errors: list[BaseException] = []
    barrier = threading.Barrier(WRITERS)

    def write(n: int) -> None:
        try:
            barrier.wait()
            with acting_as(system_actor(f"writer-{n}")):
                record(AuditAction.INGEST, object_type="file", object_id=str(n))
        except BaseException as error:  # collected and asserted below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(AuditEntry.objects.values_list("sequence", flat=True)) == list(range(1, WRITERS + 1))
    assert verify_chain().intact
