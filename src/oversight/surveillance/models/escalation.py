"""Decisions: surveillance levels and owned actions. Governed records: every change is audited."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone

from oversight.audit.governed import GovernedQuerySet, GovernedRecord


class Escalation(GovernedRecord):
    """A provider's current National Quality Board surveillance level (one record per provider)."""

    provider_code = models.CharField(max_length=20, unique=True)
    provider_name = models.CharField(max_length=200)
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    scope_region = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    level = models.CharField(max_length=30)  # a code of the surveillance levels reference set
    rationale = models.TextField()
    review_date = models.DateField(null=True, blank=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["provider_name"]

    def __str__(self) -> str:
        return f"{self.provider_name} ({self.provider_code}): {self.level}"

    def audit_organisation_code(self) -> str:
        return self.provider_code

    def audit_description(self) -> str:
        return f"Surveillance level of {self.provider_code}"

    @property
    def review_overdue(self) -> bool:
        return self.review_date is not None and self.review_date < timezone.localdate()


class LevelChange(GovernedRecord):
    """The history of an escalation's level, shown on the provider's escalation page."""

    escalation = models.ForeignKey(Escalation, on_delete=models.CASCADE, related_name="changes")
    from_level = models.CharField(max_length=30, blank=True)
    to_level = models.CharField(max_length=30)
    rationale = models.TextField()
    review_date = models.DateField(null=True, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    changed_by_label = models.CharField(max_length=200)

    class Meta:
        ordering = ["-created_at"]

    def audit_organisation_code(self) -> str:
        return self.escalation.provider_code

    def audit_description(self) -> str:
        moved = f"from {self.from_level} to {self.to_level}" if self.from_level else f"set to {self.to_level}"
        return f"Surveillance level of {self.escalation.provider_code} {moved}"


class ActionStatus(models.TextChoices):
    OPEN = "open", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Completed"
    CANCELLED = "cancelled", "Cancelled"


OPEN_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


class SignalKind(models.TextChoices):
    SPC_POINT = "spc_point", "Special-cause point on an SPC chart"
    NEW_THIS_MONTH = "new_this_month", "New special-cause signal this month"
    NOF_CHANGE = "nof_change", "NOF segment change"
    NOF_POSITION = "nof_position", "NOF segment and drivers"
    MANUAL = "manual", "Raised directly"


class ActionQuerySet(GovernedQuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today: date | None = None):
        return self.open().filter(due_date__lt=today or timezone.localdate())


class EscalationAction(GovernedRecord):
    """An owned action on a provider, usually raised from a signal (linked back to it)."""

    escalation = models.ForeignKey(Escalation, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField("What needs to be done", max_length=200)
    detail = models.TextField(blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_date = models.DateField()
    status = models.CharField(max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    evidence_note = models.TextField(blank=True)
    completed_on = models.DateField(null=True, blank=True)
    signal_kind = models.CharField(max_length=30, choices=SignalKind.choices, default=SignalKind.MANUAL)
    signal_text = models.CharField(max_length=500, blank=True)
    signal_url = models.CharField(max_length=500, blank=True)
    is_demo = models.BooleanField(default=False)

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "created_at"]
        indexes = [models.Index(fields=["status", "due_date"])]

    def __str__(self) -> str:
        return f"{self.escalation.provider_code}: {self.title}"

    def audit_organisation_code(self) -> str:
        return self.escalation.provider_code

    def audit_description(self) -> str:
        # Kinds only: the title and detail are free text.
        return f"Escalation action on {self.escalation.provider_code} ({self.get_signal_kind_display()})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_date < timezone.localdate()
