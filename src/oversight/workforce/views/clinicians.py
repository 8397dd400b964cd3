"""The clinician records that professional concerns are about. Seen by those who may see concerns,
added by those who manage them: the list shows how many concerns each clinician has."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from oversight.accounts.access import can, organisations_in_scope, scope_ids
from oversight.accounts.decorators import capability_required
from oversight.accounts.roles import Capability as C
from oversight.organisations.models import OrganisationKind

from ..forms import ClinicianForm
from ..presenters import CLINICIAN_COLUMNS, clinician_row
from ..selectors import clinicians_with_concern_counts
from ..services import add_clinician


def _breadcrumbs(*extra: dict) -> list[dict]:
    return [{"text": "Workforce", "href": reverse("workforce:index")}, *extra]


@capability_required(C.VIEW_PROFESSIONAL_CONCERNS)
def clinician_list(request):
    clinicians = clinicians_with_concern_counts(request.user, C.VIEW_PROFESSIONAL_CONCERNS)
    return render(request, "workforce/clinician_list.jinja", {
        "page_title": "Clinicians", "columns": CLINICIAN_COLUMNS,
        "rows": [clinician_row(c, sees_performance=can(request.user, C.VIEW_CLINICIAN_PERFORMANCE, c)) for c in clinicians],
        "can_manage": bool(scope_ids(request.user, C.MANAGE_PROFESSIONAL_CONCERNS)), "breadcrumbs": _breadcrumbs(),
    })


@capability_required(C.MANAGE_PROFESSIONAL_CONCERNS)
def clinician_new(request):
    organisations = (organisations_in_scope(request.user, C.MANAGE_PROFESSIONAL_CONCERNS)
                     .filter(kind=OrganisationKind.TRUST).order_by("name"))
    form = ClinicianForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            clinician = add_clinician(organisation=data["organisation"], name=data["name"], profession=data["profession"],
                                      registration_number=data["registration_number"])
        except ValidationError as error:
            form.add_service_error(error)
        else:
            # A clinician is added to raise a concern about them: go straight on to it.
            messages.success(request, f"{clinician.name} added")
            return redirect(reverse("governance:concern-new") + f"?clinician={clinician.pk}")
    return render(request, "workforce/clinician_form.jinja", {
        "page_title": "Add a clinician", "form": form, "cancel": reverse("workforce:clinician-list"),
        "breadcrumbs": _breadcrumbs({"text": "Clinicians", "href": reverse("workforce:clinician-list")}),
    })
