"""The queued call-event load (services/jobs.py): the file kept with its SHA-256, the states the job
page shows, a failed job writing nothing (a bad row, a key held elsewhere, a warehouse error mid-load),
rights read when the worker runs, and the job page only for the calls' organisation."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from oversight.audit.models import AuditAction, AuditEntry
from oversight.iuc import kpi_series
from oversight.iuc import store as iuc_store
from oversight.testing.factories import UserFactory, user_with_role

from ..models import CallDataLoad, CallLoadJob, CallLoadJobStatus
from ..services import jobs
from .factories import synthetic_calls_file

pytestmark = pytest.mark.django_db
Status = CallLoadJobStatus


@pytest.fixture
def warehouse(settings, tmp_path):
    settings.OVERSIGHT_WAREHOUSE = str(tmp_path / "warehouse.duckdb")
    settings.VAR_DIR = tmp_path / "var"
    return tmp_path / "warehouse.duckdb"


@pytest.fixture
def lead(client, tree):
    client.force_login(user_with_role("clinical_lead", tree["trust_a"]))
    return client


def _post(client, path, organisation="TRA"):
    upload = SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/csv")
    return client.post(reverse("urgent_care:upload"), {"organisation": organisation, "file": upload})


def _page(client, job, status=False):
    name = "urgent_care:load-job-status" if status else "urgent_care:load-job"
    return client.get(reverse(name, kwargs={"pk": job.pk}))


def _nothing_written(warehouse):
    assert not CallDataLoad.objects.exists()
    assert not AuditEntry.objects.filter(action=AuditAction.CREATE, object_type__icontains="calldataload").exists()
    assert kpi_series(warehouse, "contract").is_empty() and kpi_series(warehouse, "site").is_empty()


def test_an_upload_queues_a_job_that_loads_the_file_and_says_so(lead, warehouse, tmp_path):
    path = synthetic_calls_file(tmp_path)
    response = _post(lead, path)
    job = CallLoadJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("urgent_care:load-job", kwargs={"pk": job.pk})
    assert job.status == Status.LOADED and job.calls == 3000 and job.organisation.ods_code == "TRA"
    assert job.sha256 == hashlib.sha256(path.read_bytes()).hexdigest() and job.size_bytes == path.stat().st_size
    assert job.load == CallDataLoad.objects.get() and job.load.sha256 == job.sha256
    assert job.upload_path == "" and not any((tmp_path / "var" / "uploads" / "call-events").iterdir())  # not kept
    text = _page(lead, job).content.decode()
    assert "Done: loaded 3,000 calls for Trust A NHS Trust, for months April 2025 to June 2025." in text
    assert "hx-get" not in _page(lead, job, status=True).content.decode()  # finished: the polling stops
    assert "calls.csv" in lead.get(reverse("urgent_care:upload")).content.decode()  # listed under recent uploads


def test_the_worker_reports_loading_before_it_writes(lead, warehouse, tmp_path, monkeypatch):
    seen = []
    write = jobs.write_call_events

    def watching(**arguments):
        seen.append(CallLoadJob.objects.values_list("status", "calls").get())
        return write(**arguments)

    monkeypatch.setattr(jobs, "write_call_events", watching)
    _post(lead, synthetic_calls_file(tmp_path))
    assert seen == [(Status.LOADING, 3000)]


def test_an_unfinished_job_page_polls_and_names_its_state(lead, tree, warehouse):
    # Queued by a colleague: the job belongs to the organisation, not only to whoever uploaded it.
    job = CallLoadJob.objects.create(organisation=tree["trust_a"], requested_by=UserFactory(), file_name="year.csv",
                                     sha256="0" * 64)  # fmt: skip
    fragment = _page(lead, job, status=True).content.decode()
    assert "Waiting to start" in fragment and reverse("urgent_care:load-job-status", kwargs={"pk": job.pk}) in fragment
    for status, calls, words in [(Status.CHECKING, 0, "Checking the file"), (Status.LOADING, 300_000, "Loading 300,000 calls")]:
        CallLoadJob.objects.filter(pk=job.pk).update(status=status, calls=calls)
        page = _page(lead, job).content.decode()
        assert words in page and 'hx-trigger="every 1s"' in page and "refresh it" in page


def test_a_bad_row_refuses_the_file_naming_the_row_and_writes_nothing(lead, warehouse, tmp_path):
    path = synthetic_calls_file(tmp_path)
    lines = path.read_text().splitlines()
    header, cells = lines[1].split(","), lines[5].split(",")
    cells[header.index("answered_at")] = "2020-01-01 00:00:00"  # answered before it was received
    lines[5] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n")
    _post(lead, path)
    job = CallLoadJob.objects.get()
    assert job.status == Status.REFUSED and job.problem_row == 4 and job.problem_column == "answered_at"
    assert job.problem.startswith("calls.csv: row 4, column 'answered_at'")  # the user's file name, not the kept copy's
    text = _page(lead, job).content.decode()
    assert "The file was not loaded" in text and "Correct row 4 (column answered_at)" in text
    _nothing_written(warehouse)


def test_a_key_held_by_another_organisation_refuses_the_file(lead, client, tree, warehouse, tmp_path):
    _post(lead, synthetic_calls_file(tmp_path))
    before = kpi_series(warehouse, "site")
    other = user_with_role("clinical_lead", tree["trust_c"])
    client.force_login(other)
    _post(client, synthetic_calls_file(tmp_path, seed=2, name="again.csv"), organisation="TRC")
    job = CallLoadJob.objects.get(requested_by=other)
    assert job.status == Status.REFUSED and "already has call data loaded by Trust A NHS Trust" in job.problem
    assert CallDataLoad.objects.count() == 1 and kpi_series(warehouse, "site").equals(before)


def test_a_warehouse_error_mid_load_fails_the_job_and_writes_nothing(lead, warehouse, tmp_path, monkeypatch):
    replace = iuc_store._replace

    def breaking(con, table, *arguments):
        if table == "iuc_clinician_kpis":  # after the contract, service and site rows went in
            raise OSError("disk full")
        return replace(con, table, *arguments)

    monkeypatch.setattr(iuc_store, "_replace", breaking)
    _post(lead, synthetic_calls_file(tmp_path))
    job = CallLoadJob.objects.get()
    assert job.status == Status.FAILED and "Nothing was loaded" in job.error and job.upload_path == ""
    assert "The load stopped with an error" in _page(lead, job).content.decode()
    _nothing_written(warehouse)


def test_rights_are_read_when_the_worker_runs(tree, warehouse, tmp_path):
    # Queued by someone who has since moved to another trust: the worker refuses it rather than loading.
    job = CallLoadJob.objects.create(organisation=tree["trust_a"], requested_by=user_with_role("clinical_lead", tree["trust_c"]),
                                     file_name="calls.csv", sha256="0" * 64,
                                     upload_path=str(synthetic_calls_file(tmp_path)))  # fmt: skip
    jobs.run_call_load.call(str(job.pk))
    job.refresh_from_db()
    assert job.status == Status.REFUSED and "no longer manage urgent care data for Trust A" in job.problem
    _nothing_written(warehouse)


def test_no_one_outside_the_organisation_follows_the_job(lead, client, tree, warehouse, tmp_path):
    _post(lead, synthetic_calls_file(tmp_path))
    job = CallLoadJob.objects.get()
    client.force_login(user_with_role("clinical_lead", tree["trust_c"]))
    assert _page(client, job).status_code == 403 and _page(client, job, status=True).status_code == 403
    assert "calls.csv" not in client.get(reverse("urgent_care:upload")).content.decode()


def test_with_the_database_queue_the_upload_waits_for_the_imports_worker(lead, warehouse, tmp_path, settings):
    """Production's queue: the request only queues, on the imports queue that the one worker (governance's
    run_worker, in-process or ``oversight worker``) serves; the worker then runs the queued task as stored.
    (The database worker itself is not run here: it closes the test's connection on PostgreSQL.)"""
    from django_tasks_db.models import DBTaskResult

    from oversight.governance.imports import jobs as worker

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "imports"]}}
    settings.OVERSIGHT_IMPORT_WORKER = "separate"
    _post(lead, synthetic_calls_file(tmp_path))
    job = CallLoadJob.objects.get()
    assert job.status == Status.QUEUED and "Waiting to start" in _page(lead, job).content.decode()
    queued = DBTaskResult.objects.ready().get()
    assert queued.queue_name == worker.QUEUE and queued.args_kwargs["args"] == [str(job.pk)]
    queued.task.call(*queued.args_kwargs["args"])
    job.refresh_from_db()
    assert job.status == Status.LOADED and CallDataLoad.objects.get().calls == 3000
