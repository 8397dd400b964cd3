"""An uploaded call-event file waiting for, or being, checked and loaded by a background worker
(docs/adr/0005-background-tasks.md): the job page follows it and shows the outcome."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from oversight.core.models.base import BaseModel


class CallLoadJobStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    CHECKING = "checking", "Checking the file"
    LOADING = "loading", "Loading the calls"
    LOADED = "loaded", "Loaded"
    REFUSED = "refused", "The file was not loaded"
    FAILED = "failed", "The load stopped with an error"


FINISHED = (CallLoadJobStatus.LOADED, CallLoadJobStatus.REFUSED, CallLoadJobStatus.FAILED)


class CallLoadJob(BaseModel):
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    file_name = models.CharField(max_length=255)  # as uploaded
    sha256 = models.CharField(max_length=64)
    size_bytes = models.PositiveBigIntegerField(default=0)
    # The upload under the var folder (a year of a large service is hundreds of megabytes: not a database
    # cell); removed when the job finishes, whatever the outcome.
    upload_path = models.CharField(max_length=500, blank=True)
    status = models.CharField(max_length=20, choices=CallLoadJobStatus.choices, default=CallLoadJobStatus.QUEUED)
    calls = models.PositiveIntegerField(default=0)  # known once the file is checked
    problem = models.TextField(blank=True)  # why the file was refused (EventError or a key held elsewhere)
    problem_row = models.PositiveIntegerField(null=True, blank=True)
    problem_column = models.CharField(max_length=100, blank=True)
    error = models.TextField(blank=True)  # an unexpected failure, in plain words (the detail is in the log)
    load = models.ForeignKey("urgent_care.CallDataLoad", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")  # fmt: skip

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_name}: {self.get_status_display()}"

    @property
    def finished(self) -> bool:
        return self.status in FINISHED
