"""SQLite, the embedded default, copes with ordinary concurrency (issue 12, point 8): write-ahead logging,
IMMEDIATE transactions and a busy timeout, so simultaneous writers wait their turn instead of failing."""

from __future__ import annotations

import sqlite3
import threading

import pytest
from django.conf import settings
from django.db import connections, transaction


def test_sqlite_uses_wal_immediate_transactions_and_a_busy_timeout():
    options = settings.SQLITE_OPTIONS
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        assert settings.DATABASES["default"]["OPTIONS"] == options
    assert options["transaction_mode"] == "IMMEDIATE" and options["timeout"] >= 5
    assert "journal_mode=WAL" in options["init_command"]


@pytest.fixture
def file_database(tmp_path, django_db_blocker):
    """A second connection alias: a file database opened with the project's SQLite options (the test
    database itself is in memory, one connection, so it cannot show locking)."""
    alias = "concurrency_check"
    configured = {"ENGINE": "django.db.backends.sqlite3", "OPTIONS": settings.SQLITE_OPTIONS,
                  "NAME": str(tmp_path / "concurrency.sqlite3"), "TEST": {}}
    filled = connections.configure_settings({"default": settings.DATABASES["default"], alias: configured})
    connections.settings[alias] = filled[alias]
    with django_db_blocker.unblock():  # a scratch file of this test's own, not the test database
        with connections[alias].cursor() as cursor:
            cursor.execute("CREATE TABLE visit (id INTEGER PRIMARY KEY, n INTEGER)")
            cursor.execute("INSERT INTO visit (n) VALUES (0)")
        yield alias
        connections[alias].close()
    del connections.settings[alias]


def test_simultaneous_read_then_write_transactions_all_succeed(file_database):
    errors: list[BaseException] = []
    barrier = threading.Barrier(8)

    def write(n: int) -> None:
        try:
            barrier.wait()
            with transaction.atomic(using=file_database), connections[file_database].cursor() as cursor:
                cursor.execute("SELECT max(n) FROM visit")  # a read first, then a write: the classic lock upgrade
                cursor.execute("INSERT INTO visit (n) VALUES (%s)", [cursor.fetchone()[0] + 1])
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connections[file_database].close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with connections[file_database].cursor() as cursor:
        cursor.execute("SELECT count(*), max(n) FROM visit")
        assert cursor.fetchone() == (9, 8)  # every writer saw the one before it: serialised, none lost


def test_a_file_database_opened_with_these_options_is_in_wal_mode(tmp_path):
    database = tmp_path / "check.sqlite3"
    con = sqlite3.connect(database)
    for statement in settings.SQLITE_OPTIONS["init_command"].split(";"):
        if statement.strip():
            con.execute(statement)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    con.close()
