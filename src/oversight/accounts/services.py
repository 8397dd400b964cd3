"""Granting and revoking roles: the one place that writes role assignments."""

from __future__ import annotations

from django.db import transaction

from oversight.audit.auditor import record
from oversight.audit.models import AuditAction
from oversight.organisations.models import Organisation

from .models import APIToken, RoleAssignment, User
from .roles import Role


class RoleError(ValueError):
    pass


@transaction.atomic
def grant_role(user, role: str, ods_code: str, granted_by: str = "") -> RoleAssignment:
    if role not in Role.values:
        raise RoleError(f"unknown role {role!r}; the roles are: {', '.join(Role.values)}")
    organisation = Organisation.objects.filter(ods_code=ods_code.upper()).first()
    if organisation is None:
        raise RoleError(f"no organisation with ODS code {ods_code!r}; load organisations with `oversight ingest ods`")
    assignment, created = RoleAssignment.objects.get_or_create(
        user=user, role=role, organisation=organisation, defaults={"granted_by": granted_by}
    )
    if created:
        record(AuditAction.GRANT, assignment, organisation_code=organisation.ods_code,
               object_repr=f"{user.username}: {assignment}")
    return assignment


@transaction.atomic
def revoke_role(user, role: str, ods_code: str) -> None:
    assignment = RoleAssignment.objects.filter(user=user, role=role, organisation__ods_code=ods_code.upper()).first()
    if assignment is None:
        raise RoleError(f"{user.username} does not hold {role} for {ods_code}")
    record(AuditAction.REVOKE, assignment, organisation_code=ods_code.upper(), object_repr=f"{user.username}: {assignment}")
    assignment.delete()


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


@transaction.atomic
def issue_token(*, user: User, name: str, expires_at=None) -> tuple[APIToken, str]:
    """A new API token; the plain text is returned once. Audited (never the secret)."""
    token, plain = APIToken.issue(user, name, expires_at=expires_at)
    record(AuditAction.TOKEN, token, object_repr=f"API token {token.key_id} for {user.username}",
           changes={"user": user.username, "name": name, "expires_at": expires_at.isoformat() if expires_at else None})
    return token, plain


@transaction.atomic
def revoke_token(*, key_id: str) -> APIToken:
    """Revoke an active token by its key id. Audited."""
    from django.utils import timezone

    token = APIToken.objects.select_for_update().filter(key_id=key_id, revoked_at__isnull=True).first()
    if token is None:
        raise AccountError(f"no active token with key id {key_id!r}")
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record(AuditAction.TOKEN_REVOKED, token, object_repr=f"API token {token.key_id} for {token.user.username}",
           changes={"revoked_at": token.revoked_at.isoformat()})
    return token
