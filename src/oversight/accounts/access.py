"""Least-privilege access: what a user may do, and for which organisations.

``can(user, capability, target)`` is the single question every view and API endpoint
asks. The target is an Organisation, anything with an ``organisation`` attribute, or None
(meaning "anywhere": does the user hold the capability at all?). Answers are cached on the
user object for the length of the request.
"""

from __future__ import annotations

import rules
from django.core.exceptions import PermissionDenied

from oversight.organisations.models import Organisation, descendant_ids

from .roles import CAPABILITIES, Capability


def _assignments(user) -> list:
    cache = getattr(user, "_oversight_assignments", None)
    if cache is None:
        from .models import RoleAssignment

        cache = list(RoleAssignment.objects.current().filter(user=user).select_related("organisation"))
        user._oversight_assignments = cache
    return cache


def assigned_organisation_ids(user) -> set:
    """Ids of the organisations the user's roles are for (not those beneath them)."""
    return {a.organisation_id for a in _assignments(user)}


def scope_ids(user, capability: str) -> set:
    """Ids of every organisation where the user holds the capability."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    cache = user.__dict__.setdefault("_oversight_scope", {})
    if capability not in cache:
        roots = {a.organisation_id for a in _assignments(user) if capability in CAPABILITIES.get(a.role, ())}
        cache[capability] = descendant_ids(roots) if roots else set()
    return cache[capability]


def organisations_in_scope(user, capability: str = Capability.VIEW_ORGANISATIONS):
    return Organisation.objects.filter(id__in=scope_ids(user, capability))


def _organisation_of(target):
    if target is None or isinstance(target, Organisation):
        return target
    organisation = getattr(target, "organisation", None)
    if organisation is None and getattr(target, "organisation_id", None) is None:
        raise TypeError(f"{type(target).__name__} has no organisation to check access against")
    return organisation


def can(user, capability: str, target=None) -> bool:
    ids = scope_ids(user, capability)
    if not ids:
        return False
    if target is None:
        return True
    organisation_id = getattr(target, "organisation_id", None) if not isinstance(target, Organisation) else target.id
    if organisation_id is None:
        organisation_id = _organisation_of(target).id
    return organisation_id in ids


def require(user, capability: str, target=None) -> None:
    """Raise PermissionDenied (a 403 page) unless the user may do this."""
    if not can(user, capability, target):
        raise PermissionDenied(f"You do not have access to this ({Capability(capability).label.lower()}).")


def roles_of(user) -> list:
    return _assignments(user)


# django-rules permissions, so templates and third-party code can ask user.has_perm().
def _predicate_for(capability: str):
    def check(user, obj=None):
        return can(user, capability, obj)

    return rules.predicate(check, name=capability)


for _capability in Capability:
    rules.add_perm(f"oversight.{_capability.value}", _predicate_for(_capability.value))
