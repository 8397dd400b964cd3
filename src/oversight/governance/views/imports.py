"""The import page: upload a Datix-style CSV (and optionally a mapping); the import runs as a
background job whose page shows its progress (polled by HTMX) and then every problem or the result."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy

from oversight.accounts.access import can, organisations_in_scope
from oversight.accounts.decorators import capability_required
from oversight.accounts.roles import Capability as C

from ..forms.imports import ImportForm
from ..imports import KINDS, MappingError, load_mapping, packaged_text
from ..imports.jobs import queue_import, start_in_process_worker
from ..models import ImportJob, ImportJobStatus
from .common import GOVERNANCE

MAX_MAPPING_BYTES = 200_000
IMPORT_PAGE = {"text": "Import", "href": reverse_lazy("governance:import")}


@capability_required(C.MANAGE_CASES)
def import_page(request):
    organisations = organisations_in_scope(request.user, C.MANAGE_CASES).filter(kind__in=["trust", "site"]).order_by("name")
    form = ImportForm(request.POST or None, request.FILES or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        job = _queue(request, form)
        if job is not None:
            return redirect("governance:import-job", pk=job.pk)
    return render(request, "governance/import.jinja", {
        "page_title": "Import incidents or complaints", "form": form, "breadcrumbs": [GOVERNANCE],
        "max_mb": settings.OVERSIGHT_IMPORT_MAX_MB, "max_rows": settings.OVERSIGHT_IMPORT_MAX_ROWS,
    })


def _queue(request, form) -> ImportJob | None:
    data = form.cleaned_data
    upload = data["file"]
    if upload.size > settings.OVERSIGHT_IMPORT_MAX_MB * 1024 * 1024:
        form.add_error("file", f"The file must be smaller than {settings.OVERSIGHT_IMPORT_MAX_MB} MB: split it into "
                               f"smaller files")
        return None
    try:
        mapping_text = _mapping_text(data["kind"], data.get("mapping"))
    except MappingError as error:
        form.add_error("mapping", str(error))
        return None
    return queue_import(user=request.user, kind=data["kind"], data=upload.read(), file_name=upload.name,
                        mapping_text=mapping_text, default_organisation=data.get("organisation"), again=data["again"])


def _mapping_text(kind: str, upload) -> str:
    """An uploaded mapping, checked now so its mistakes are shown on the form; empty: the packaged one."""
    if upload is None:
        return ""
    if upload.size > MAX_MAPPING_BYTES:
        raise MappingError("the mapping file is too large to be a column mapping")
    try:
        text = upload.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise MappingError("the mapping file must be UTF-8 text") from None
    load_mapping(kind, text)
    return text


def _job(request, pk) -> ImportJob:
    """A job is followed by whoever queued it, and by those who manage cases for its organisation."""
    job = get_object_or_404(ImportJob.objects.select_related("default_organisation"), pk=pk)
    if job.requested_by_id != request.user.pk and not (
            job.default_organisation and can(request.user, C.MANAGE_CASES, job.default_organisation)):
        raise PermissionDenied
    return job


def _job_context(job: ImportJob) -> dict:
    return {"job": job, "problems": [{"row": r, "column": c, "problem": p} for r, c, p in job.problems],
            "Status": ImportJobStatus}


@capability_required(C.MANAGE_CASES)
def import_job(request, pk):
    job = _job(request, pk)
    if job.status == ImportJobStatus.QUEUED:
        start_in_process_worker()  # a job queued before this server started is picked up now
    return render(request, "governance/import_job.jinja", {
        "page_title": f"Importing {job.kind}", "breadcrumbs": [GOVERNANCE, IMPORT_PAGE], **_job_context(job)})


@capability_required(C.MANAGE_CASES)
def import_job_status(request, pk):
    """The progress fragment the job page polls until the job has finished."""
    job = _job(request, pk)
    if job.status == ImportJobStatus.QUEUED:
        start_in_process_worker()
    return render(request, "governance/_import_job_status.jinja", _job_context(job))


@capability_required(C.MANAGE_CASES)
def import_mapping(request):
    kind = request.GET.get("kind", "incidents")
    kind = kind if kind in KINDS else "incidents"
    response = HttpResponse(packaged_text(kind), content_type="application/toml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="datix_{kind}.toml"'
    return response
