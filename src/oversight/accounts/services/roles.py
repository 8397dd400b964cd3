"""Granting and revoking roles: the one place that writes role assignments."""

from __future__ import annotations

from django.db import transaction

from oversight.audit.auditor import record
from oversight.audit.models import AuditAction
from oversight.organisations.models import Organisation

from ..models import RoleAssignment
from ..roles import Role


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
