"""Professional concerns: visible only to those who may see concerns (Responsible Officer, medical directors)."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils import timezone

from oversight.accounts.access import scope_ids
from oversight.accounts.decorators import capability_required
from oversight.accounts.roles import Capability as C
from oversight.audit import auditor
from oversight.workforce.models import Clinician

from ..access import concerns_for, get_concern
from ..forms.concerns import ConcernForm, StageForm
from ..presenters.concerns import CONCERN_COLUMNS, ConcernPresenter, concern_row
from ..services import concerns as service
from .common import GOVERNANCE, done, form_page, not_now, run_service

CONCERNS = {"text": "Professional concerns", "href": reverse_lazy("governance:concern-list")}
OPENED_CONCERN = "Opened the professional concern's page"


@capability_required(C.VIEW_PROFESSIONAL_CONCERNS)
def concern_list(request):
    concerns = concerns_for(request.user).select_related("clinician").order_by("-raised_on")
    show = request.GET.get("show", "open")
    if show == "open":
        concerns = concerns.filter(closed_on__isnull=True)
    return render(request, "governance/concern_list.jinja", {
        "page_title": "Professional concerns", "rows": [concern_row(c) for c in concerns], "columns": CONCERN_COLUMNS,
        "show": show, "can_manage": bool(scope_ids(request.user, C.MANAGE_PROFESSIONAL_CONCERNS)), "breadcrumbs": [GOVERNANCE],
    })


@capability_required(C.MANAGE_PROFESSIONAL_CONCERNS)
def concern_new(request):
    clinicians = Clinician.objects.filter(organisation_id__in=scope_ids(request.user, C.MANAGE_PROFESSIONAL_CONCERNS))
    form = ConcernForm(request.POST or None, clinicians=clinicians.order_by("name"),
                       initial={"clinician": request.GET.get("clinician"), "raised_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        concern = run_service(form, lambda data: service.raise_concern(user=request.user, **data))
        if concern:
            return done(request, f"Concern {concern.reference} recorded", reverse("governance:concern-detail", args=[concern.pk]))
    return form_page(request, form, title="Record a professional concern", submit="Record concern",
                     breadcrumbs=[GOVERNANCE, CONCERNS], cancel=reverse("governance:concern-list"),
                     intro=[("If the clinician is not in the list, add them first: "
                             "they must be recorded with their GMC, NMC or HCPC number.")],
                     add_clinician=reverse("workforce:clinician-new"))


@capability_required(C.VIEW_PROFESSIONAL_CONCERNS)
def concern_detail(request, pk):
    concern = get_concern(request.user, pk)
    # The whole page is confidential (what the concern is, restrictions, outcome): each opening is logged.
    auditor.view(concern, reason=OPENED_CONCERN)
    presenter = ConcernPresenter(concern, request.user, timezone.localdate())
    return render(request, "governance/concern_detail.jinja", {
        "page_title": presenter.title, "concern": presenter, "breadcrumbs": [GOVERNANCE, CONCERNS],
    })


@capability_required(C.MANAGE_PROFESSIONAL_CONCERNS)
def concern_stage(request, pk):
    concern = get_concern(request.user, pk, C.MANAGE_PROFESSIONAL_CONCERNS)
    form = StageForm(request.POST or None, initial={"on": timezone.localdate(), "restrictions": concern.restrictions})
    back = reverse("governance:concern-detail", args=[pk])
    if concern.is_closed:
        return not_now(request, f"{concern.reference} is closed: no other stage can be recorded", back)
    if request.method == "POST" and form.is_valid() and run_service(form, lambda d: service.move_to_stage(
            concern, request.user, stage=d["stage"], note=d["note"], outcome=d["outcome"],
            restrictions=d["restrictions"], on=d["on"])):
        return done(request, f"{concern.reference}: stage recorded", back)
    return form_page(request, form, title="Move to another stage", caption=f"Professional concern {concern.reference}",
                     cancel=back, breadcrumbs=[GOVERNANCE, CONCERNS, {"text": concern.reference, "href": back}])
