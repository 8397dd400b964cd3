"""The import page: upload a Datix-style CSV (and optionally a mapping), see every problem or the result."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import render

from oversight.accounts.access import organisations_in_scope, scope_ids
from oversight.accounts.decorators import capability_required
from oversight.accounts.roles import Capability as C

from ..forms.imports import ImportForm
from ..imports import KINDS, MappingError, import_file, load_mapping, packaged_text
from ..services.common import actor_label
from .common import GOVERNANCE

MAX_MAPPING_BYTES = 200_000


@capability_required(C.MANAGE_CASES)
def import_page(request):
    organisations = organisations_in_scope(request.user, C.MANAGE_CASES).filter(kind__in=["trust", "site"]).order_by("name")
    form = ImportForm(request.POST or None, request.FILES or None, organisations=organisations)
    result = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            mapping = _mapping(data["kind"], data.get("mapping"))
        except MappingError as error:
            form.add_error("mapping", str(error))
        else:
            upload = data["file"]
            result = import_file(
                upload.read(), mapping, file_name=upload.name, actor_label=actor_label(request.user),
                default_organisation=data.get("organisation"),
                allowed_organisation_ids=scope_ids(request.user, C.MANAGE_CASES),
            )
            if result.ok:
                messages.success(request, f"Imported {result.created:,} {result.kind} from {upload.name}")
    return render(request, "governance/import.jinja", {
        "page_title": "Import incidents or complaints", "form": form, "result": result, "breadcrumbs": [GOVERNANCE],
    })


def _mapping(kind: str, upload):
    if upload is None:
        return load_mapping(kind)
    if upload.size > MAX_MAPPING_BYTES:
        raise MappingError("the mapping file is too large to be a column mapping")
    try:
        text = upload.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise MappingError("the mapping file must be UTF-8 text") from None
    return load_mapping(kind, text)


@capability_required(C.MANAGE_CASES)
def import_mapping(request):
    kind = request.GET.get("kind", "incidents")
    kind = kind if kind in KINDS else "incidents"
    response = HttpResponse(packaged_text(kind), content_type="application/toml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="datix_{kind}.toml"'
    return response
