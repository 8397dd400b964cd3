"""What every governance view shares: the generic form page and running a service from a form."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy

from oversight.audit.exports import audited_csv

GOVERNANCE = {"text": "Governance", "href": reverse_lazy("governance:index")}


def run_service(form, call: Callable):
    """Call the service with the form's cleaned data; on a rule's ValidationError put the message on
    the form and return None. Nothing is half-saved: every service is a transaction."""
    try:
        return call(form.cleaned_data)
    except ValidationError as error:
        form.add_service_error(error)
        return None


def form_page(request, form, *, title: str, submit: str = "Save", caption: str = "", intro: Iterable[str] = (),
              warning: str = "", cancel: str = "", breadcrumbs: list | None = None, template: str = "governance/form.jinja",
              **extra):
    context = {
        "page_title": title, "form": form, "submit": submit, "caption": caption, "intro": list(intro),
        "warning": warning, "cancel": cancel, "breadcrumbs": breadcrumbs or [GOVERNANCE],
        "multipart": any(getattr(f.field.widget, "needs_multipart_form", False) for f in form), **extra,
    }
    return render(request, template, context)


def done(request, message: str, to: str):
    messages.success(request, message)
    return redirect(to)


def not_now(request, message: str, to: str):
    """A step that cannot be recorded now (the Back button, a stale link): back to the case, saying why."""
    messages.warning(request, message)
    return redirect(to)


def csv_download(request, filename: str, header: list[str], rows: Iterable[list], what: str) -> HttpResponse:
    """A CSV download, recorded in the audit trail. Callers never include patient details."""
    return audited_csv(request, filename=filename, header=header, rows=rows, object_type="governance", what=what)
