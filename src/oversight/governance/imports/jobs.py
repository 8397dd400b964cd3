"""Imports run outside the request, as background tasks (docs/adr/0005-background-tasks.md).

The page queues an ImportJob and a task; a worker checks every row and writes all or nothing, as
before, reporting how far it has got on the job so the page can show "Checking row 12,000 of
40,000". The worker is a thread of the web server (OVERSIGHT_IMPORT_WORKER = "in-process": the demo
needs nothing else) or a separate ``oversight worker`` process ("separate": production). In tests
the tasks run at once, inside the test that queues them.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django_tasks import task

from oversight.accounts.access import scope_ids
from oversight.accounts.roles import Capability as C
from oversight.audit.context import Actor, acting_as

from ..models import ImportJob, ImportJobStatus
from ..services.common import actor_label
from .importer import ImportResult, import_file
from .mapping import MappingError, load_mapping

QUEUE = "imports"
logger = logging.getLogger(__name__)


def queue_import(*, user, kind: str, data: bytes, file_name: str, mapping_text: str = "",
                 default_organisation=None, again: bool = False) -> ImportJob:
    """Keep the upload on a new job and queue its task; returns the job the page follows."""
    job = ImportJob.objects.create(
        kind=kind, file_name=file_name[:255], data=data, sha256=hashlib.sha256(data).hexdigest(),
        mapping_text=mapping_text, default_organisation=default_organisation, confirmed_again=again,
        requested_by=user, rows_expected=data.count(b"\n"),
    )
    run_import.enqueue(str(job.pk))
    transaction.on_commit(start_in_process_worker)
    return job


@task(queue_name=QUEUE)
def run_import(job_id: str) -> str:
    job = ImportJob.objects.select_related("requested_by", "default_organisation").get(pk=job_id)
    if job.finished:
        return job.status
    try:
        _run(job)
    except Exception:
        logger.exception("Import job %s stopped", job_id)
        _finish(job, status=ImportJobStatus.FAILED,
                error="The import stopped with an error. Nothing was imported: try again, or tell the service desk.")
        raise
    return job.status


def _run(job: ImportJob) -> None:
    _report(job, ImportJobStatus.CHECKING, 0)
    try:
        mapping = load_mapping(job.kind, job.mapping_text or None, file_label="the uploaded mapping")
    except MappingError as error:
        _finish(job, status=ImportJobStatus.REFUSED, problems=[[1, "mapping", str(error)]], problem_count=1)
        return
    user = job.requested_by
    with acting_as(Actor(user=user)):
        # Rights are read now, when the rows are written, not when the file was queued.
        result = import_file(
            bytes(job.data), mapping, file_name=job.file_name, actor_label=actor_label(user),
            default_organisation=job.default_organisation, allowed_organisation_ids=scope_ids(user, C.MANAGE_CASES),
            again=job.confirmed_again, progress=lambda phase, done, total: _progress(job, phase, done, total),
        )
    _finish(job, **_outcome(result))


def _outcome(result: ImportResult) -> dict:
    return {
        "status": ImportJobStatus.IMPORTED if result.ok else ImportJobStatus.REFUSED,
        "rows": result.rows, "created": result.created, "problem_count": result.problem_count,
        "problems": [[p.row, p.column, p.problem] for p in result.problems],
        "batch": result.batch, "previous_batch": result.previous,
    }


def _progress(job: ImportJob, phase: str, done: int, total: int) -> None:
    status = ImportJobStatus.WRITING if phase == "writing" else ImportJobStatus.CHECKING
    _report(job, status, done, total)


def _report(job: ImportJob, status: str, done: int, total: int | None = None) -> None:
    # A plain update of the job's own row: quick, and outside the import's transaction.
    job.status, job.rows_checked = status, done
    job.rows_expected = max(total or job.rows_expected, done)
    ImportJob.objects.filter(pk=job.pk).update(status=status, rows_checked=done, rows_expected=job.rows_expected)


def _finish(job: ImportJob, **outcome) -> None:
    # The upload can hold patient details: once the cases are written (or refused) it is not kept.
    for name, value in {**outcome, "data": b""}.items():
        setattr(job, name, value)
    job.save()


# --- the in-process worker -----------------------------------------------------------------------

_draining = threading.Lock()


def start_in_process_worker() -> None:
    """In "in-process" mode, run what is queued on a thread of this process (one at a time)."""
    if settings.OVERSIGHT_IMPORT_WORKER != "in-process" or not _uses_database_queue():
        return
    threading.Thread(target=_drain, name="oversight-imports", daemon=True).start()


def _uses_database_queue() -> bool:
    return settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"


def _drain() -> None:
    # A thread that finds the flag taken leaves its job to the thread holding it (one at a time).
    try:
        while _draining.acquire(blocking=False):
            try:
                run_worker(batch=True)
            finally:
                _draining.release()
            # A job queued after the worker's last empty look, but before the release, found the flag
            # still taken and was left to this thread: look again now that it is released.
            if not _imports_waiting():
                break
    finally:
        connection.close()


def _imports_waiting() -> bool:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.ready().filter(backend_name="default", queue_name=QUEUE).exists()


def run_worker(*, batch: bool, interval: float = 1.0) -> None:
    """The database queue's worker over the imports queue: ``batch`` stops when the queue is empty."""
    from django_tasks_db.management.commands.db_worker import Worker

    close_old_connections()
    Worker(queue_names=[QUEUE], excluded_queue_names=[], interval=0 if batch else interval, batch=batch,
           backend_name="default", startup_delay=False, max_tasks=None,
           worker_id=f"oversight-{os.getpid()}-{threading.get_ident()}"[:64]).run()
