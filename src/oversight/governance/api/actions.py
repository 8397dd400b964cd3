"""Actions over the API: list (mine, overdue), add to a case, update."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from django.utils import timezone
from ninja import Query, Schema, Status

from oversight.accounts.access import can, require
from oversight.accounts.roles import Capability as C

from ..access import actions_for, get_action, get_case
from ..forms.actions import ActionForm, ActionUpdateForm
from ..services import actions as service
from . import router
from .schemas import ActionOut
from .validation import apply, validated


class ActionIn(Schema):
    description: str
    owner: str  # username
    due_on: date


class ActionUpdateIn(Schema):
    status: str
    progress_note: str = ""
    completed_on: date | None = None
    due_on: date | None = None


class ActionFilters(Schema):
    mine: bool = False
    overdue: bool = False
    open: bool = True


@router.get("/actions", response=list[ActionOut], summary="Actions on cases you can see")
def list_actions(request, filters: Query[ActionFilters]):
    if not can(request.user, C.VIEW_CASES):
        require(request.user, C.VIEW_PROFESSIONAL_CONCERNS)
    actions = actions_for(request.user).select_related("owner", "incident", "complaint", "concern").prefetch_related("evidence")
    if filters.open:
        actions = actions.open()
    if filters.mine:
        actions = actions.filter(owner=request.user)
    if filters.overdue:
        actions = actions.open().filter(due_on__lt=timezone.localdate())
    return [ActionOut.build(a) for a in actions.order_by("due_on")[:2000]]


def _add_action(request, kind: str, case_id: UUID, payload: ActionIn) -> Status:
    case = get_case(request.user, kind, case_id, manage=True)
    owners = service.possible_owners(case.organisation)
    data = payload.dict()
    owner = owners.filter(username=data["owner"]).first()
    data["owner"] = owner.pk if owner else -1
    form = validated(ActionForm, data, owners=owners)
    action = apply(form, lambda d: service.add_action(case, request.user, description=d["description"],
                                                      owner=d["owner"], due_on=d["due_on"]))
    return Status(201, ActionOut.build(action))


@router.post("/incidents/{case_id}/actions", response={201: ActionOut}, summary="Add an action to an incident")
def add_incident_action(request, case_id: UUID, payload: ActionIn):
    return _add_action(request, "incident", case_id, payload)


@router.post("/complaints/{case_id}/actions", response={201: ActionOut}, summary="Add an action to a complaint")
def add_complaint_action(request, case_id: UUID, payload: ActionIn):
    return _add_action(request, "complaint", case_id, payload)


@router.post("/concerns/{case_id}/actions", response={201: ActionOut}, summary="Add an action to a professional concern")
def add_concern_action(request, case_id: UUID, payload: ActionIn):
    return _add_action(request, "concern", case_id, payload)


@router.post("/actions/{action_id}", response=ActionOut, summary="Update an action's status or progress")
def update_action(request, action_id: UUID, payload: ActionUpdateIn):
    action = get_action(request.user, action_id, manage=True)
    form = validated(ActionUpdateForm, payload.dict())
    apply(form, lambda d: service.update_action(action, request.user, status=d["status"], progress_note=d["progress_note"],
                                                completed_on=d["completed_on"], due_on=d["due_on"]))
    return ActionOut.build(get_action(request.user, action_id))
