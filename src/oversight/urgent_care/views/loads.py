"""The page that follows one queued call-event load (its state polled by HTMX), for those who manage
urgent care data for the organisation the calls belong to."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.urls import reverse_lazy

from oversight.accounts.access import can, scope_ids
from oversight.accounts.decorators import capability_required
from oversight.accounts.roles import Capability as C

from ..models import CallLoadJob, CallLoadJobStatus
from ..services import start_in_process_worker
from .common import crumbs

UPLOAD_PAGE = ("Load call events", reverse_lazy("urgent_care:upload"))


def jobs_in_scope(user):
    """Loads queued for the organisations the user manages urgent care data for, newest first."""
    return CallLoadJob.objects.filter(organisation_id__in=scope_ids(user, C.MANAGE_URGENT_CARE_DATA)).select_related(
        "organisation", "load")


def _job(request, pk) -> CallLoadJob:
    # Whoever uploaded it, the job belongs to the organisation whose calls these are.
    job = get_object_or_404(CallLoadJob.objects.select_related("organisation", "load"), pk=pk)
    if not can(request.user, C.MANAGE_URGENT_CARE_DATA, job.organisation):
        raise PermissionDenied
    if job.status == CallLoadJobStatus.QUEUED:
        start_in_process_worker()  # a job queued before this server started is picked up now
    return job


def _context(job: CallLoadJob) -> dict:
    return {"job": job, "Status": CallLoadJobStatus}


@capability_required(C.MANAGE_URGENT_CARE_DATA)
def load_job(request, pk):
    job = _job(request, pk)
    return render(request, "urgent_care/load_job.jinja", {
        "page_title": f"Loading {job.file_name}", "breadcrumbs": crumbs(UPLOAD_PAGE), **_context(job)})


@capability_required(C.MANAGE_URGENT_CARE_DATA)
def load_job_status(request, pk):
    """The fragment the job page polls until the job has finished."""
    return render(request, "urgent_care/_load_job_status.jinja", _context(_job(request, pk)))
