"""Users (people and service accounts) and the roles they hold for organisations."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone

from oversight.core.models import BaseModel

from ..roles import Role


class User(AbstractUser):
    """A person or a service account. Display name is what pages show."""

    is_service_account = models.BooleanField(default=False)
    job_title = models.CharField(max_length=150, blank=True)

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class RoleAssignmentQuerySet(models.QuerySet):
    def current(self):
        today = timezone.localdate()
        return self.filter(models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=today), starts_on__lte=today)


class RoleAssignment(BaseModel):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(max_length=40, choices=Role.choices)
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    starts_on = models.DateField(default=timezone.localdate)
    ends_on = models.DateField(null=True, blank=True)
    granted_by = models.CharField(max_length=150, blank=True)

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "organisation"], name="one_assignment_per_role_and_org")
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} for {self.organisation.name}"
