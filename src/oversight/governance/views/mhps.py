"""MHPS pages on a professional concern: only for the concern roles (Responsible Officer, chief
medical officer, regional medical director), each in scope for the concern's organisation."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from oversight.accounts.access import require
from oversight.accounts.decorators import capability_required
from oversight.accounts.roles import Capability as C

from ..access import get_concern
from ..forms.mhps import (
    ExclusionForm,
    LiftForm,
    MhpsCaseForm,
    MhpsCloseForm,
    MhpsStartForm,
    PerformersListActionForm,
    RenewalForm,
)
from ..models import Exclusion, ExclusionKind, MhpsCase, PerformersListAction
from ..services import mhps as service
from ..services.actions import possible_owners
from .common import GOVERNANCE, done, form_page, not_now, run_service
from .concerns import CONCERNS

MANAGE = C.MANAGE_PROFESSIONAL_CONCERNS


def _case(request, pk) -> MhpsCase:
    concern = get_concern(request.user, pk, MANAGE)
    case = getattr(concern, "mhps", None)
    if case is None:
        from django.http import Http404

        raise Http404("This concern is not in the MHPS process")
    return case


def _back(concern_id) -> str:
    return reverse("governance:concern-detail", args=[concern_id]) + "#mhps"


def _crumbs(concern) -> list:
    return [GOVERNANCE, CONCERNS, {"text": concern.reference, "href": _back(concern.pk)}]


def _page(request, form, concern, title: str, **options):
    return form_page(request, form, title=title, caption=f"Professional concern {concern.reference}",
                     cancel=_back(concern.pk), breadcrumbs=_crumbs(concern), **options)


@capability_required(MANAGE)
def mhps_start(request, pk):
    concern = get_concern(request.user, pk, MANAGE)
    back = _back(pk)
    if concern.is_closed or hasattr(concern, "mhps"):
        return not_now(request, f"{concern.reference} is closed or already in the MHPS process", back)
    form = MhpsStartForm(request.POST or None, people=possible_owners(concern.organisation),
                         initial={"started_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid() and run_service(
            form, lambda d: service.start_mhps(concern, request.user, **d)):
        return done(request, f"{concern.reference}: MHPS started", back)
    return _page(request, form, concern, "Start the MHPS process", submit="Start MHPS",
                 intro=["Maintaining High Professional Standards: name the case manager, the case investigator and "
                        "the designated Board member who oversees the case."])


@capability_required(MANAGE)
def mhps_edit(request, pk):
    case = _case(request, pk)
    concern = case.concern
    if not case.is_active:
        return not_now(request, f"The MHPS case on {concern.reference} is closed", _back(pk))
    form = MhpsCaseForm(request.POST or None, people=possible_owners(concern.organisation),
                        initial=MhpsCaseForm.initial_for(case))
    if request.method == "POST" and form.is_valid() and run_service(
            form, lambda d: service.update_case(case, request.user, **d)):
        return done(request, f"{concern.reference}: MHPS case saved", _back(pk))
    return _page(request, form, concern, "MHPS case: people, advice and referrals")


@capability_required(MANAGE)
def mhps_close(request, pk):
    case = _case(request, pk)
    concern = case.concern
    if not case.is_active:
        return not_now(request, f"The MHPS case on {concern.reference} is closed", _back(pk))
    form = MhpsCloseForm(request.POST or None, initial={"closed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid() and run_service(
            form, lambda d: service.close_case(case, request.user, **d)):
        return done(request, f"{concern.reference}: MHPS case closed", _back(pk))
    return _page(request, form, concern, "Close the MHPS case", submit="Close the case")


@capability_required(MANAGE)
def exclusion_new(request, pk):
    case = _case(request, pk)
    concern = case.concern
    if not case.is_active:
        return not_now(request, f"The MHPS case on {concern.reference} is closed", _back(pk))
    form = ExclusionForm(request.POST or None, initial={"starts_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid() and run_service(
            form, lambda d: service.record_exclusion(case, request.user, **d)):
        return done(request, f"{concern.reference}: {dict(ExclusionKind.choices)[form.cleaned_data['kind']].lower()} recorded",
                    _back(pk))
    return _page(request, form, concern, "Record an exclusion or restriction of practice",
                 intro=["An immediate exclusion lasts at most 2 weeks. A formal exclusion lasts at most 4 weeks at a "
                        "time, is reviewed before each renewal, and needs NHS Resolution Practitioner Performance "
                        "Advice consulted first."])


def _exclusion(request, pk) -> Exclusion:
    exclusion = get_object_or_404(Exclusion.objects.select_related("case__concern__organisation"), pk=pk)
    require(request.user, MANAGE, exclusion.case.concern)
    return exclusion


@capability_required(MANAGE)
def exclusion_renew(request, pk):
    previous = _exclusion(request, pk)
    case, concern = previous.case, previous.case.concern
    back = _back(concern.pk)
    if not case.is_active or previous.kind != ExclusionKind.FORMAL or previous.is_renewed or previous.lifted_on:
        return not_now(request, "Only a formal exclusion in force, not yet renewed, can be renewed", back)
    from datetime import timedelta

    form = RenewalForm(request.POST or None, initial={"starts_on": previous.ends_on + timedelta(days=1),
                                                      "details": previous.details})
    if request.method == "POST" and form.is_valid() and run_service(
            form, lambda d: service.record_exclusion(case, request.user, kind=ExclusionKind.FORMAL, renews=previous, **d)):
        return done(request, f"{concern.reference}: formal exclusion renewed", back)
    return _page(request, form, concern, "Renew the formal exclusion",
                 intro=[f"The current period ends on {previous.ends_on.day} {previous.ends_on:%B %Y}. It must be "
                        f"reviewed before it is renewed, for at most 4 weeks."])


@capability_required(MANAGE)
def exclusion_lift(request, pk):
    exclusion = _exclusion(request, pk)
    concern = exclusion.case.concern
    form = LiftForm(request.POST or None, initial={"lifted_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid() and run_service(
            form, lambda d: service.lift_exclusion(exclusion, request.user, **d)):
        return done(request, f"{concern.reference}: {exclusion.get_kind_display().lower()} lifted", _back(concern.pk))
    return _page(request, form, concern, f"Lift the {exclusion.get_kind_display().lower()}", submit="Lift")


@capability_required(MANAGE)
def performers_list_new(request, pk):
    case = _case(request, pk)
    concern = case.concern
    if not case.is_active:
        return not_now(request, f"The MHPS case on {concern.reference} is closed", _back(pk))
    form = PerformersListActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and run_service(
            form, lambda d: service.record_performers_list_action(case, request.user, **d)):
        return done(request, f"{concern.reference}: Performers List action recorded", _back(pk))
    return _page(request, form, concern, "Record a Performers List action",
                 intro=["The Performance Screening Group screens the case; the Decision Panel decides conditions "
                        "(regulation 10), suspension (regulation 12) or removal. Suspensions are notified to NHS "
                        "Resolution; appeals go to the First-tier Tribunal."])


@capability_required(MANAGE)
def performers_list_edit(request, pk):
    action = get_object_or_404(PerformersListAction.objects.select_related("case__concern__organisation"), pk=pk)
    concern = action.case.concern
    require(request.user, MANAGE, concern)
    form = PerformersListActionForm(request.POST or None, initial=PerformersListActionForm.initial_for(action))
    if request.method == "POST" and form.is_valid() and run_service(
            form, lambda d: service.update_performers_list_action(action, request.user, **d)):
        return done(request, f"{concern.reference}: Performers List action saved", _back(concern.pk))
    return _page(request, form, concern, "Performers List action")
