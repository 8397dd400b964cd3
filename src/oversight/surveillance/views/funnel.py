"""The funnel analyst page (issue 14): upload a CSV, choose the numerator, denominator and group columns
and FunnelPlotR's options, see the funnel plot with its outliers named, a paged, sortable table of groups
and a CSV download. The upload is kept as the SPC analyst page keeps its own (``..analyst``); the results
are a GET of the options, so they can be bookmarked or opened again."""

from __future__ import annotations

import re

import pandas as pd
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse

from oversight.accounts.decorators import capability_required
from oversight.accounts.roles import Capability
from oversight.audit.exports import audited_csv
from oversight.funnel import FunnelInputError, FunnelOptions, funnel
from oversight.funnel.engine import limits_label
from oversight.indicators.charts import render_funnel

from ..analyst import read_upload, upload_of
from ..forms import FunnelForm
from .common import accept_upload, crumbs

ANALYSE = Capability.ANALYSE_DATA
SESSION_KEY = "surveillance_funnel_upload"
PAGE_SIZE = 50
TITLE = "Compare groups with a funnel plot"
#: Sortable columns of the groups table: query value -> groups column.
SORTS = {"group": "group", "denominator": "denominator", "value": "value", "z": "z", "outlier": "outlier"}
OPTION_FIELDS = ("data_type", "sr_method", "limit", "multiplier", "trim_by", "draw_adjusted", "draw_unadjusted",
                 "shmi_rounding", "unique_groups", "square_cqc_limits")  # fmt: skip


def guess_columns(info: dict, frame: pd.DataFrame) -> dict:
    """Group: the first column that is not all numbers; numerator and denominator: the first two that are."""
    sample = frame.head(50)
    numeric = [c for c in info["columns"] if pd.to_numeric(sample[c], errors="coerce").notna().all()]
    text = [c for c in info["columns"] if c not in numeric]
    return {"group": text[0] if text else "", "numerator": numeric[0] if numeric else "",
            "denominator": numeric[1] if len(numeric) > 1 else ""}  # fmt: skip


def _form(request, info):
    if "numerator" in request.GET:
        return FunnelForm(request.GET, columns=info["columns"])
    initial = {"data_type": "SR", "sr_method": "SHMI", "limit": "99", "multiplier": 1, "trim_by": 0.1,
               "draw_adjusted": True, "shmi_rounding": True, "unique_groups": True}  # fmt: skip
    initial.update(guess_columns(info, read_upload(request.user, info)))
    return FunnelForm(columns=info["columns"], initial=initial)


def _run(request, info, form):
    """The funnel of the uploaded file with the form's options, or None with the problem on the form."""
    if not form.is_bound or not form.is_valid():
        return None
    data = form.cleaned_data
    try:
        options = FunnelOptions(**{name: data[name] for name in OPTION_FIELDS})
        frame = read_upload(request.user, info)
        return funnel(frame[data["numerator"]], frame[data["denominator"]], frame[data["group"]], options)
    except FunnelInputError as exc:
        where = " Row 1 is the first row under the header." if exc.row else ""
        form.add_error(None, f"{exc}.{where}")
    except (ValueError, OSError) as exc:
        form.add_error(None, f"The data could not be analysed: {exc}")
    return None


def _sentences(result, form) -> list[str]:
    """What the chart shows, in words: the text alternative the page gives beside the SVG."""
    outliers = result.outliers()
    data = form.cleaned_data
    lines = [
        f"{len(result.groups):,} groups; the target (centre line) is {result.target * result.options.multiplier:.4g}.",
        f"Outliers are judged against the {limits_label(result)} limits.",
    ]
    if result.options.draw_adjusted:
        lines.append(f"The dispersion ratio (phi) is {result.phi:.4g} and the between-group variance (tau²) "
                     f"{result.tau2:.4g}.")  # fmt: skip
    lines.extend(result.notes)
    for side, words in (("high", "Above the upper limit"), ("low", "Below the lower limit")):
        names = outliers[side]
        lines.append(f"{words}: {', '.join(names[:20])}{f' and {len(names) - 20} more' if len(names) > 20 else ''}."
                     if names else f"{words}: none.")  # fmt: skip
    lines.append(f"Numerator {data['numerator']}, denominator {data['denominator']}, group {data['group']}.")
    return lines


def _table(request, result):
    sort = request.GET.get("sort", "outlier")
    column = SORTS.get(sort, "outlier")
    descending = request.GET.get("order", "desc" if column == "outlier" else "asc") == "desc"
    ordered = result.groups.sort_values([column, "group"], ascending=[not descending, True], kind="stable")
    page = Paginator(ordered.to_dict("records"), PAGE_SIZE).get_page(request.GET.get("page"))
    return page, column, descending


def _query(request, **changes) -> str:
    query = request.GET.copy()
    for name, value in changes.items():
        query[name] = value
    return query.urlencode()


@capability_required(ANALYSE)
def funnel_page(request):
    upload_form, info, saved = accept_upload(request, SESSION_KEY)
    if saved:
        return redirect(reverse("surveillance:funnel") + "#options")
    context = {"page_title": TITLE, "breadcrumbs": crumbs(), "upload_form": upload_form, "info": info,
               "form": None, "result": None}  # fmt: skip
    if info is not None:
        form = _form(request, info)
        result = _run(request, info, form)
        context["form"] = form
        if result is not None:
            page, sort, descending = _table(request, result)
            context.update(
                result=result, page=page, sort=sort, descending=descending,
                svg=render_funnel(result, title=None, value_label=None), sentences=_sentences(result, form),
                sort_links={key: _query(request, sort=key, page=1,
                                        order="asc" if sort == key and descending else "desc" if sort == key
                                        else ("desc" if key == "outlier" else "asc")) for key in SORTS},
                previous=_query(request, page=page.previous_page_number()) if page.has_previous() else None,
                next=_query(request, page=page.next_page_number()) if page.has_next() else None,
                download=_query(request),
            )  # fmt: skip
    return render(request, "surveillance/funnel.jinja", context)


@capability_required(ANALYSE)
def funnel_download(request):
    info = upload_of(request, SESSION_KEY)
    if info is None:
        messages.error(request, "Upload a file to analyse first.")
        return redirect("surveillance:funnel")
    form = FunnelForm(request.GET, columns=info["columns"])
    result = _run(request, info, form)
    if result is None:
        messages.error(request, "; ".join(e for errors in form.errors.values() for e in errors) or
                       "Choose the columns and options first.")  # fmt: skip
        return redirect("surveillance:funnel")
    frame = result.limits if request.GET.get("part") == "limits" else result.groups
    part = "limits" if frame is result.limits else "groups"
    stem = re.sub(r"[^A-Za-z0-9._-]", "_", info["name"].rsplit(".", 1)[0])[:80] or "data"
    rows = ([None if isinstance(v, float) and v != v else v for v in row] for row in frame.itertuples(index=False))
    return audited_csv(request, filename=f"{stem}-funnel-{part}.csv", header=[str(c) for c in frame.columns],
                       rows=rows, object_type="surveillance", what=f"Funnel {part} of {info['name']}")  # fmt: skip
