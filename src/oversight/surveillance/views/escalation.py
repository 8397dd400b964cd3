"""The escalation register: levels per provider, owned actions raised from signals, overdue actions."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from oversight.accounts.decorators import capability_required
from oversight.accounts.roles import Capability

from ..forms import ActionForm, ActionUpdateForm, LevelForm
from ..models import Escalation, EscalationAction, SignalKind
from ..providers import provider_for
from ..selectors import (
    eligible_owners,
    escalation_visible,
    level_choices,
    level_label,
    level_order,
    require_manage,
    visible_actions,
    visible_escalations,
)
from ..services.escalation import create_action, set_level, update_action
from ..signal_links import surveillance_page
from .common import crumbs, may_manage, provider_or_404, run_or_none

VIEW = Capability.VIEW_SURVEILLANCE
MANAGE = Capability.MANAGE_ESCALATION
REGISTER = ("Escalation register", "/surveillance/escalations/")


@capability_required(VIEW)
def register(request):
    level = request.GET.get("level", "")
    escalations = visible_escalations(request.user).prefetch_related("actions")
    if level:
        escalations = escalations.filter(level=level)
    today = timezone.localdate()
    rows = []
    for e in escalations:
        actions = list(e.actions.all())
        rows.append({
            "e": e, "label": level_label(e.level), "order": level_order(e.level),
            "open": sum(1 for a in actions if a.is_open),
            "overdue": sum(1 for a in actions if a.is_open and a.due_date < today),
        })  # fmt: skip
    rows.sort(key=lambda r: (-r["order"], r["e"].provider_name))
    return render(request, "surveillance/escalations.jinja",
                  {"page_title": "Escalation register", "breadcrumbs": crumbs(), "rows": rows,
                   "levels": level_choices(), "level": level, "today": today})  # fmt: skip


@capability_required(VIEW)
def overdue(request):
    today = timezone.localdate()
    actions = visible_actions(request.user).overdue(today).order_by("due_date")
    reviews = visible_escalations(request.user).filter(review_date__lt=today).order_by("review_date")
    return render(request, "surveillance/overdue.jinja",
                  {"page_title": "Overdue actions and reviews", "breadcrumbs": crumbs(REGISTER),
                   "actions": actions, "reviews": reviews, "today": today, "level_label": level_label})  # fmt: skip


@capability_required(VIEW)
def provider_escalation(request, code: str):
    provider = provider_or_404(request, code, run_or_none())
    escalation = Escalation.objects.filter(provider_code=provider.code).first()
    actions = escalation.actions.select_related("owner").order_by("status", "due_date") if escalation else []
    history = escalation.changes.all() if escalation else []
    return render(request, "surveillance/escalation.jinja",
                  {"page_title": f"Escalation: {provider.name}", "provider": provider, "escalation": escalation,
                   "actions": actions, "history": history, "level_label": level_label,
                   "can_manage": may_manage(request, provider), "today": timezone.localdate(),
                   "breadcrumbs": crumbs(REGISTER)})  # fmt: skip


@capability_required(MANAGE)
def change_level(request, code: str):
    provider = provider_or_404(request, code, run_or_none(), capability=MANAGE)
    escalation = Escalation.objects.filter(provider_code=provider.code).first()
    initial = {"level": escalation.level, "review_date": escalation.review_date} if escalation else {"level": "routine"}
    form = LevelForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            set_level(provider, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, f"{provider.name} is now at {level_label(form.cleaned_data['level']).lower()}.")
            return redirect("surveillance:escalation", code=provider.code)
    return render(request, "surveillance/level_form.jinja",
                  {"page_title": f"Surveillance level: {provider.name}", "form": form, "provider": provider,
                   "escalation": escalation, "level_label": level_label,
                   "breadcrumbs": crumbs(REGISTER, (provider.name, reverse("surveillance:escalation", kwargs={"code": provider.code})))})  # fmt: skip


@capability_required(MANAGE)
def new_action(request, code: str):
    provider = provider_or_404(request, code, run_or_none(), capability=MANAGE)
    owners = eligible_owners(provider)
    if request.method == "POST":
        form = ActionForm(request.POST, owners=owners)
    else:
        kind = request.GET.get("signal_kind", SignalKind.MANUAL)
        initial = {
            "signal_kind": kind if kind in SignalKind.values else SignalKind.MANUAL,
            "signal_text": request.GET.get("signal_text", "")[:500],
            "signal_url": surveillance_page(request.GET.get("signal_url")),
            "title": request.GET.get("title", "")[:200],
            "due_date": timezone.localdate() + timedelta(days=28),
            "owner": str(request.user.id) if any(u.id == request.user.id for u in owners) else "",
        }
        form = ActionForm(initial=initial, owners=owners)
    if request.method == "POST" and form.is_valid():
        try:
            action = create_action(provider, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, f"Action raised for {provider.name}, owned by {action.owner.display_name}.")
            return redirect("surveillance:escalation", code=provider.code)
    signal_kind = form["signal_kind"].value()
    return render(request, "surveillance/action_form.jinja",
                  {"page_title": f"Raise an action: {provider.name}", "form": form, "provider": provider,
                   "signal_text": form["signal_text"].value(), "signal_url": surveillance_page(form["signal_url"].value()),
                   "signal_kind_label": SignalKind(signal_kind).label if signal_kind in SignalKind.values else "",
                   "breadcrumbs": crumbs(REGISTER, (provider.name, reverse("surveillance:escalation", kwargs={"code": provider.code})))})  # fmt: skip


@capability_required(VIEW)
def action(request, pk):
    item = get_object_or_404(EscalationAction.objects.select_related("escalation", "owner"), pk=pk)
    if not escalation_visible(request.user, item.escalation):
        raise PermissionDenied("This action belongs to a provider outside the organisations you oversee.")
    provider = provider_for(item.escalation.provider_code, run_or_none())
    manage = provider is not None and may_manage(request, provider)
    form = None
    if manage:
        owners = eligible_owners(provider)
        if item.owner not in owners:
            owners = [item.owner, *owners]
        initial = {"status": item.status, "owner": str(item.owner_id), "due_date": item.due_date, "evidence_note": item.evidence_note}
        form = ActionUpdateForm(request.POST or None, initial=initial, owners=owners)
        if request.method == "POST" and form.is_valid():
            try:
                update_action(item, provider, **form.cleaned_data)
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(request, "Action updated.")
                return redirect("surveillance:escalation", code=item.escalation.provider_code)
    elif request.method == "POST":
        require_manage(request.user, provider) if provider else None
        raise PermissionDenied("You cannot change this action.")
    return render(request, "surveillance/action.jinja",
                  {"page_title": f"Action: {item.title}", "item": item, "form": form,
                   "breadcrumbs": crumbs(REGISTER, (item.escalation.provider_name,
                                                    reverse("surveillance:escalation", kwargs={"code": item.escalation.provider_code})))})  # fmt: skip
