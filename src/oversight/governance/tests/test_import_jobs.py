"""Imports run as background jobs (issue 12, point 8): the page queues a job and follows it; the job
reports its progress, keeps the all-or-nothing check and the problem report, and clears the upload."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from oversight.testing.factories import user_with_role

from ..imports import jobs
from ..models import ImportJob, ImportJobStatus, Incident
from .test_import import incident_csv

pytestmark = pytest.mark.django_db


def post(client, data: bytes, **fields):
    upload = SimpleUploadedFile("export.csv", data)
    return client.post(reverse("governance:import"), {"kind": "incidents", "file": upload, **fields})


def test_the_page_queues_a_job_and_redirects_to_its_progress(client, tree, lead):
    client.force_login(lead)
    response = post(client, incident_csv([{"ID": "W1"}, {"ID": "W2"}]))
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("governance:import-job", kwargs={"pk": job.pk})
    assert job.status == ImportJobStatus.IMPORTED and job.created == 2 and job.batch is not None
    assert bytes(job.data) == b""  # the upload, which can hold patient details, is not kept
    assert Incident.objects.count() == 2
    status = client.get(reverse("governance:import-job-status", kwargs={"pk": job.pk})).content.decode()
    assert "Imported 2 incidents" in status and "hx-trigger" not in status  # finished: the polling stops


def test_progress_is_shown_while_the_rows_are_checked(client, tree, lead, monkeypatch):
    seen = []
    real = jobs._report

    def watch(job, status, done, total=None):
        real(job, status, done, total)
        seen.append(client.get(reverse("governance:import-job-status", kwargs={"pk": job.pk})).content.decode())

    monkeypatch.setattr(jobs, "_report", watch)
    monkeypatch.setattr("oversight.governance.imports.importer.PROGRESS_EVERY", 2)
    client.force_login(lead)
    post(client, incident_csv([{"ID": f"W{n}"} for n in range(4)]))
    assert any("Checking row 2 of 5" in page and 'hx-trigger="every 1s"' in page for page in seen), seen
    assert any("Writing 4 incidents" in page for page in seen)


def test_a_refused_file_shows_every_problem_and_writes_nothing(client, tree, lead):
    client.force_login(lead)
    page = client.get(post(client, incident_csv([{"ID": "W1"}, {"ID": "W2", "Physical harm": "Bad"}]))["Location"])
    assert "Nothing was imported" in page.content.decode() and "not in the configured list" in page.content.decode()
    assert ImportJob.objects.get().status == ImportJobStatus.REFUSED and not Incident.objects.exists()


def test_a_file_imported_before_is_refused_until_confirmed(client, tree, lead):
    client.force_login(lead)
    data = incident_csv([{"ID": ""}])
    post(client, data)
    page = client.get(post(client, data)["Location"]).content.decode()
    assert "This file has been imported before" in page and f"by {lead.display_name}" in page
    post(client, data, again="on")
    assert Incident.objects.count() == 2


def test_a_file_larger_than_the_limit_is_refused_on_the_form(client, tree, lead, settings):
    settings.OVERSIGHT_IMPORT_MAX_MB = 1
    client.force_login(lead)
    page = post(client, b"x" * (1024 * 1024 + 1)).content.decode()
    assert "The file must be smaller than 1 MB" in page and not ImportJob.objects.exists()


def test_someone_elses_job_elsewhere_is_refused(client, tree, lead):
    other = user_with_role("governance_lead", tree["trust_c"], username="lead-c")
    client.force_login(lead)
    post(client, incident_csv([{"ID": "W1"}]))
    job = ImportJob.objects.get()
    client.force_login(other)
    assert client.get(reverse("governance:import-job", kwargs={"pk": job.pk})).status_code == 403


def test_the_in_process_worker_runs_a_queued_job(tree, lead, settings, monkeypatch):
    """In the demo's mode the web server's own thread runs the database queue's worker."""
    ran = []
    monkeypatch.setattr(jobs, "run_worker", lambda **options: ran.append(options))
    monkeypatch.setattr(jobs.threading, "Thread", lambda target, **_: type("T", (), {"start": staticmethod(target)})())
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "imports"]}}
    settings.OVERSIGHT_IMPORT_WORKER = "separate"
    jobs.start_in_process_worker()
    assert ran == []
    settings.OVERSIGHT_IMPORT_WORKER = "in-process"
    jobs.start_in_process_worker()
    assert ran == [{"batch": True}]


def test_a_job_queued_as_the_worker_stops_is_still_picked_up(tree, lead, settings, monkeypatch):
    """The job is queued after the worker's last empty look but before it lets go of the flag: the
    new job's own thread finds the flag taken and returns, so the stopping thread must look again."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "imports"]}}
    looks = []

    def worker(**options):
        looks.append(DBTaskResult.objects.ready().count())
        if len(looks) == 1:  # the last look found nothing; now, before the release, a job arrives
            jobs.run_import.enqueue("a-job")
            jobs._drain()  # the new job's thread: the flag is still taken
        else:
            DBTaskResult.objects.ready().delete()  # stands in for running it

    monkeypatch.setattr(jobs, "run_worker", worker)
    monkeypatch.setattr(jobs.connection, "close", lambda: None)  # the test's own connection stays open
    jobs._drain()
    assert looks == [0, 1]
    assert not jobs._draining.locked()
