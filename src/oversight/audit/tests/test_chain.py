import pytest
from django.db import DatabaseError, connection, transaction

from oversight.audit import append_only
from oversight.audit.auditor import Auditor, AuditorError, record
from oversight.audit.context import Actor, acting_as, system_actor
from oversight.audit.models import AuditAction, AuditEntry
from oversight.audit.verify import verify_chain
from oversight.testing.factories import UserFactory

pytestmark = pytest.mark.django_db

DB_REFUSALS = DatabaseError


def _write(n=5):
    with acting_as(system_actor("test")):
        for i in range(n):
            record(AuditAction.INGEST, object_type="file", object_id=str(i), object_repr=f"file {i}")


def test_chain_links_each_entry_to_the_one_before():
    _write(3)
    entries = list(AuditEntry.objects.order_by("sequence"))
    assert [e.sequence for e in entries] == [1, 2, 3]
    assert entries[1].previous_hash == entries[0].entry_hash
    assert entries[2].previous_hash == entries[1].entry_hash
    report = verify_chain()
    assert report.intact and report.entries_checked == 3
    # Tampering with the chain, its head and its checkpoints: test_tampering.py, test_head.py.


def test_database_refuses_update_and_delete():
    append_only.install(connection)  # a browser test's flush may have removed them (SQLite)
    _write(1)
    with pytest.raises(DB_REFUSALS), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET reason = 'x'")
    with pytest.raises(DB_REFUSALS), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry")


def test_model_refuses_update_and_delete():
    _write(1)
    entry = AuditEntry.objects.get()
    entry.reason = "changed"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()


def test_auditor_refuses_an_unattributable_action():
    with pytest.raises(AuditorError):
        Auditor(Actor()).record(AuditAction.UPDATE, object_type="x")
    with pytest.raises(AuditorError, match="No actor"):
        record(AuditAction.UPDATE, object_type="x")


def test_actor_is_the_signed_in_user():
    user = UserFactory(username="dr.who")
    with acting_as(Actor(user=user)):
        entry = record(AuditAction.VIEW, object_type="incident", object_id="1", reason="reviewing for panel")
    assert (entry.actor, entry.actor_label, entry.reason) == (user, "dr.who", "reviewing for panel")
