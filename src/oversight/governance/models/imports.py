"""An import waiting for, or being run by, the background worker: the uploaded file, who asked,
how far the check has gone, and what came of it.

Not a governed record: it is the import's working state, not a case. The import itself is audited
when it writes (its ImportBatch and one Data loaded entry). The uploaded file is kept only until the
job finishes, then cleared: it can hold patient details, and the cases written are the record.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from oversight.core.models import BaseModel


class ImportJobStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    CHECKING = "checking", "Checking the rows"
    WRITING = "writing", "Writing the records"
    IMPORTED = "imported", "Imported"
    REFUSED = "refused", "Nothing was imported"
    FAILED = "failed", "The import stopped with an error"


FINISHED = (ImportJobStatus.IMPORTED, ImportJobStatus.REFUSED, ImportJobStatus.FAILED)


class ImportJob(BaseModel):
    kind = models.CharField(max_length=20)  # incidents | complaints
    file_name = models.CharField(max_length=255)
    data = models.BinaryField(blank=True)  # the uploaded file, cleared when the job finishes
    sha256 = models.CharField(max_length=64)
    mapping_text = models.TextField(blank=True)  # an uploaded mapping; empty: the packaged one
    default_organisation = models.ForeignKey("organisations.Organisation", null=True, blank=True,
                                             on_delete=models.SET_NULL, related_name="+")
    confirmed_again = models.BooleanField(default=False)  # the user confirmed importing a file seen before
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=20, choices=ImportJobStatus.choices, default=ImportJobStatus.QUEUED)
    rows_checked = models.PositiveIntegerField(default=0)
    rows_expected = models.PositiveIntegerField(default=0)  # lines in the file: an upper bound on its rows
    rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    problem_count = models.PositiveIntegerField(default=0)
    problems = models.JSONField(default=list, blank=True)  # [row, column, problem], the first MAX_PROBLEMS_KEPT
    previous_batch = models.ForeignKey("governance.ImportBatch", null=True, blank=True, on_delete=models.SET_NULL,
                                       related_name="+")  # the earlier import of the same file, when refused for it
    batch = models.ForeignKey("governance.ImportBatch", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} import {self.get_status_display()}"

    @property
    def finished(self) -> bool:
        return self.status in FINISHED
