"""Complaint pages: intake with the 12-month warning, the list, the case page and each step."""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils import timezone

from oversight.accounts.access import organisations_in_scope, scope_ids
from oversight.accounts.decorators import capability_required
from oversight.accounts.roles import Capability as C

from ..access import complaints_for, get_complaint
from ..configuration import label
from ..forms.common import StaffForm
from ..forms.complaints import STEP_FORMS, ComplaintDatesForm, ComplaintFilterForm, ComplaintForm
from ..forms.incidents import ThemesForm
from ..models.complaints import COMPLAINT_STEP_LABELS
from ..presenters.complaints import COMPLAINT_COLUMNS, ComplaintPresenter, complaint_row
from ..services import complaints as service
from ..services.staff import numbers_text
from .common import GOVERNANCE, csv_download, done, form_page, not_now, run_service
from .incidents import patient_details_page

COMPLAINTS = {"text": "Complaints", "href": reverse_lazy("governance:complaint-list")}
LIST_LIMIT = 500


def _filtered(request):
    organisations = organisations_in_scope(request.user, C.VIEW_CASES).order_by("name")
    form = ComplaintFilterForm(request.GET or None, organisations=organisations)
    complaints = complaints_for(request.user).select_related("organisation", "site")
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            complaints = complaints.filter(Q(reference__icontains=data["q"]) | Q(summary__icontains=data["q"]) |
                                           Q(external_reference__iexact=data["q"]))
        if data["status"]:
            complaints = complaints.filter(status=data["status"])
        if data["organisation"]:
            complaints = complaints.filter(Q(organisation__ods_code=data["organisation"]) | Q(site__ods_code=data["organisation"]))
        if data["theme"]:
            complaints = complaints.filter(themes__name__iexact=data["theme"])
    return form, complaints.order_by("-received_on", "-created_at")


@capability_required(C.VIEW_CASES)
def complaint_list(request):
    form, complaints = _filtered(request)
    today = timezone.localdate()
    total = complaints.count()
    return render(request, "governance/complaint_list.jinja", {
        "page_title": "Complaints", "form": form, "columns": COMPLAINT_COLUMNS, "total": total, "limit": LIST_LIMIT,
        "rows": [complaint_row(c, today) for c in complaints[:LIST_LIMIT]], "query": request.GET.urlencode(),
        "can_add": bool(scope_ids(request.user, C.MANAGE_CASES)), "breadcrumbs": [GOVERNANCE],
    })


def _iso(due) -> str:
    # A due date that could not be worked out (implausible dates) is an empty cell, not a failed export.
    return due.isoformat() if due else ""


@capability_required(C.VIEW_CASES)
def complaint_csv(request):
    _, complaints = _filtered(request)
    today = timezone.localdate()
    header = ["reference", "organisation", "site", "channel", "received_on", "events_on", "outside_time_limit",
              "acknowledged_on", "acknowledgement_due", "response_due", "response_sent_on", "outcome", "phso_referred_on",
              "phso_outcome", "status", "themes", "external_reference"]
    rows = (
        [c.reference, c.organisation.ods_code, c.site.ods_code if c.site else "", label("complaint_channels", c.channel),
         c.received_on.isoformat(), c.events_on.isoformat(), "yes" if c.outside_time_limit else "no",
         c.acknowledged_on.isoformat() if c.acknowledged_on else "", _iso(c.acknowledgement_due()),
         _iso(c.response_clock(today).due), c.response_sent_on.isoformat() if c.response_sent_on else "",
         c.get_outcome_display(), c.phso_referred_on.isoformat() if c.phso_referred_on else "", c.get_phso_outcome_display(),
         c.get_status_display(), "; ".join(t.name for t in c.themes.all()), c.external_reference]
        for c in complaints.prefetch_related("themes").iterator(chunk_size=2000)
    )
    return csv_download(request, "complaints.csv", header, rows, "complaints CSV (no complainant or patient details)")


@capability_required(C.MANAGE_CASES)
def complaint_new(request):
    form = ComplaintForm(request.POST or None, places_within=scope_ids(request.user, C.MANAGE_CASES),
                         initial={"received_on": timezone.localdate()})
    warning = ""
    if request.method == "POST" and form.is_valid():
        complaint = run_service(form, lambda data: service.register_complaint(
            place=data["place"], user=request.user, themes=data["themes"], time_limit_note=data["time_limit_note"],
            staff_numbers=data["staff_registration_numbers"], **form.complaint_fields()))
        if complaint:
            return done(request, f"Complaint {complaint.reference} recorded. Acknowledge it by "
                                 f"{complaint.acknowledgement_due():%d %B %Y}.",
                        reverse("governance:complaint-detail", args=[complaint.pk]))
        if "time_limit_note" in form.errors:
            warning = ("This complaint was made more than 12 months after the events (or after the complainant became "
                       "aware of them). The time limit does not apply if there was good reason for the delay and the "
                       "complaint can still be investigated effectively and fairly: record the reason to continue.")
    return form_page(request, form, title="Record a complaint", submit="Record complaint", warning=warning,
                     breadcrumbs=[GOVERNANCE, COMPLAINTS], cancel=reverse("governance:complaint-list"),
                     intro=[("A complaint may be made orally, in writing or electronically. Write down an oral "
                             "complaint in the summary. Acknowledge it within 3 working days.")])


