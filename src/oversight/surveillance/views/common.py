"""What the surveillance views share: breadcrumbs, provider look-up with the scope check, CSV."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.urls import reverse_lazy

from oversight.accounts.access import can
from oversight.accounts.roles import Capability
from oversight.audit.exports import audited_csv

from ..providers import Provider, can_see, provider_for
from ..services.spc_runs import current_run

SURVEILLANCE = {"text": "Surveillance", "href": reverse_lazy("surveillance:index")}


def crumbs(*items: tuple[str, str]) -> list[dict]:
    return [SURVEILLANCE] + [{"text": text, "href": href} for text, href in items]


def accept_upload(request, session_key: str):
    """An analyst page's upload: on a good POST the file is kept for the user under ``session_key`` (each
    page keeps its own). Returns the upload form, the kept file's details (or None), and whether it was
    saved just now, so the page redirects to its options."""
    from ..analyst import UploadError, save_upload, upload_of
    from ..forms import UploadForm

    if request.method != "POST":
        return UploadForm(), upload_of(request, session_key), False
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            info = save_upload(request.user, form.cleaned_data["file"])
        except UploadError as exc:
            form.add_error("file", str(exc))
        else:
            request.session[session_key] = info
            return form, info, True
    return form, upload_of(request, session_key), False


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def provider_or_404(request, code: str, run=None, capability: str = Capability.VIEW_SURVEILLANCE) -> Provider:
    provider = provider_for(code, run)
    if provider is None:
        raise Http404("No provider with that code in the published statistics or ODS")
    if not can_see(request.user, capability, provider):
        raise PermissionDenied("This provider is outside the organisations you oversee.")
    return provider


def may_manage(request, provider: Provider) -> bool:
    return can_see(request.user, Capability.MANAGE_ESCALATION, provider)


def may_manage_anywhere(request) -> bool:
    return can(request.user, Capability.MANAGE_ESCALATION)


def csv_response(request, filename: str, header: list[str], rows: Iterable[list], what: str) -> HttpResponse:
    """A CSV download of aggregate statistics, recorded in the audit trail."""
    return audited_csv(request, filename=filename, header=header, rows=rows, object_type="surveillance", what=what)


def run_or_none():
    return current_run()
