"""Accounts and API tokens: creating a user, issuing and revoking a token. Each is audited."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction

from oversight.audit.auditor import record
from oversight.audit.models import AuditAction

from ..models import APIToken, User


class AccountError(ValueError):
    """A user or token request that cannot be carried out; the message says why."""


@transaction.atomic
def create_user(*, username: str, full_name: str = "", email: str = "", password: str | None = None,
                service_account: bool = False) -> User:
    """Create a person's account (with a password that meets the policy) or a service account
    (API tokens only, no password). Audited."""
    from django.contrib.auth.password_validation import ValidationError, validate_password

    if User.objects.filter(username=username).exists():
        raise AccountError(f"a user called {username!r} already exists")
    first, _, last = full_name.partition(" ")
    user = User(username=username, email=email, first_name=first, last_name=last, is_service_account=service_account)
    if service_account:
        user.set_unusable_password()
    else:
        try:
            validate_password(password or "", user)
        except ValidationError as exc:
            raise AccountError("password not accepted: " + " ".join(exc.messages)) from None
        user.set_password(password)
    user.save()
    record(AuditAction.CREATE, user, object_repr=f"User {user.username}",
           changes={"username": username, "service_account": service_account})
    return user


#: The longest a token may live: a leaked token stops working within a year at most.
MAX_TOKEN_DAYS = 365


@transaction.atomic
def issue_token(*, user: User, name: str, expires_at) -> tuple[APIToken, str]:
    """A new API token for a service account, expiring within MAX_TOKEN_DAYS; the plain text is
    returned once. Audited (never the secret). People sign in; only service accounts hold tokens, so a
    token never carries a person's access beyond their session."""
    from django.utils import timezone

    if not user.is_service_account:
        raise AccountError(f"{user.username} is a person's account: API tokens are for service accounts only "
                           "(oversight user create NAME --service-account)")
    now = timezone.now()
    if expires_at is None or expires_at <= now or expires_at > now + timedelta(days=MAX_TOKEN_DAYS):
        raise AccountError(f"a token must expire within {MAX_TOKEN_DAYS} days")
    token, plain = APIToken.issue(user, name, expires_at=expires_at)
    record(AuditAction.TOKEN, token, object_repr=f"API token {token.key_id} for {user.username}",
           changes={"user": user.username, "name": name, "expires_at": expires_at.isoformat()})
    return token, plain


@transaction.atomic
def revoke_token(*, key_id: str, reason: str = "") -> APIToken:
    """Revoke an active token by its key id, with the reason if one was given. Audited."""
    from django.utils import timezone

    token = APIToken.objects.select_for_update().filter(key_id=key_id, revoked_at__isnull=True).first()
    if token is None:
        raise AccountError(f"no active token with key id {key_id!r}")
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record(AuditAction.TOKEN_REVOKED, token, object_repr=f"API token {token.key_id} for {token.user.username}",
           reason=reason, changes={"revoked_at": token.revoked_at.isoformat()})
    return token
