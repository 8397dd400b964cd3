"""The SPC analyst page (issue 3): upload a CSV, choose columns and options, see the MDC charts and the
summary matrix, download the results. The results are a GET of the options, so they can be bookmarked,
fetched by HTMX into the page (with a progress indicator) or opened without JavaScript."""

from __future__ import annotations

import re

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from oversight.accounts.decorators import capability_required
from oversight.accounts.roles import Capability
from oversight.audit.auditor import record
from oversight.audit.models import AuditAction
from oversight.core import csv_export

from ..analyst import (
    SESSION_KEY,
    SPCInputError,
    analyse_upload,
    read_upload,
    upload_of,
)
from ..forms import AnalysisForm, UploadForm
from ..presenters.overview import ICON_WORDS, MATRIX_COLUMNS
from .common import accept_upload, crumbs, is_htmx

ANALYSE = Capability.ANALYSE_DATA


def _analysis_form(info, data=None):
    initial = {"date": info["guess"].get("date"), "value": info["guess"].get("value"), "by": info["guess"].get("by"),
               "direction": "increase", "missing": "error"}  # fmt: skip
    return AnalysisForm(data, columns=info["columns"], initial=initial)


@capability_required(ANALYSE)
def analyse(request):
    upload_form, info, saved = accept_upload(request, SESSION_KEY)
    if saved:
        return redirect(reverse("surveillance:analyse") + "#analysis")
    return render(
        request,
        "surveillance/analyse.jinja",
        {
            "page_title": "Analyse your data with SPC",
            "breadcrumbs": crumbs(),
            "upload_form": upload_form,
            "form": _analysis_form(info) if info else None,
            "info": info,
        },
    )


def _run(request, info):
    form = _analysis_form(info, request.GET)
    analysis = None
    if form.is_valid():
        try:
            frame = read_upload(request.user, info)
            analysis = analyse_upload(frame, form.cleaned_data)
        except SPCInputError as exc:
            form.add_error(None, str(exc))
        except (ValueError, OSError) as exc:
            form.add_error(None, f"The data could not be analysed: {exc}")
    return form, analysis


@capability_required(ANALYSE)
def analyse_results(request):
    info = upload_of(request)
    context = {"page_title": "Analyse your data with SPC", "breadcrumbs": crumbs(), "info": info, "form": None,
               "analysis": None, "upload_form": UploadForm()}  # fmt: skip
    if info is not None:
        form, analysis = _run(request, info)
        context.update(form=form, analysis=analysis)
        if analysis is not None:
            wanted = request.GET.getlist("chart")
            context.update(
                matrix=analysis.matrix(),
                series=analysis.series_rows(),
                charts=analysis.charts(wanted),
                icon_words=ICON_WORDS,
                matrix_columns=MATRIX_COLUMNS,
                query=_without(request.GET, "chart"),
                chosen=set(wanted),
            )
    template = "surveillance/_analysis.jinja" if is_htmx(request) else "surveillance/analyse.jinja"
    return render(request, template, context)


@capability_required(ANALYSE)
def analyse_download(request):
    info = upload_of(request)
    if info is None:
        messages.error(request, "Upload a file to analyse first.")
        return redirect("surveillance:analyse")
    form, analysis = _run(request, info)
    if analysis is None:
        messages.error(request, "; ".join(e for errors in form.errors.values() for e in errors))
        return redirect("surveillance:analyse")
    part = request.GET.get("part", "points")
    frame = analysis.summary if part == "summary" else analysis.points
    record(AuditAction.EXPORT, object_type="surveillance", object_repr=f"SPC {part} of {info['name']}"[:300],
           reason=request.GET.urlencode()[:500])  # fmt: skip
    # The uploaded file's own text comes back in the download: formula-safe, as every export.
    response = HttpResponse(csv_export.frame_text(frame), content_type="text/csv; charset=utf-8")
    stem = re.sub(r"[^A-Za-z0-9._-]", "_", info["name"].rsplit(".", 1)[0])[:80] or "data"
    response["Content-Disposition"] = f'attachment; filename="{stem}-spc-{"summary" if part == "summary" else "points"}.csv"'
    return response


def _without(query, name: str) -> str:
    copy = query.copy()
    copy.pop(name, None)
    return copy.urlencode()