@capability_required(C.VIEW_CASES)
def complaint_detail(request, pk):
    complaint = get_complaint(request.user, pk)
    presenter = ComplaintPresenter(complaint, request.user, timezone.localdate())
    return render(request, "governance/complaint_detail.jinja", {
        "page_title": presenter.title, "complaint": presenter, "breadcrumbs": [GOVERNANCE, COMPLAINTS],
    })


@capability_required(C.VIEW_PATIENT_DETAILS)
def complaint_patient(request, pk):
    complaint = get_complaint(request.user, pk, C.VIEW_PATIENT_DETAILS)
    return patient_details_page(request, complaint, reverse("governance:complaint-detail", args=[pk]), [GOVERNANCE, COMPLAINTS])


@capability_required(C.MANAGE_CASES)
def complaint_step(request, pk, step):
    complaint = get_complaint(request.user, pk, C.MANAGE_CASES)
    if step not in STEP_FORMS:
        raise Http404("No such step")
    form = STEP_FORMS[step](request.POST or None)
    back = reverse("governance:complaint-detail", args=[pk])
    if step not in service.allowed_steps(complaint):
        return not_now(request, f"{complaint.reference} is {complaint.get_status_display().lower()}: "
                                f"'{COMPLAINT_STEP_LABELS[step]}' cannot be recorded now", back)
    if request.method == "POST" and form.is_valid() and run_service(
            form, lambda data: service.apply_step(complaint, step, request.user, data)):
            return done(request, f"{COMPLAINT_STEP_LABELS[step]}: recorded for {complaint.reference}", back)
    intro = []
    if step == "responded":
        intro = [("The response must be signed, explain how the complaint was considered and the conclusions, and "
                  "tell the complainant of their right to go to the Parliamentary and Health Service Ombudsman.")]
    return form_page(request, form, title=COMPLAINT_STEP_LABELS[step], caption=f"Complaint {complaint.reference}",
                     intro=intro, cancel=back, breadcrumbs=[GOVERNANCE, COMPLAINTS, {"text": complaint.reference, "href": back}])


@capability_required(C.MANAGE_CASES)
def complaint_dates(request, pk):
    """Correct the dates the deadlines count from: the way back for a complaint whose due dates could
    not be worked out (dates typed or imported wrongly)."""
    complaint = get_complaint(request.user, pk, C.MANAGE_CASES)
    form = ComplaintDatesForm(request.POST or None, complaint=complaint, initial=ComplaintDatesForm.initial_for(complaint))
    back = reverse("governance:complaint-detail", args=[pk])
    if request.method == "POST" and form.is_valid() and run_service(
            form, lambda data: service.correct_dates(complaint, request.user, **data)):
        return done(request, f"Dates corrected for {complaint.reference}", back)
    return form_page(request, form, title="Correct the dates", caption=f"Complaint {complaint.reference}", cancel=back,
                     intro=["The acknowledgement and response dates are worked out again from the corrected dates."],
                     breadcrumbs=[GOVERNANCE, COMPLAINTS, {"text": complaint.reference, "href": back}])


@capability_required(C.MANAGE_CASES)
def complaint_themes(request, pk):
    complaint = get_complaint(request.user, pk, C.MANAGE_CASES)
    form = ThemesForm(request.POST or None, initial={"themes": ", ".join(t.name for t in complaint.themes.all())})
    back = reverse("governance:complaint-detail", args=[pk])
    if request.method == "POST" and form.is_valid() and run_service(
            form, lambda data: service.update_themes(complaint, request.user, data["themes"])):
            return done(request, "Themes saved", back)
    return form_page(request, form, title="Themes", caption=f"Complaint {complaint.reference}", cancel=back)


@capability_required(C.MANAGE_CASES)
def complaint_staff(request, pk):
    """Name the staff the complaint is about, by registration number, from the trust's clinician register."""
    complaint = get_complaint(request.user, pk, C.MANAGE_CASES)
    form = StaffForm(request.POST or None, label="Registration numbers of the staff the complaint is about",
                     initial={"staff_registration_numbers": numbers_text(complaint, "complaint")})
    back = reverse("governance:complaint-detail", args=[pk]) + "#staff"
    if request.method == "POST" and form.is_valid() and run_service(
            form, lambda data: service.set_staff_named(complaint, request.user, data["staff_registration_numbers"])):
        return done(request, "Staff the complaint is about saved", back)
    return form_page(request, form, title="Staff the complaint is about", caption=f"Complaint {complaint.reference}",
                     cancel=back, breadcrumbs=[GOVERNANCE, COMPLAINTS, {"text": complaint.reference, "href": back}],
                     intro=[f"The staff named here are linked to their record on the clinician register of "
                            f"{complaint.organisation.name}, for their Responsible Officer."])
