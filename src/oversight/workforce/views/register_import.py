"""Importing the clinician register (issue 13, Deliver 1) from an ESR extract or a GMC Connect list, for
those who manage the register: the upload, the problem report when the file is refused (nothing is
imported), and the summary when it is imported. The file is checked and written in the request: a
register is hundreds or a few thousand rows, not the governance import's millions."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from oversight.accounts.access import organisations_in_scope, scope_ids
from oversight.accounts.decorators import capability_required
from oversight.accounts.roles import Capability as C
from oversight.organisations.models import OrganisationKind

from ..forms import RegisterImportForm
from ..imports import MAPPINGS, MappingError, import_register, load_mapping, packaged_text

PROBLEM_COLUMNS = [("row", "Row"), ("column", "Column"), ("problem", "Problem")]
REVALIDATION_COLUMNS = [("row", "Row"), ("registration", "GMC number"), ("submission", "Submission date"),
                        ("under_notice", "Under notice")]


def _mapping(form):
    upload = form.cleaned_data.get("mapping_file")
    if upload is None:
        return load_mapping(form.cleaned_data["mapping"])
    try:
        text = upload.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise MappingError("the mapping file is not UTF-8 text", file=upload.name) from None
    return load_mapping(form.cleaned_data["mapping"], text, file_label=upload.name)


@capability_required(C.MANAGE_CLINICIAN_REGISTER)
def register_import(request):
    source = request.GET.get("mapping", "")
    if request.method == "GET" and source in MAPPINGS and request.GET.get("download"):
        response = HttpResponse(packaged_text(source), content_type="application/toml; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{MAPPINGS[source]}"'
        return response
    user = request.user
    organisations = (organisations_in_scope(user, C.MANAGE_CLINICIAN_REGISTER)
                     .filter(kind=OrganisationKind.TRUST).order_by("name"))
    form = RegisterImportForm(request.POST or None, request.FILES or None, organisations=organisations)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            mapping = _mapping(form)
        except MappingError as error:
            form.add_error("mapping_file", str(error))
        else:
            result = import_register(form.cleaned_data["file"].read(), mapping,
                                     organisation=form.cleaned_data.get("organisation"),
                                     allowed_organisation_ids=scope_ids(user, C.MANAGE_CLINICIAN_REGISTER),
                                     update_existing=form.cleaned_data.get("update_existing", False), user=user)
    context = {
        "page_title": "Import the clinician register", "form": form, "result": result,
        "mappings": [{"text": label, "href": f"{reverse('workforce:register-import')}?mapping={key}&download=1"}
                     for key, label in (("esr", "ESR extract"), ("gmc_connect", "GMC Connect list"))],
        "problem_columns": PROBLEM_COLUMNS, "revalidation_columns": REVALIDATION_COLUMNS,
        "breadcrumbs": [{"text": "Workforce", "href": reverse("workforce:index")},
                        {"text": "Clinicians", "href": reverse("workforce:clinician-list")}],
    }
    if result is not None:
        context["problem_rows"] = [{"row": p.row, "column": p.column or "(whole file)", "problem": p.problem}
                                   for p in result.problems]
        context["revalidation_rows"] = [
            {"row": f.row, "registration": f.registration_number,
             "submission": {"text": f"{f.submission_date:%d/%m/%Y}" if f.submission_date else "Not given",
                            "sort": f.submission_date.isoformat() if f.submission_date else ""},
             "under_notice": "Yes" if f.under_notice else "No" if f.under_notice is not None else "Not given"}
            for f in result.revalidation]
    return render(request, "workforce/register_import.jinja", context, status=200 if result is None or result.ok else 422)
