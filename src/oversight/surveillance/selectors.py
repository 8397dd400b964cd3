"""Scoped reads of the escalation register: the surveillance levels, who may see which escalations and
actions, who may own one, and a provider's summary. The writers are in ``services.escalation``."""

from __future__ import annotations

from functools import lru_cache

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils import timezone

from oversight.accounts.access import scope_ids
from oversight.accounts.models import RoleAssignment, User
from oversight.accounts.roles import CAPABILITIES, Capability
from oversight.organisations.models import Organisation
from oversight.reference import ReferenceDataError, ReferenceSet, load

from .models import OPEN_STATUSES, Escalation, EscalationAction
from .providers import Provider, can_see

# The brief names the set "nqb_surveillance_levels"; the reference module ships it as
# "surveillance_levels". Use whichever exists.
LEVEL_SETS = ("nqb_surveillance_levels", "surveillance_levels")
DEFAULT_LEVEL = "routine"


@lru_cache(maxsize=1)
def levels() -> ReferenceSet:
    for name in LEVEL_SETS:
        try:
            return load(name)
        except ReferenceDataError:
            continue
    raise ReferenceDataError(f"none of the reference sets {LEVEL_SETS} exists")


def level_choices() -> list[tuple[str, str]]:
    items = sorted(levels(), key=lambda item: item.get("order", 0))
    return [(item.code, item.label) for item in items]


def level_label(code: str) -> str:
    return levels().get(code).label if code in levels() else code


def level_order(code: str) -> int:
    return levels().get(code).get("order", 0) if code in levels() else 0


def visible_escalations(user, capability: str = Capability.VIEW_SURVEILLANCE):
    ids = scope_ids(user, capability)
    return Escalation.objects.filter(
        Q(organisation_id__in=ids) | Q(organisation__isnull=True, scope_region_id__in=ids)
    )


def visible_actions(user, capability: str = Capability.VIEW_SURVEILLANCE):
    ids = scope_ids(user, capability)
    return EscalationAction.objects.filter(
        Q(escalation__organisation_id__in=ids)
        | Q(escalation__organisation__isnull=True, escalation__scope_region_id__in=ids)
    ).select_related("escalation", "owner")


def escalation_visible(user, escalation: Escalation, capability: str = Capability.VIEW_SURVEILLANCE) -> bool:
    ids = scope_ids(user, capability)
    if escalation.organisation_id is not None:
        return escalation.organisation_id in ids
    return escalation.scope_region_id is not None and escalation.scope_region_id in ids


def require_manage(user, provider: Provider) -> None:
    if not can_see(user, Capability.MANAGE_ESCALATION, provider):
        raise PermissionDenied("You cannot change surveillance levels or actions for this provider.")


def eligible_owners(provider: Provider) -> list[User]:
    """Active users holding a role with VIEW_SURVEILLANCE over the provider (its trust, ICB or region)."""
    ids = {provider.organisation_id, provider.region_id, provider.icb_id} - {None}
    if provider.organisation_id is not None:
        organisation = Organisation.objects.filter(id=provider.organisation_id).select_related(
            "parent__parent__parent"
        ).first()
        if organisation is not None:
            ids |= {a.id for a in organisation.ancestors()}
    roles = [role for role, caps in CAPABILITIES.items() if Capability.VIEW_SURVEILLANCE in caps]
    user_ids = (
        RoleAssignment.objects.current()
        .filter(organisation_id__in=ids, role__in=roles)
        .values_list("user_id", flat=True)
    )
    return list(User.objects.filter(id__in=user_ids, is_active=True).order_by("first_name", "last_name"))


def summary(escalation: Escalation) -> dict:
    today = timezone.localdate()
    actions = escalation.actions.all()
    return {
        "level": escalation.level,
        "level_label": level_label(escalation.level),
        "rationale": escalation.rationale,
        "review_date": escalation.review_date,
        "open_actions": actions.filter(status__in=OPEN_STATUSES).count(),
        "overdue_actions": actions.filter(status__in=OPEN_STATUSES, due_date__lt=today).count(),
    }
