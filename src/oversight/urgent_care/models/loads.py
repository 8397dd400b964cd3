"""One call-event file loaded into the warehouse, and the organisation (the provider) it belongs to."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from oversight.audit.governed import GovernedRecord


class CallDataLoad(GovernedRecord):
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    loaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    warehouse_load_id = models.BigIntegerField(null=True, blank=True, help_text="Empty when the same file was loaded before")
    calls = models.PositiveIntegerField()
    first_month = models.DateField()
    last_month = models.DateField()
    # The keys the file speaks for: reads of the warehouse's call KPIs are limited to these.
    contracts = models.JSONField(default=list)
    services = models.JSONField(default=list)
    sites = models.JSONField(default=list)
    clinicians = models.JSONField(default=list)  # registration numbers or local staff ids, never patients
    synthetic = models.BooleanField(default=False, help_text="Made-up calls for the demo")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.calls} calls)"

    def audit_organisation_code(self) -> str:
        return self.organisation.ods_code

    def audit_description(self) -> str:
        # The file's hash, not its name: a name is typed by whoever saved the file and may say anything.
        return (f"Call-event load of {self.calls} calls, {self.first_month:%Y-%m} to {self.last_month:%Y-%m} "
                f"(file {self.sha256[:12]})")
