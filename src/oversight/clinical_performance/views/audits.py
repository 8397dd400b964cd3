"""The clinician audit pages: import consultations, rounds and their samples, the auditor's queue,
screening, the panel, releasing feedback, and the clinician's own audits with their reflection.
Thin: permission, form, service, presenter, template. Every view of an identifiable clinician's
audit is recorded in the audit trail with its reason."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from oversight.accounts.access import organisations_in_scope, require, scope_ids
from oversight.accounts.decorators import capability_required
from oversight.accounts.roles import Capability as C
from oversight.audit import auditor
from oversight.audit.exports import audited_csv
from oversight.organisations.models import OrganisationKind

from ..access import own_clinician
from ..forms.audits import (
    ConsultationImportForm,
    DrawSampleForm,
    PanelForm,
    ReflectionForm,
    ReleaseForm,
    RoundForm,
    ScreenForm,
)
from ..models import AuditCase, AuditRound, CaseStatus
from ..presenters import audits as ap
from ..selectors import audit_queue
from ..services import consultations, reviews, rounds
from ..services.errors import AuditRuleError

PAGE_SIZE = 50


def _crumbs(*extra: dict) -> list[dict]:
    return [{"text": "Clinical performance", "href": reverse("clinical_performance:index")},
            {"text": "Clinician audit", "href": reverse("clinical_performance:audit-rounds")}, *extra]


def _service_error(form, error: AuditRuleError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


def _managed_organisations(user):
    return organisations_in_scope(user, C.MANAGE_CLINICAL_AUDIT).exclude(kind=OrganisationKind.SITE).order_by("name")


def _page(request, items):
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    prefix = f"?{query.urlencode()}&" if query else "?"
    return page, {"previous": f"{prefix}page={page.previous_page_number()}" if page.has_previous() else "",
                  "next": f"{prefix}page={page.next_page_number()}" if page.has_next() else ""}


@capability_required(C.MANAGE_CLINICAL_AUDIT)
def consultation_import(request):
    form = ConsultationImportForm(request.POST or None, request.FILES or None,
                                  organisations=_managed_organisations(request.user))
    result = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        result = consultations.import_consultations(organisation=data["organisation"], shape=data["shape"],
                                                    data=data["file"].read())
        if result.imported:
            messages.success(request, f"{result.created:,} consultation{'' if result.created == 1 else 's'} imported")
            return redirect("clinical_performance:audit-rounds")
    return render(request, "clinical_performance/audit_import.jinja", {
        "page_title": "Import consultations", "form": form, "result": result, "breadcrumbs": _crumbs(),
    })


def _rounds_for(user):
    return (AuditRound.objects.filter(organisation_id__in=scope_ids(user, C.MANAGE_CLINICAL_AUDIT))
            .select_related("organisation"))


def _case_counts(round_ids) -> dict:
    counts = (AuditCase.objects.filter(round_id__in=round_ids).values("round_id")
              .annotate(total=Count("id"), released=Count("id", filter=Q(status=CaseStatus.RELEASED))))
    return {row["round_id"]: (row["total"], row["released"]) for row in counts}


@capability_required(C.MANAGE_CLINICAL_AUDIT)
def round_list(request):
    page, pages = _page(request, _rounds_for(request.user))
    counts = _case_counts([r.pk for r in page])
    return render(request, "clinical_performance/audit_rounds.jinja", {
        "page_title": "Clinician audit rounds", "rows": [ap.round_row(r, counts) for r in page],
        "columns": ap.ROUND_COLUMNS, "pages": pages, "breadcrumbs": _crumbs()[:1],
    })


@capability_required(C.MANAGE_CLINICAL_AUDIT)
def round_list_csv(request):
    audit_rounds = list(_rounds_for(request.user))
    counts = _case_counts([r.pk for r in audit_rounds])
    rows = ([r.name, r.organisation.ods_code, r.period_start.isoformat(), r.period_end.isoformat(), r.get_status_display(),
             r.seed if r.seed is not None else "", r.template.name, r.template.version, *counts.get(r.pk, (0, 0))]
            for r in audit_rounds)
    return audited_csv(request, filename="clinician-audit-rounds.csv", object_type="clinician audit rounds",
                       header=["round", "organisation", "period_start", "period_end", "status", "seed", "template",
                               "template_version", "cases", "feedback_released"], rows=rows,
                       what="clinician audit rounds CSV")


@capability_required(C.MANAGE_CLINICAL_AUDIT)
def round_new(request):
    form = RoundForm(request.POST or None, organisations=_managed_organisations(request.user),
                     initial={"sampling_method": rounds.programme().sampling_method,
                              "per_clinician": rounds.programme().per_clinician,
                              "percentage": rounds.programme().percentage})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            audit_round = rounds.create_round(
                organisation=data["organisation"], name=data["name"], period_start=data["period_start"],
                period_end=data["period_end"], sampling_method=data["sampling_method"], per_clinician=data["per_clinician"],
                percentage=data["percentage"], created_by=request.user)
        except AuditRuleError as error:
            _service_error(form, error)
        else:
            messages.success(request, f"Round {audit_round.name} created: draw its sample next")
            return redirect("clinical_performance:audit-round", pk=audit_round.pk)
    return render(request, "clinical_performance/audit_form.jinja", {
        "page_title": "New audit round", "form": form, "submit": "Create the round", "breadcrumbs": _crumbs(),
        "intro": "A round samples each clinician's consultations in its period. Clinicians at higher risk are sampled "
                 "more: re-audit after a low score, new starters and those working many hours.",
    })


def _managed_round(request, pk) -> AuditRound:
    audit_round = get_object_or_404(AuditRound.objects.select_related("organisation", "template"), pk=pk)
    require(request.user, C.MANAGE_CLINICAL_AUDIT, audit_round.organisation)
    return audit_round


def _round_cases(audit_round):
    return (audit_round.cases.select_related("consultation", "clinician", "auditor", "round")
            .order_by("clinician__name", "consultation__consulted_at"))


@capability_required(C.MANAGE_CLINICAL_AUDIT)
def round_detail(request, pk):
    audit_round = _managed_round(request, pk)
    form = DrawSampleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rounds.draw_sample(audit_round=audit_round, seed=form.cleaned_data["seed"])
        except AuditRuleError as error:
            _service_error(form, error)
        else:
            messages.success(request, "Sample drawn and shared between the auditors")
            return redirect("clinical_performance:audit-round", pk=audit_round.pk)
    cases = list(_round_cases(audit_round))
    if cases:
        auditor.view(audit_round, reason="Clinician audit round: each clinician's sample and progress")
    page, pages = _page(request, cases)
    return render(request, "clinical_performance/audit_round.jinja", {
        "page_title": audit_round.name, "round": audit_round, "period": ap.period(audit_round), "form": form,
        "progress": ap.progress(cases), "clinician_rows": ap.clinician_rows(cases), "clinician_columns": ap.CLINICIAN_COLUMNS,
        "case_rows": [ap.case_row(c) for c in page], "case_columns": ap.CASE_COLUMNS, "pages": pages,
        "workload": sorted(ap.workload(cases).items()), "breadcrumbs": _crumbs(),
    })


@capability_required(C.MANAGE_CLINICAL_AUDIT)
def round_close(request, pk):
    audit_round = _managed_round(request, pk)
    if request.method != "POST":  # the button is on the round's page
        return redirect("clinical_performance:audit-round", pk=audit_round.pk)
    try:
        rounds.close_round(audit_round=audit_round)
    except AuditRuleError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{audit_round.name} closed: its scores and feedback are final")
    return redirect("clinical_performance:audit-round", pk=audit_round.pk)


@capability_required(C.MANAGE_CLINICAL_AUDIT)
def round_csv(request, pk):
    audit_round = _managed_round(request, pk)
    return audited_csv(request, filename="clinician-audit-sample.csv", header=ap.ROUND_CSV_HEADER,
                       rows=ap.round_csv_rows(_round_cases(audit_round)), object_type="clinician audit sample",
                       what=f"sample of audit round {audit_round.name}")


@capability_required(C.REVIEW_CLINICAL_AUDIT)
def queue(request):
    page, pages = _page(request, audit_queue(request.user))
    return render(request, "clinical_performance/audit_queue.jinja", {
        "page_title": "My audit queue", "rows": [ap.queue_row(c) for c in page], "columns": ap.QUEUE_COLUMNS,
        "pages": pages, "count": page.paginator.count, "breadcrumbs": _crumbs()[:1],
    })


def _case(pk) -> AuditCase:
    return get_object_or_404(AuditCase.objects.select_related("consultation", "clinician", "round__template",
                                                              "round__organisation", "auditor"), pk=pk)


def _criteria(case):
    return list(case.round.template.criteria.all())


@capability_required(C.REVIEW_CLINICAL_AUDIT)
def case_screen(request, pk):
    case = _case(pk)
    if case.auditor_id != request.user.pk:
        raise PermissionDenied("Only the auditor this case is assigned to can screen it.")
    form = ScreenForm(request.POST or None, criteria=_criteria(case))
    if request.method == "POST" and form.is_valid():
        try:
            reviews.screen_case(case=case, reviewer=request.user, outcome=form.cleaned_data["outcome"],
                                ratings=form.ratings(), comment=form.cleaned_data["comment"])
        except AuditRuleError as error:
            _service_error(form, error)
        else:
            messages.success(request, f"Case {case.consultation.case_reference} screened")
            return redirect("clinical_performance:audit-queue")
    auditor.view(case, reason="Clinician audit: first screen by the assigned auditor")
    return _review_page(request, case, form, "Screen case", "Save the screen")


def _review_page(request, case, form, title, submit):
    return render(request, "clinical_performance/audit_case.jinja", {
        "page_title": f"{title} {case.consultation.case_reference}", "case": case, "form": form, "submit": submit,
        "summary": ap.consultation_summary(case, with_score=False), "panel_size": reviews.panel_size(case),
        "breadcrumbs": _crumbs({"text": "My audit queue", "href": reverse("clinical_performance:audit-queue")}),
    })


@capability_required(C.REVIEW_CLINICAL_AUDIT)
def case_panel(request, pk):
    case = _case(pk)
    require(request.user, C.REVIEW_CLINICAL_AUDIT, case.round.organisation)
    if case.clinician.user_id == request.user.pk:
        raise PermissionDenied("You cannot review your own consultations.")
    form = PanelForm(request.POST or None, criteria=_criteria(case))
    if request.method == "POST" and form.is_valid():
        try:
            reviews.review_at_panel(case=case, reviewer=request.user, decision=form.cleaned_data["decision"],
                                    ratings=form.ratings(), comment=form.cleaned_data["comment"])
        except AuditRuleError as error:
            _service_error(form, error)
        else:
            messages.success(request, f"Your panel review of case {case.consultation.case_reference} is saved")
            return redirect("clinical_performance:audit-queue")
    auditor.view(case, reason="Clinician audit: panel review of a referred case")
    return _review_page(request, case, form, "Panel review of case", "Save my review")


@capability_required(C.MANAGE_CLINICAL_AUDIT)
def case_release(request, pk):
    case = _case(pk)
    require(request.user, C.MANAGE_CLINICAL_AUDIT, case.round.organisation)
    if case.clinician.user_id == request.user.pk:  # a clinical lead who is also a clinician: not their own
        raise PermissionDenied("You cannot release the feedback on your own consultations.")
    form = ReleaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            reviews.release_feedback(case=case, feedback=form.cleaned_data["feedback"])
        except AuditRuleError as error:
            _service_error(form, error)
        else:
            messages.success(request, f"Feedback on case {case.consultation.case_reference} released to the clinician")
            return redirect("clinical_performance:audit-round", pk=case.round_id)
    auditor.view(case, reason="Clinician audit: releasing feedback to the clinician")
    return render(request, "clinical_performance/audit_release.jinja", {
        "page_title": f"Release feedback on case {case.consultation.case_reference}", "case": case, "form": form,
        "summary": ap.consultation_summary(case), "kind": reviews.feedback_kind(case),
        "panel_size": reviews.panel_size(case), "panel": list(case.panel_reviews.select_related("reviewer")),
        "breadcrumbs": _crumbs({"text": case.round.name, "href": reverse("clinical_performance:audit-round",
                                                                         args=[case.round_id])}),
    })


def _own_cases(request):
    clinician = own_clinician(request.user)
    if clinician is None:
        return None, AuditCase.objects.none()
    cases = (AuditCase.objects.filter(clinician=clinician, status=CaseStatus.RELEASED)
             .select_related("consultation", "round").order_by("-released_at"))
    return clinician, cases


@capability_required(C.VIEW_OWN_PERFORMANCE)
def my_audits(request):
    clinician, cases = _own_cases(request)
    page, pages = _page(request, cases)
    return render(request, "clinical_performance/my_audits.jinja", {
        "page_title": "My audits", "clinician": clinician, "rows": ap.my_audit_rows(page),
        "columns": ap.MY_AUDIT_COLUMNS, "pages": pages,
        "breadcrumbs": [{"text": "Clinical performance", "href": reverse("clinical_performance:index")}],
    })


@capability_required(C.VIEW_OWN_PERFORMANCE)
def my_audit(request, pk):
    _, cases = _own_cases(request)
    case = cases.filter(pk=pk).select_related("round__template", "clinician").first()
    if case is None:
        raise Http404("No released audit of yours has this reference")
    form = ReflectionForm(request.POST or None, initial={"reflection": case.reflection})
    if request.method == "POST" and form.is_valid():
        try:
            reviews.write_reflection(case=case, user=request.user, reflection=form.cleaned_data["reflection"])
        except AuditRuleError as error:
            _service_error(form, error)
        else:
            messages.success(request, "Your reflection is saved")
            return redirect("clinical_performance:my-audits")
    auditor.view(case, reason="The clinician's own audit")
    return render(request, "clinical_performance/my_audit.jinja", {
        "page_title": f"Audit of case {case.consultation.case_reference}", "case": case, "form": form,
        "summary": ap.consultation_summary(case), "scores": ap.final_scores(case),
        "breadcrumbs": [{"text": "My audits", "href": reverse("clinical_performance:my-audits")}],
    })
