"""Reads of the audit trail, scoped to what the reader may see."""

from __future__ import annotations

from django.db.models import Q

from oversight.accounts.access import organisations_in_scope
from oversight.accounts.models import RoleAssignment
from oversight.accounts.roles import Capability as C
from oversight.audit.models import AuditEntry


def entries_in_scope(user):
    """Entries about the reader's organisations (those they read the audit trail for, and those
    beneath them), by whoever wrote them; and entries about no organisation (signing in and out) by
    people who hold a role there.

    An entry about an organisation belongs to that organisation only: a joint appointment's work at
    another trust is that trust's Guardian's to read, never this one's.
    """
    organisations = organisations_in_scope(user, C.VIEW_AUDIT_TRAIL)
    codes = list(organisations.values_list("ods_code", flat=True))
    people = RoleAssignment.objects.filter(organisation__in=organisations).values("user_id")
    return AuditEntry.objects.filter(
        Q(organisation_code__in=codes) | Q(organisation_code="", actor_id__in=people)
    ).select_related("actor")
