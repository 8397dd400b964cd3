"""Database triggers that refuse UPDATE and DELETE on the audit table.

Used by the migration, and by tests that must put them back after a test database flush
(SQLite flushes with DELETE, which the triggers rightly refuse).
"""

from __future__ import annotations

SQL = {
    "sqlite": {
        "install": [
            "CREATE TRIGGER IF NOT EXISTS audit_entry_no_update BEFORE UPDATE ON audit_auditentry "
            "BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;",
            "CREATE TRIGGER IF NOT EXISTS audit_entry_no_delete BEFORE DELETE ON audit_auditentry "
            "BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;",
        ],
        "remove": ["DROP TRIGGER IF EXISTS audit_entry_no_update;", "DROP TRIGGER IF EXISTS audit_entry_no_delete;"],
    },
    "postgresql": {
        "install": [
            """CREATE OR REPLACE FUNCTION audit_entry_append_only() RETURNS trigger AS $$
               BEGIN RAISE EXCEPTION 'audit entries are append-only'; END; $$ LANGUAGE plpgsql;""",
            "DROP TRIGGER IF EXISTS audit_entry_append_only ON audit_auditentry;",
            "CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_auditentry "
            "FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only();",
        ],
        "remove": [
            "DROP TRIGGER IF EXISTS audit_entry_append_only ON audit_auditentry;",
            "DROP FUNCTION IF EXISTS audit_entry_append_only();",
        ],
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
