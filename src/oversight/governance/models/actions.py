"""Actions a case owns (owner, due date, status, evidence), and the learning shared from cases."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q

from oversight.audit.governed import GovernedQuerySet, GovernedRecord

from .common import Theme


class ActionStatus(models.TextChoices):
    OPEN = "open", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"
    CANCELLED = "cancelled", "Cancelled"


OPEN_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


class ActionQuerySet(GovernedQuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def visible_to(self, case_ids: set, concern_ids: set):
        """Actions on incidents and complaints in ``case_ids`` organisations, and on concerns in
        ``concern_ids`` organisations (concerns are visible to fewer people)."""
        return self.filter(
            Q(concern__isnull=True, organisation_id__in=case_ids) | Q(concern__isnull=False, organisation_id__in=concern_ids)
        )


class Action(GovernedRecord):
    # What needs doing, and progress on it, can name people and carry a concern's detail: the audit
    # trail, read by roles without access to the case, records that they changed, never the text.
    audit_redacted_fields = ("description", "progress_note")

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    incident = models.ForeignKey("governance.Incident", null=True, blank=True, on_delete=models.CASCADE, related_name="actions")
    complaint = models.ForeignKey("governance.Complaint", null=True, blank=True, on_delete=models.CASCADE, related_name="actions")
    concern = models.ForeignKey("governance.ProfessionalConcern", null=True, blank=True, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField("What needs to be done")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    status = models.CharField(max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN, db_index=True)
    completed_on = models.DateField(null=True, blank=True)
    progress_note = models.TextField(blank=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_on"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(incident__isnull=False, complaint__isnull=True, concern__isnull=True)
                    | Q(incident__isnull=True, complaint__isnull=False, concern__isnull=True)
                    | Q(incident__isnull=True, complaint__isnull=True, concern__isnull=False)
                ),
                name="action_belongs_to_exactly_one_case",
            )
        ]

    def __str__(self) -> str:
        return f"Action on {self.case.reference}: {self.description[:60]}"

    def audit_description(self) -> str:
        # Never the description: what needs doing can name people.
        return f"Action on {self.case_name}"

    @property
    def case_name(self) -> str:
        """The case's kind and reference, such as "professional concern PC-QBQW55F4"."""
        return f"{self.case._meta.verbose_name} {self.case.reference}"

    @property
    def case(self):
        return self.incident or self.complaint or self.concern

    @property
    def case_kind(self) -> str:
        return "incident" if self.incident_id else "complaint" if self.complaint_id else "concern"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


def evidence_path(instance: ActionEvidence, filename: str) -> str:
    # Never the uploaded name on disk: a random name with the checked extension.
    return f"governance/evidence/{instance.action_id}/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class ActionEvidence(GovernedRecord):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=evidence_path, max_length=300)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by_label = models.CharField(max_length=200)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.original_name

    def audit_description(self) -> str:
        # Never the file's name: people name files after patients.
        return f"Evidence file ({self.content_type}) for the action on {self.action.case_name}"

    @property
    def organisation_id(self):
        return self.action.organisation_id

    def audit_organisation_code(self) -> str:
        return self.action.organisation.ods_code


class SharedLearning(GovernedRecord):
    """An outcome written up for others to learn from: the learning library. No patient details."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    incident = models.ForeignKey("governance.Incident", null=True, blank=True, on_delete=models.SET_NULL, related_name="learning")
    complaint = models.ForeignKey("governance.Complaint", null=True, blank=True, on_delete=models.SET_NULL, related_name="learning")
    title = models.CharField(max_length=200)
    summary = models.TextField("What we learned and what changed")
    themes = models.ManyToManyField(Theme, blank=True, related_name="learning")
    shared_on = models.DateField()
    shared_by_label = models.CharField(max_length=200)

    class Meta:
        ordering = ["-shared_on"]

    def __str__(self) -> str:
        return self.title

    def audit_description(self) -> str:
        case = self.incident or self.complaint
        return f"Shared learning from {case.reference}" if case else f"Shared learning of {self.organisation.ods_code}"
