"""Database triggers that keep the audit trail append-only.

The entries refuse UPDATE and DELETE (and TRUNCATE on PostgreSQL). The chain head refuses DELETE
(and TRUNCATE), and an UPDATE only moves it forward: its sequence must grow, to the newest entry,
with that entry's hash, and the "keyed from" marker never changes. So a database user without the
right to drop triggers can only append; one with it is caught by the keyed chain and the checkpoints.

Used by the migrations, and by tests that must lift them for a test database flush (SQLite flushes
with DELETE, PostgreSQL with TRUNCATE, which the triggers rightly refuse) and put them back.
A migration that rebuilds either table on SQLite drops its triggers: it must call ``install`` again.
"""

from __future__ import annotations

_HEAD_MOVES_FORWARD_ONLY = (
    "NEW.id <> OLD.id OR NEW.keyed_from_sequence <> OLD.keyed_from_sequence"
    " OR NEW.last_sequence <= OLD.last_sequence"
    " OR NEW.last_sequence <> (SELECT MAX(sequence) FROM audit_auditentry)"
    " OR NEW.last_hash IS DISTINCT FROM (SELECT entry_hash FROM audit_auditentry WHERE sequence = NEW.last_sequence)"
)

SQL = {
    "sqlite": {
        "install": [
            "CREATE TRIGGER IF NOT EXISTS audit_entry_no_update BEFORE UPDATE ON audit_auditentry "
            "BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;",
            "CREATE TRIGGER IF NOT EXISTS audit_entry_no_delete BEFORE DELETE ON audit_auditentry "
            "BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;",
            "CREATE TRIGGER IF NOT EXISTS audit_head_no_delete BEFORE DELETE ON audit_auditchainhead "
            "BEGIN SELECT RAISE(ABORT, 'the audit chain head cannot be deleted'); END;",
            "CREATE TRIGGER IF NOT EXISTS audit_head_forward_only BEFORE UPDATE ON audit_auditchainhead "
            f"WHEN {_HEAD_MOVES_FORWARD_ONLY.replace('IS DISTINCT FROM', 'IS NOT')} "
            "BEGIN SELECT RAISE(ABORT, 'the audit chain head only moves forward, to the newest entry'); END;",
        ],
        "remove": [
            "DROP TRIGGER IF EXISTS audit_entry_no_update;",
            "DROP TRIGGER IF EXISTS audit_entry_no_delete;",
            "DROP TRIGGER IF EXISTS audit_head_no_delete;",
            "DROP TRIGGER IF EXISTS audit_head_forward_only;",
        ],
        "installed": "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'audit_%'",
        "expected": 4,
    },
    "postgresql": {
        "install": [
            """CREATE OR REPLACE FUNCTION audit_entry_append_only() RETURNS trigger AS $$
               BEGIN RAISE EXCEPTION 'audit entries are append-only'; END; $$ LANGUAGE plpgsql;""",
            "DROP TRIGGER IF EXISTS audit_entry_append_only ON audit_auditentry;",
            "CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_auditentry "
            "FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only();",
            "DROP TRIGGER IF EXISTS audit_entry_no_truncate ON audit_auditentry;",
            "CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_auditentry "
            "FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_append_only();",
            f"""CREATE OR REPLACE FUNCTION audit_head_forward_only() RETURNS trigger AS $$
               BEGIN
                 IF TG_OP <> 'UPDATE' THEN RAISE EXCEPTION 'the audit chain head cannot be deleted'; END IF;
                 IF {_HEAD_MOVES_FORWARD_ONLY} THEN
                   RAISE EXCEPTION 'the audit chain head only moves forward, to the newest entry';
                 END IF;
                 RETURN NEW;
               END; $$ LANGUAGE plpgsql;""",
            "DROP TRIGGER IF EXISTS audit_head_forward_only ON audit_auditchainhead;",
            "CREATE TRIGGER audit_head_forward_only BEFORE UPDATE OR DELETE ON audit_auditchainhead "
            "FOR EACH ROW EXECUTE FUNCTION audit_head_forward_only();",
            "DROP TRIGGER IF EXISTS audit_head_no_truncate ON audit_auditchainhead;",
            "CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON audit_auditchainhead "
            "FOR EACH STATEMENT EXECUTE FUNCTION audit_head_forward_only();",
        ],
        "remove": [
            "DROP TRIGGER IF EXISTS audit_entry_append_only ON audit_auditentry;",
            "DROP TRIGGER IF EXISTS audit_entry_no_truncate ON audit_auditentry;",
            "DROP TRIGGER IF EXISTS audit_head_forward_only ON audit_auditchainhead;",
            "DROP TRIGGER IF EXISTS audit_head_no_truncate ON audit_auditchainhead;",
            "DROP FUNCTION IF EXISTS audit_entry_append_only();",
            "DROP FUNCTION IF EXISTS audit_head_forward_only();",
        ],
        "installed": "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgname LIKE 'audit_%'",
        "expected": 4,
    },
}


def _execute(connection, step: str) -> None:
    statements = SQL.get(connection.vendor, {}).get(step, [])
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def install(connection) -> None:
    _execute(connection, "install")


def remove(connection) -> None:
    _execute(connection, "remove")


def installed(connection) -> bool | None:
    """Whether every trigger is in place; None on a database this module has no triggers for."""
    vendor = SQL.get(connection.vendor)
    if vendor is None:
        return None
    with connection.cursor() as cursor:
        cursor.execute(vendor["installed"])
        return len(cursor.fetchall()) == vendor["expected"]
