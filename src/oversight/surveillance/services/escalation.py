"""The escalation register: surveillance levels and owned actions, per provider.

Levels are the National Quality Board surveillance levels of the reference set (routine, enhanced,
intensive). Every change is a governed record, so the audit trail holds who changed what; the level's
history is also kept as ``LevelChange`` rows for the provider's page. Changing anything needs
MANAGE_ESCALATION for the provider; reading needs VIEW_SURVEILLANCE.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from oversight.accounts.access import scope_ids
from oversight.accounts.models import RoleAssignment, User
from oversight.accounts.roles import CAPABILITIES, Capability
from oversight.organisations.models import Organisation
from oversight.reference import ReferenceDataError, ReferenceSet, load

from .models import OPEN_STATUSES, ActionStatus, Escalation, EscalationAction, LevelChange, SignalKind
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


def _ensure(provider: Provider, created_level: str = DEFAULT_LEVEL, rationale: str = "") -> Escalation:
    escalation = Escalation.objects.filter(provider_code=provider.code).first()
    if escalation is None:
        escalation = Escalation.objects.create(
            provider_code=provider.code,
            provider_name=provider.name,
            organisation_id=provider.organisation_id,
            scope_region_id=provider.region_id,
            level=created_level,
            rationale=rationale or "Entered on the register when an action was first raised.",
        )
    return escalation


@transaction.atomic
def set_level(provider: Provider, *, level: str, rationale: str, review_date: date | None, user,
              is_demo: bool = False) -> Escalation:  # fmt: skip
    if level not in levels():
        raise ValidationError({"level": f"{level!r} is not a surveillance level"})
    if not rationale.strip():
        raise ValidationError({"rationale": "Give the reason for this level"})
    escalation = Escalation.objects.select_for_update().filter(provider_code=provider.code).first()
    previous = escalation.level if escalation else ""
    if escalation is None:
        escalation = Escalation(
            provider_code=provider.code,
            provider_name=provider.name,
            organisation_id=provider.organisation_id,
            scope_region_id=provider.region_id,
        )
    escalation.level = level
    escalation.rationale = rationale.strip()
    escalation.review_date = review_date
    escalation.is_demo = escalation.is_demo or is_demo
    escalation.save()
    LevelChange.objects.create(
        escalation=escalation,
        from_level=previous,
        to_level=level,
        rationale=rationale.strip(),
        review_date=review_date,
        changed_by=user if getattr(user, "is_authenticated", False) else None,
        changed_by_label=_label(user),
    )
    return escalation


def _label(user) -> str:
    if user is None or not getattr(user, "is_authenticated", False):
        return "system"
    return user.display_name or user.get_username()


def _check_signal_url(url: str) -> str:
    url = (url or "").strip()
    if url and not (url.startswith("/surveillance/") and "//" not in url[1:] and "\\" not in url):
        raise ValidationError({"signal_url": "The link back to the signal must be a page of this service"})
    return url


@transaction.atomic
def create_action(provider: Provider, *, title: str, owner, due_date: date, detail: str = "",
                  signal_kind: str = SignalKind.MANUAL, signal_text: str = "", signal_url: str = "",
                  is_demo: bool = False) -> EscalationAction:  # fmt: skip
    if owner is None:
        raise ValidationError({"owner": "Choose who owns this action"})
    if owner.id not in {u.id for u in eligible_owners(provider)}:
        raise ValidationError({"owner": "The owner must be someone who oversees this provider"})
    if signal_kind not in SignalKind.values:
        raise ValidationError({"signal_kind": "Unknown kind of signal"})
    escalation = _ensure(provider)
    return EscalationAction.objects.create(
        escalation=escalation,
        title=title.strip(),
        detail=detail.strip(),
        owner=owner,
        due_date=due_date,
        signal_kind=signal_kind,
        signal_text=signal_text.strip()[:500],
        signal_url=_check_signal_url(signal_url),
        is_demo=is_demo,
    )


@transaction.atomic
def update_action(action: EscalationAction, provider: Provider, **changes) -> EscalationAction:
    allowed = {"title", "detail", "owner", "due_date", "status", "evidence_note"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError(f"cannot change {', '.join(sorted(unknown))}")
    owner = changes.get("owner")
    if owner is not None and owner.id != action.owner_id and owner.id not in {u.id for u in eligible_owners(provider)}:
        raise ValidationError({"owner": "The owner must be someone who oversees this provider"})
    status = changes.get("status", action.status)
    if status not in ActionStatus.values:
        raise ValidationError({"status": f"{status!r} is not a status"})
    evidence = changes.get("evidence_note", action.evidence_note)
    if status == ActionStatus.DONE and not (evidence or "").strip():
        raise ValidationError({"evidence_note": "Record the evidence that the action is complete"})
    for name, value in changes.items():
        setattr(action, name, value.strip() if isinstance(value, str) else value)
    if status == ActionStatus.DONE and action.completed_on is None:
        action.completed_on = timezone.localdate()
    if status in OPEN_STATUSES:
        action.completed_on = None
    action.save()
    return action


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
