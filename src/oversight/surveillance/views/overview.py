"""The surveillance overview: index, regional matrix, "new this month", provider pages and charts.
Thin: the pages are built by ``presenters.overview``."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from oversight.accounts.access import can
from oversight.accounts.decorators import capability_required
from oversight.accounts.roles import Capability
from oversight.spc.icon_svg import assurance_icon_svg, variation_icon_svg
from oversight.spc.icons import ASSURANCE_ICONS, VARIATION_ICONS

from ..models import NofLoad
from ..presenters import overview as pages
from ..presenters.common import current_day, metric_or_none
from ..selectors import visible_actions, visible_escalations
from ..services import escalation_summary, nof_position
from .common import crumbs, csv_response, is_htmx, may_manage, provider_or_404, run_or_none

VIEW = Capability.VIEW_SURVEILLANCE
LINKS = (
    ("Regional summary matrix", "Every provider you oversee against the headline metrics, with variation and assurance icons.", "surveillance:matrix"),
    ("New this month", "Special-cause signals that appeared in the latest period.", "surveillance:new-this-month"),
    ("NHS Oversight Framework", "Segments and league table from NHS England's published NOF data.", "surveillance:nof"),
    ("Escalation register", "Surveillance levels, rationale, review dates and owned actions.", "surveillance:escalations"),
    ("Overdue actions", "Escalation actions past their due date and levels past their review date.", "surveillance:overdue"),
)  # fmt: skip
ANALYST_LINK = ("Analyse your own data (SPC)", "Upload a CSV and get Making Data Count charts and the summary matrix.",
                "surveillance:analyse")  # fmt: skip
FUNNEL_LINK = ("Compare groups with a funnel plot", "Upload a CSV and get a funnel plot (FunnelPlotR's method) "
               "with the outliers named.", "surveillance:funnel")  # fmt: skip


@capability_required(VIEW)
def index(request):
    run = run_or_none()
    actions = visible_actions(request.user)
    links = [*LINKS, ANALYST_LINK, FUNNEL_LINK] if can(request.user, Capability.ANALYSE_DATA) else list(LINKS)
    context = {
        "page_title": "Surveillance", "breadcrumbs": [], "run": run,
        "links": [{"title": t, "description": d, "href": reverse(u)} for t, d, u in links],
        "open_actions": actions.open().count(), "overdue_actions": actions.overdue().count(),
        "escalations": visible_escalations(request.user).exclude(level="routine").count(),
        "latest_nof": NofLoad.objects.in_force(),
        **pages.index_figures(request.user, run, current_day()),
    }  # fmt: skip
    return render(request, "surveillance/index.jinja", context)


@capability_required(VIEW)
def matrix(request):
    run = run_or_none()
    context = {"page_title": "Regional summary matrix", "breadcrumbs": crumbs(), "run": run, "icon_words": pages.ICON_WORDS}
    if run is not None:
        context.update(pages.matrix(request.user, run, request.GET, current_day()), csv_query=request.GET.urlencode())
    return render(request, "surveillance/matrix.jinja", context)


@capability_required(VIEW)
def matrix_csv(request):
    run = run_or_none()
    rows = pages.matrix_csv_rows(pages.matrix(request.user, run, request.GET, current_day())) if run else []
    return csv_response(request, "surveillance-matrix.csv", pages.MATRIX_CSV_HEADER, rows, "surveillance matrix CSV")


@capability_required(VIEW)
def new_this_month(request):
    run = run_or_none()
    nature = request.GET.get("nature", "")
    found = pages.new_this_month(request.user, run, nature, current_day()) if run else {"rows": [], "stale": []}
    return render(request, "surveillance/new_this_month.jinja",
                  {"page_title": "New this month", "breadcrumbs": crumbs(), "run": run, "nature": nature, **found})  # fmt: skip


@capability_required(VIEW)
def provider(request, code: str):
    run = run_or_none()
    p = provider_or_404(request, code, run)
    return render(request, "surveillance/provider.jinja", {
        "page_title": p.name, "breadcrumbs": crumbs(("Regional summary matrix", reverse("surveillance:matrix"))),
        "provider": p, "metrics": pages.provider_metrics(run, p, current_day()), "run": run,
        "icon_words": pages.ICON_WORDS, "escalation": escalation_summary(p.code), "nof": nof_position(p.code),
        "can_manage": may_manage(request, p),
    })  # fmt: skip


def _metric_or_404(code: str):
    metric = metric_or_none(code)
    if metric is None:
        raise Http404("No such metric")
    return metric


@capability_required(VIEW)
def provider_metric(request, code: str, metric: str):
    m = _metric_or_404(metric)
    run = run_or_none()
    p = provider_or_404(request, code, run)
    context = {
        "page_title": f"{m.label}: {p.name}", "provider": p, "metric": m,
        "breadcrumbs": crumbs(("Regional summary matrix", reverse("surveillance:matrix")),
                              (p.name, reverse("surveillance:provider", kwargs={"code": p.code}))),
        "data": pages.metric_page(request.user, p, m, run, current_day()),
    }  # fmt: skip
    template = "surveillance/_metric_chart.jinja" if is_htmx(request) else "surveillance/provider_metric.jinja"
    return render(request, template, context)


@capability_required(VIEW)
def provider_metric_csv(request, code: str, metric: str):
    m = _metric_or_404(metric)
    run = run_or_none()
    p = provider_or_404(request, code, run)
    return csv_response(request, f"{p.code}-{m.code}.csv", pages.METRIC_CSV_HEADER, pages.metric_csv_rows(run, p, m),
                        f"SPC data {m.code} for {p.code}")  # fmt: skip


@require_GET
@capability_required(VIEW)
def icon(request, kind: str, name: str):
    if kind == "variation" and name in VARIATION_ICONS:
        svg = variation_icon_svg(name)
    elif kind == "assurance" and name in set(ASSURANCE_ICONS.values()):
        svg = assurance_icon_svg(name)
    else:
        raise Http404("No such icon")
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=86400"
    return response
