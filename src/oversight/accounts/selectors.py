"""Scoped reads of accounts: which API tokens a reader may see and revoke."""

from __future__ import annotations

from .access import scope_ids
from .models import APIToken, RoleAssignment
from .roles import Capability


def tokens_in_scope(user):
    """Tokens of the accounts holding a role at an organisation where ``user`` manages information
    governance. A token reaches only as far as its account's roles, so that is whose tokens the
    Caldicott Guardian answers for."""
    ids = scope_ids(user, Capability.MANAGE_INFORMATION_GOVERNANCE)
    accounts = RoleAssignment.objects.filter(organisation_id__in=ids).values("user_id")
    return APIToken.objects.filter(user_id__in=accounts).select_related("user").order_by("-created_at")
