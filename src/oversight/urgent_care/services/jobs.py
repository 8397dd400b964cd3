"""Call-event loads run outside the request, as background tasks (docs/adr/0005-background-tasks.md).

The upload page keeps the file under the var folder, records a CallLoadJob (who, for which
organisation, the file's SHA-256) and queues a task; a worker checks the file whole, refuses keys held
by another organisation, loads the warehouse and writes the audited CallDataLoad, all or nothing,
reporting its state on the job ("Checking the file", "Loading 300,000 calls") for the job page to poll.

The task goes on governance's imports queue, so the one worker the service runs (a thread of the web
server in "in-process" mode, or ``oversight worker``) serves the case imports and these loads alike.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.text import get_valid_filename
from django_tasks import task

from oversight.accounts.access import can
from oversight.accounts.roles import Capability as C
from oversight.audit.context import Actor, acting_as
from oversight.governance.imports.jobs import QUEUE, start_in_process_worker
from oversight.iuc import EventError
from oversight.warehouse.reading import FileFacts

from ..models import CallLoadJob, CallLoadJobStatus
from .calls import CallDataRefused, check_call_events, write_call_events

logger = logging.getLogger(__name__)
Status = CallLoadJobStatus


def uploads_dir() -> Path:
    """Where queued files wait for the worker: the var folder, beside the database and warehouse."""
    return Path(settings.VAR_DIR) / "uploads" / "call-events"


def queue_call_load(*, user, organisation, upload) -> CallLoadJob:
    """Keep ``upload`` (a Django UploadedFile) for a new job and queue its task; returns the job to follow."""
    job = CallLoadJob.objects.create(organisation=organisation, requested_by=user, file_name=upload.name[:255])
    # The user's own file name, made safe, so the checks' messages name the file they chose.
    path = uploads_dir() / str(job.pk) / (get_valid_filename(Path(upload.name).name) or "events.csv")
    path.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    with open(path, "wb") as out:
        for chunk in upload.chunks():
            digest.update(chunk)
            out.write(chunk)
    job.sha256, job.size_bytes, job.upload_path = digest.hexdigest(), path.stat().st_size, str(path)
    job.save(update_fields=["sha256", "size_bytes", "upload_path", "updated_at"])
    run_call_load.enqueue(str(job.pk))
    transaction.on_commit(start_in_process_worker)
    return job


@task(queue_name=QUEUE)
def run_call_load(job_id: str) -> str:
    job = CallLoadJob.objects.select_related("organisation", "requested_by").get(pk=job_id)
    if job.finished:
        return job.status
    try:
        _run(job)
    except Exception:
        logger.exception("Call-event load job %s stopped", job_id)
        _finish(job, status=Status.FAILED, error="The load stopped with an error. Nothing was loaded: try again, "
                                                 "or tell the service desk.")  # fmt: skip
        raise
    return job.status


def _run(job: CallLoadJob) -> None:
    user, organisation = job.requested_by, job.organisation
    # Rights are read now, when the calls are written, not when the file was queued.
    if not can(user, C.MANAGE_URGENT_CARE_DATA, organisation):
        _finish(job, status=Status.REFUSED, problem=f"You no longer manage urgent care data for {organisation.name}.")
        return
    _report(job, Status.CHECKING)
    path = Path(job.upload_path)
    try:
        events = check_call_events(path, job.file_name)
    except EventError as problem:
        _finish(job, status=Status.REFUSED, problem=str(problem), problem_row=problem.row,
                problem_column=problem.column or "")  # fmt: skip
        return
    _report(job, Status.LOADING, calls=events.calls)
    try:
        with acting_as(Actor(user=user)):
            load = write_call_events(organisation=organisation, events=events, file_name=job.file_name, loaded_by=user,
                                     facts=FileFacts(path, job.sha256, job.size_bytes))  # fmt: skip
    except CallDataRefused as problem:
        _finish(job, status=Status.REFUSED, problem=str(problem))
        return
    _finish(job, status=Status.LOADED, load=load)


def _report(job: CallLoadJob, status: str, **fields) -> None:
    # A plain update of the job's own row, outside the load's transaction, so the page sees it at once.
    job.status = status
    for name, value in fields.items():
        setattr(job, name, value)
    CallLoadJob.objects.filter(pk=job.pk).update(status=status, **fields)


def _finish(job: CallLoadJob, **outcome) -> None:
    # The file is not kept once it is loaded (the warehouse has its KPIs) or refused (the user corrects it).
    folder = Path(job.upload_path).parent if job.upload_path else None
    if folder is not None and folder.name == str(job.pk):  # the job's own folder, nothing above it
        shutil.rmtree(folder, ignore_errors=True)
    for name, value in {**outcome, "upload_path": ""}.items():
        setattr(job, name, value)
    job.save()
