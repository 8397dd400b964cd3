"""API tokens for service accounts: only a hash of the secret is kept."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.db import models
from django.utils import timezone

from oversight.core.models import BaseModel

from .users import User

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
    def issue(cls, user: User, name: str, expires_at=None) -> tuple[APIToken, str]:
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
        # Only a service account's token, and only one that expires: a token issued before expiry and
        # service accounts were required (or to a person's account) no longer opens the API.
        user = token.user
        if token.expires_at is None or token.expires_at <= now or not user.is_active or not user.is_service_account:
            return None
        if token.last_used_at is None or now - token.last_used_at >= LAST_USED_GRANULARITY:
            # At most one write a minute per token: a busy integration must not write on every call.
            cls.objects.filter(pk=token.pk).update(last_used_at=now)
        return user


LAST_USED_GRANULARITY = timedelta(minutes=1)


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()
