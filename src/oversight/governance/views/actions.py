"""Actions on a case: add one, update it, attach evidence and download it; my tasks and overdue."""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from oversight.accounts.access import can
from oversight.accounts.decorators import capability_required
from oversight.accounts.roles import Capability as C
from oversight.audit.auditor import record
from oversight.audit.models import AuditAction
from oversight.core.formatting import format_date

from ..access import CASE_CAPABILITIES, get_action, get_case, get_evidence
from ..forms.actions import ActionForm, ActionUpdateForm, EvidenceForm
from ..presenters.actions import CASE_URLS, action_tag
from ..presenters.common import row
from ..presenters.dashboard import OverduePresenter, TasksPresenter
from ..services import actions as service
from .common import GOVERNANCE, done, form_page, run_service


def _new_action(request, kind: str, pk):
    case = get_case(request.user, kind, pk, manage=True)
    form = ActionForm(request.POST or None, owners=service.possible_owners(case.organisation))
    back = reverse(CASE_URLS[kind], args=[pk])
    if request.method == "POST" and form.is_valid() and run_service(
        form, lambda d: service.add_action(case, request.user, description=d["description"], owner=d["owner"],
                                           due_on=d["due_on"])):
        return done(request, "Action added", back)
    return form_page(request, form, title="Add an action", caption=case.reference, cancel=back,
                     breadcrumbs=[GOVERNANCE, {"text": case.reference, "href": back}])


@capability_required(C.MANAGE_CASES)
def incident_action_new(request, pk):
    return _new_action(request, "incident", pk)


@capability_required(C.MANAGE_CASES)
def complaint_action_new(request, pk):
    return _new_action(request, "complaint", pk)


@capability_required(C.MANAGE_PROFESSIONAL_CONCERNS)
def concern_action_new(request, pk):
    return _new_action(request, "concern", pk)


@capability_required(C.VIEW_CASES, C.VIEW_PROFESSIONAL_CONCERNS)
def action_detail(request, pk):
    action = get_action(request.user, pk)
    if action.concern_id and request.method == "GET":
        # An action on a professional concern is part of that confidential case.
        record(AuditAction.VIEW, action, reason="Opened an action on a professional concern")
    manage = can(request.user, CASE_CAPABILITIES[action.case_kind][1], action)
    which = request.POST.get("form") if request.method == "POST" else None
    if which and not manage:
        get_action(request.user, pk, manage=True)  # raises PermissionDenied
    update = ActionUpdateForm(request.POST if which == "update" else None,
                              initial={"status": action.status, "progress_note": action.progress_note})
    evidence = EvidenceForm(request.POST if which == "evidence" else None, request.FILES if which == "evidence" else None)
    here = reverse("governance:action-detail", args=[pk])
    if which == "update" and update.is_valid() and run_service(
        update, lambda d: service.update_action(action, request.user, status=d["status"], progress_note=d["progress_note"],
                                                completed_on=d["completed_on"], due_on=d["due_on"])):
        return done(request, "Action updated", here)
    if which == "evidence" and evidence.is_valid() and run_service(
            evidence, lambda d: service.attach_evidence(action, request.user, d["file"])):
        return done(request, "Evidence uploaded", here)
    today = timezone.localdate()
    case_href = reverse(CASE_URLS[action.case_kind], args=[action.case.pk])
    summary = [row("Case", action.case.reference), row("What needs to be done", action.description),
               row("Owner", action.owner.display_name), row("Due", action.due_on),
               row("Status", action_tag(action, today).text), row("Progress", action.progress_note, "None recorded"),
               row("Completed", format_date(action.completed_on, "Not yet"))]
    files = [{"name": e.original_name, "href": reverse("governance:evidence", args=[e.pk]), "size": e.size,
              "by": e.uploaded_by_label, "when": format_date(e.created_at)} for e in action.evidence.all()]
    return render(request, "governance/action_detail.jinja", {
        "page_title": "Action", "action": action, "details": summary, "files": files, "manage": manage,
        "update": update, "evidence": evidence, "case_href": case_href,
        "breadcrumbs": [GOVERNANCE, {"text": action.case.reference, "href": case_href}],
    })


@capability_required(C.VIEW_CASES, C.VIEW_PROFESSIONAL_CONCERNS)
def evidence_download(request, pk):
    evidence = get_evidence(request.user, pk)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing from storage") from None
    record(AuditAction.VIEW, evidence, reason="Downloaded action evidence")
    return FileResponse(handle, as_attachment=True, filename=evidence.original_name, content_type=evidence.content_type)


@capability_required(C.VIEW_CASES, C.VIEW_PROFESSIONAL_CONCERNS)
def my_tasks(request):
    return render(request, "governance/tasks.jinja", {
        "page_title": "My tasks", "tasks": TasksPresenter(request.user, timezone.localdate()), "breadcrumbs": [GOVERNANCE],
    })


@capability_required(C.VIEW_CASES, C.VIEW_PROFESSIONAL_CONCERNS)
def overdue(request):
    return render(request, "governance/overdue.jinja", {
        "page_title": "Overdue", "overdue": OverduePresenter(request.user, timezone.localdate()), "breadcrumbs": [GOVERNANCE],
    })
