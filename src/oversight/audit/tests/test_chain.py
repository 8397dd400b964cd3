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


def _drop_triggers():
    """What someone with database administrator rights could do."""
    append_only.remove(connection)


def test_chain_links_each_entry_to_the_one_before():
    _write(3)
    entries = list(AuditEntry.objects.order_by("sequence"))
    assert [e.sequence for e in entries] == [1, 2, 3]
    assert entries[1].previous_hash == entries[0].entry_hash
    assert entries[2].previous_hash == entries[1].entry_hash
    report = verify_chain()
    assert report.intact and report.entries_checked == 3


def test_edited_entry_is_named():
    _write(5)
    _drop_triggers()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET reason = 'nothing to see' WHERE sequence = 3")
    report = verify_chain()
    assert [str(p) for p in report.problems] == ["entry 3: content edited: its hash no longer matches"]


def test_deleted_entry_is_named():
    _write(5)
    _drop_triggers()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE sequence = 2")
    problems = [str(p) for p in verify_chain().problems]
    assert problems[0] == "entry 2: entry 2 deleted"
    assert any(p.startswith("entry 3: link to the previous entry") for p in problems)


def test_entries_deleted_from_the_end_are_named():
    _write(5)
    _drop_triggers()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE sequence >= 4")
    assert [str(p) for p in verify_chain().problems] == ["entry 4: entries 4–5 deleted from the end"]


def test_database_refuses_update_and_delete():
    append_only.install(connection)  # a browser test's flush may have removed them (SQLite)
    _write(1)
    with pytest.raises(DB_REFUSALS), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE audit_auditentry SET reason = 'x'")
    with pytest.raises(DB_REFUSALS), transaction.atomic():
        with connection.cursor() as cursor:
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


def test_cli_verify_exit_codes(capsys):
    from oversight.cli import main

    _write(3)
    assert main(["audit", "verify"]) == 0
    assert "intact: 3 entries" in capsys.readouterr().out
    _drop_triggers()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET actor_label = 'someone else' WHERE sequence = 2")
    assert main(["audit", "verify"]) == 1
    assert "entry 2: content edited" in capsys.readouterr().out
