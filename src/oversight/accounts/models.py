"""Users, the roles they hold for organisations, and API tokens for service accounts."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone

from oversight.core.models import BaseModel

from .roles import Role


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


TOKEN_PREFIX = "ovs"


class APIToken(BaseModel):
    """A bearer token for a service account. Only a hash of the secret is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    key_id = models.CharField(max_length=16, unique=True)
    secret_hash = models.CharField(max_length=64)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name} ({TOKEN_PREFIX}_{self.key_id}_…)"

    @classmethod
    def issue(cls, user: User, name: str, expires_at=None) -> tuple["APIToken", str]:
        """Create a token; the plain text is returned once and never stored."""
        key_id = secrets.token_hex(6)
        secret = secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user, name=name, key_id=key_id, secret_hash=_hash(secret), expires_at=expires_at
        )
        return token, f"{TOKEN_PREFIX}_{key_id}_{secret}"

    @classmethod
    def authenticate(cls, presented: str) -> User | None:
        try:
            prefix, key_id, secret = presented.split("_", 2)
        except ValueError:
            return None
        if prefix != TOKEN_PREFIX:
            return None
        token = cls.objects.select_related("user").filter(key_id=key_id, revoked_at__isnull=True).first()
        if token is None or not hmac.compare_digest(token.secret_hash, _hash(secret)):
            return None
        now = timezone.now()
        if (token.expires_at and token.expires_at <= now) or not token.user.is_active:
            return None
        cls.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()
