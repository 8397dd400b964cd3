"""The escalation register's writers: surveillance levels and owned actions, per provider.

Levels are the National Quality Board surveillance levels of the reference set (routine, enhanced,
intensive). Every change is a governed record written through the Auditor, so the audit trail holds
who changed what; the level's history is also kept as ``LevelChange`` rows for the provider's page.
Changing anything needs MANAGE_ESCALATION for the provider (the views check it with ``selectors.require_manage``).
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from oversight.audit import auditor

from ..models import OPEN_STATUSES, ActionStatus, Escalation, EscalationAction, LevelChange, SignalKind
from ..providers import Provider
from ..selectors import DEFAULT_LEVEL, eligible_owners, levels
from ..signal_links import surveillance_page


def _ensure(provider: Provider, created_level: str = DEFAULT_LEVEL, rationale: str = "") -> Escalation:
    escalation = Escalation.objects.filter(provider_code=provider.code).first()
    if escalation is None:
        escalation = Escalation(
            provider_code=provider.code,
            provider_name=provider.name,
            organisation_id=provider.organisation_id,
            scope_region_id=provider.region_id,
            level=created_level,
            rationale=rationale or "Entered on the register when an action was first raised.",
        )
        auditor.create(escalation)
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
    is_new = escalation is None
    if is_new:
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
    if is_new:
        auditor.create(escalation)
    else:
        auditor.update(escalation)
    auditor.create(LevelChange(
        escalation=escalation,
        from_level=previous,
        to_level=level,
        rationale=rationale.strip(),
        review_date=review_date,
        changed_by=user if getattr(user, "is_authenticated", False) else None,
        changed_by_label=_label(user),
    ))
    return escalation


def _label(user) -> str:
    if user is None or not getattr(user, "is_authenticated", False):
        return "system"
    return user.display_name or user.get_username()


def _check_signal_url(url: str) -> str:
    url = (url or "").strip()
    if url and not surveillance_page(url):
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
    action = EscalationAction(
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
    auditor.create(action)
    return action


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
    auditor.update(action)
    return action
