"""Revalidation pages: a doctor's GMC state and recommendations; making, checking and submitting a
recommendation; the Employer Liaison contact; the GMC's outcome; the ready list's batch of positive
recommendations; and the GMC Connect list out (CSV) and back in. Reading: VIEW_PROFESSIONAL_STANDARDS;
recommending and the GMC list: MAKE_REVALIDATION_RECOMMENDATIONS (the Responsible Officer). The doctor
must be in the user's scope (access.py), else 403. The rules are the service's."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from oversight.accounts.decorators import capability_required
from oversight.accounts.roles import Capability as C
from oversight.audit import auditor
from oversight.workforce.models import Clinician

from .. import access
from ..forms.revalidation import (
    ElsContactForm,
    GmcImportForm,
    GmcOutcomeForm,
    GmcStateForm,
    RecommendationForm,
)
from ..models import DEFERRAL_CRITERIA, DoctorRevalidation, Recommendation, RecommendationStatus
from ..presenters.dashboard import load_states, revalidation_url
from ..presenters.revalidation import ELS_COLUMNS, RECOMMENDATION_COLUMNS, DoctorRevalidationPresenter
from ..services import revalidation as service
from .dashboard import breadcrumbs

MAKE = C.MAKE_REVALIDATION_RECOMMENDATIONS


def doctor_for(request, pk, capability: str = C.VIEW_PROFESSIONAL_STANDARDS) -> Clinician:
    clinician = get_object_or_404(Clinician.objects.select_related("organisation", "designated_body"), pk=pk)
    if not access.may(request.user, capability, clinician):
        raise PermissionDenied("This doctor is not connected to a designated body in your scope.")
    return clinician


def recommendation_for(request, pk) -> Recommendation:
    recommendation = get_object_or_404(Recommendation.objects.select_related("clinician", "els_contact"), pk=pk)
    doctor_for(request, recommendation.clinician_id, MAKE)
    return recommendation


def _crumbs(clinician, *extra):
    return breadcrumbs({"text": "Dashboard", "href": reverse("professional_standards:dashboard")},
                       {"text": clinician.name, "href": revalidation_url(clinician)}, *extra)


def _form_page(request, form, *, title: str, clinician, submit: str = "Save", intro=(), warning: str = "",
               template: str = "professional_standards/revalidation_form.jinja", **extra):
    return render(request, template, {
        "page_title": title, "form": form, "submit": submit, "caption": f"{clinician.name} ({clinician.registration_label})",
        "intro": list(intro), "warning": warning, "cancel": revalidation_url(clinician), "breadcrumbs": _crumbs(clinician),
        **extra,
    })


def _run(form, call):
    try:
        return call()
    except ValidationError as error:
        form.add_service_error(_on_form_fields(error))
        return None


def _on_form_fields(error: ValidationError) -> ValidationError:
    """The service names each deferral criterion; the form has them as one group of checkboxes."""
    if not hasattr(error, "error_dict"):
        return error
    fields: dict[str, list[str]] = {}
    for name, messages_ in error.message_dict.items():
        fields.setdefault("criteria" if name.startswith("criterion_") else name, []).extend(messages_)
    return ValidationError(fields)


# ------------------------------------------------------------------------------ the doctor ----


@capability_required(C.VIEW_PROFESSIONAL_STANDARDS)
def doctor_revalidation(request, pk):
    clinician = doctor_for(request, pk)
    auditor.view(clinician, reason="Doctor's revalidation page: Responsible Officer's oversight of revalidation")
    may_recommend = access.may(request.user, MAKE, clinician)
    presenter = DoctorRevalidationPresenter(clinician, timezone.localdate(), may_recommend=may_recommend)
    return render(request, "professional_standards/revalidation_doctor.jinja", {
        "page_title": presenter.title, "doctor": presenter, "recommendation_columns": RECOMMENDATION_COLUMNS,
        "els_columns": ELS_COLUMNS, "breadcrumbs": breadcrumbs({"text": "Dashboard", "href": reverse("professional_standards:dashboard")}),
    })


@capability_required(MAKE)
def recommendation_new(request, pk):
    clinician = doctor_for(request, pk, MAKE)
    draft = Recommendation.objects.filter(clinician=clinician, status=RecommendationStatus.DRAFT).first()
    initial = RecommendationForm.initial_of(draft) or {"kind": request.GET.get("kind", "")}
    form = RecommendationForm(request.POST or None, initial=initial)
    presenter = DoctorRevalidationPresenter(clinician, timezone.localdate(), may_recommend=True)
    if request.method == "POST" and form.is_valid():
        submit_now = request.POST.get("action") == "submit"
        data = form.service_data()
        recommendation = _run(form, lambda: service.make_recommendation(clinician, request.user, submit_now=submit_now, **data))
        if recommendation is not None:
            done = "submitted to the GMC" if recommendation.is_submitted else "saved as a draft"
            messages.success(request, f"{recommendation.get_kind_display()} recommendation {done}")
            return redirect(revalidation_url(clinician))
    return _form_page(request, form, title="Make a recommendation" if draft is None else "Change the draft recommendation",
                      clinician=clinician, template="professional_standards/revalidation_recommendation.jinja",
                      doctor=presenter, warning=presenter.els_message)


@capability_required(MAKE)
def recommendation_submit(request, pk):
    recommendation = recommendation_for(request, pk)
    clinician = recommendation.clinician
    if recommendation.is_submitted:
        messages.warning(request, "This recommendation was submitted to the GMC: nothing can be changed once submitted")
        return redirect(revalidation_url(clinician))
    problems = []
    if request.method == "POST":
        try:
            service.submit(recommendation, request.user)
        except ValidationError as error:
            problems = [m for messages_ in error.message_dict.values() for m in messages_]
        else:
            messages.success(request, f"{recommendation.get_kind_display()} recommendation submitted to the GMC")
            return redirect(revalidation_url(clinician))
    criteria = [wording for name, wording in DEFERRAL_CRITERIA if getattr(recommendation, name)]
    return render(request, "professional_standards/revalidation_submit.jinja", {
        "page_title": "Check and submit the recommendation", "recommendation": recommendation, "criteria": criteria,
        "problems": problems, "cancel": revalidation_url(clinician), "breadcrumbs": _crumbs(clinician),
        "caption": f"{clinician.name} ({clinician.registration_label})",
    })


@capability_required(MAKE)
def recommendation_outcome(request, pk):
    recommendation = recommendation_for(request, pk)
    clinician = recommendation.clinician
    if not recommendation.is_submitted or recommendation.gmc_outcome:
        messages.warning(request, "Only a submitted recommendation awaiting the GMC can have its outcome recorded")
        return redirect(revalidation_url(clinician))
    form = GmcOutcomeForm(request.POST or None, initial={"on": timezone.localdate()})
    if request.method == "POST" and form.is_valid() and _run(form, lambda: service.record_gmc_outcome(
            recommendation, request.user, **form.cleaned_data)):
        messages.success(request, "The GMC's outcome is recorded")
        return redirect(revalidation_url(clinician))
    return _form_page(request, form, title="Record the GMC's outcome", clinician=clinician, submit="Record outcome",
                      intro=[f"{recommendation.get_kind_display()} recommendation for the submission date "
                             f"{recommendation.submission_due_on:%-d %B %Y}."])


@capability_required(MAKE)
def els_contact_new(request, pk):
    clinician = doctor_for(request, pk, MAKE)
    form = ElsContactForm(request.POST or None, initial={"contacted_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid() and _run(form, lambda: service.record_els_contact(
            clinician, request.user, **form.cleaned_data)):
        messages.success(request, "The Employer Liaison Service contact is recorded")
        return redirect(revalidation_url(clinician))
    return _form_page(request, form, title="Record an Employer Liaison Service contact", clinician=clinician,
                      submit="Record contact",
                      intro=["The GMC's Employer Liaison Service must be contacted before a second consecutive deferral, "
                             "any non-engagement recommendation, and a deferral or non-engagement for a doctor who has "
                             "raised a public-interest concern."])


@capability_required(MAKE)
def gmc_state(request, pk):
    clinician = doctor_for(request, pk, MAKE)
    current = DoctorRevalidation.objects.filter(clinician=clinician).first()
    initial = {name: getattr(current, name) for name in service.GMC_STATE_FIELDS} if current else {}
    form = GmcStateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid() and _run(form, lambda: service.update_gmc_state(
            clinician, request.user, **form.cleaned_data)):
        messages.success(request, "The doctor's GMC state is recorded")
        return redirect(revalidation_url(clinician))
    return _form_page(request, form, title="The doctor's GMC state", clinician=clinician,
                      intro=["As GMC Connect shows it. Importing the GMC's list updates it for every doctor at once."])


# --------------------------------------------------------------------------- the ready list ----


def ready_states(user):
    states = load_states(access.doctors_for(user, MAKE), timezone.localdate())
    return [s for s in states if "ready" in s.states and (s.draft is None or s.draft.kind == "revalidate")]


@capability_required(MAKE)
def ready(request):
    states = ready_states(request.user)
    problems = []
    if request.method == "POST":
        by_id = {str(s.clinician.pk): s.clinician for s in states}
        chosen_ids = request.POST.getlist("doctor")
        unknown = [i for i in chosen_ids if i not in by_id]
        if not chosen_ids:
            problems = ["Choose at least one doctor to recommend"]
        elif unknown:
            problems = ["A doctor chosen is no longer on the ready list: reload the page and choose again"]
        else:
            try:
                batches = service.submit_ready([by_id[i] for i in chosen_ids], request.user)
            except ValidationError as error:
                problems = [m for messages_ in error.message_dict.values() for m in messages_]
            else:
                count = sum(b.size for b in batches)
                messages.success(request, f"{count} recommendation{'s' if count != 1 else ''} to revalidate submitted "
                                          f"to the GMC together")
                return redirect("professional_standards:ready")
    rows = [{"id": str(s.clinician.pk), "name": s.clinician.name, "gmc": s.clinician.registration_number,
             "organisation": s.clinician.organisation.name, "due": s.submission_due_on,
             "href": revalidation_url(s.clinician), "draft": s.draft is not None} for s in states]
    return render(request, "professional_standards/ready.jinja", {
        "page_title": "Ready to recommend", "rows": rows, "problems": problems,
        "chosen": set(request.POST.getlist("doctor")), "breadcrumbs": breadcrumbs(),
        "clauses": service.rules_of.revalidation_rules().ready_clauses, "clause_words": service.rules_of.READY_CLAUSES,
    })


# --------------------------------------------------------------------------- the GMC's list ----


@capability_required(MAKE)
def gmc_export(request):
    return service.export_for_submission(request, access.doctors_for(request.user, MAKE))


@capability_required(MAKE)
def gmc_import(request):
    form = GmcImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > settings.OVERSIGHT_IMPORT_MAX_MB * 1024 * 1024:
            form.add_error("file", f"The file must be {settings.OVERSIGHT_IMPORT_MAX_MB} MB or smaller")
        else:
            result = service.import_gmc_list(upload.read(), request.user, clinicians=access.doctors_for(request.user, MAKE))
            if result.ok:
                messages.success(request, f"The GMC's list is imported: {result.updated} doctors updated, "
                                          f"{result.outcomes} outcomes recorded")
                return redirect("professional_standards:dashboard")
    columns = service.rules_of.revalidation_rules().gmc_columns
    return render(request, "professional_standards/gmc_import.jinja", {
        "page_title": "Import the GMC's list", "form": form, "result": result, "columns": list(columns.values()),
        "problems": [{"row": p.row, "column": p.column or "–", "problem": p.problem} for p in result.problems] if result else [],
        "breadcrumbs": breadcrumbs({"text": "Dashboard", "href": reverse("professional_standards:dashboard")}),
    })
