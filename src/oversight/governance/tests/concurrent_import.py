"""Two imports of one file at the same moment, from two threads, each with its own connection.

On PostgreSQL this runs inside a transactional test. On SQLite the test database is in memory with
a shared cache, whose table locks fail at once instead of waiting: run as a script (``python -m
oversight.governance.tests.concurrent_import``) it migrates a file database of its own, configured as
the embedded default is (WAL, IMMEDIATE transactions, busy timeout), and prints what was written.
"""

from __future__ import annotations

import json
import threading


def simultaneously(data: bytes, count: int = 2) -> list:
    from django.db import connection

    from oversight.audit.context import acting_as, system_actor

    from ..imports import import_file, load_mapping

    barrier = threading.Barrier(count)
    results, errors = [], []

    def one() -> None:
        try:
            with acting_as(system_actor("test-import")):
                mapping = load_mapping("incidents")
                barrier.wait()
                results.append(import_file(data, mapping, file_name="export.csv", actor_label="test"))
        except BaseException as exc:  # collected and reported by the caller
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=one) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [], errors
    return results


def file_rows(references: bool) -> bytes:
    from .test_import import incident_csv

    return incident_csv([{"ID": f"W{n}" if references else "", "Description": f"Fall {n}"} for n in range(300)])


def main() -> None:
    import sys

    import django
    from django.core.management import call_command

    django.setup()
    from oversight.testing.factories import build_tree

    from ..models import ImportBatch, Incident

    call_command("migrate", verbosity=0)
    build_tree()
    results = simultaneously(file_rows(sys.argv[1] == "references"))
    print(json.dumps({"ok": sorted(r.ok for r in results), "created": sorted(r.created for r in results),
                      "incidents": Incident.objects.count(), "batches": ImportBatch.objects.count()}))


if __name__ == "__main__":
    main()
