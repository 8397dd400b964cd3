"""Reads of the audit trail, scoped to what the reader may see."""

from __future__ import annotations

from django.db.models import Q

from oversight.accounts.access import organisations_in_scope
from oversight.accounts.models import RoleAssignment
from oversight.accounts.roles import Capability as C
from oversight.audit.models import AuditEntry


def entries_in_scope(user):
    """Entries about the reader's organisations, or written by people who hold a role there."""
    organisations = organisations_in_scope(user, C.VIEW_AUDIT_TRAIL)
    codes = list(organisations.values_list("ods_code", flat=True))
    users = RoleAssignment.objects.filter(organisation__in=organisations).values("user_id")
    return AuditEntry.objects.filter(Q(organisation_code__in=codes) | Q(actor_id__in=users)).select_related("actor")
