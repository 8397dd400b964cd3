"""The governance hub, the learning library and the monthly figures."""

from __future__ import annotations

import math

from django.db.models import Q
from django.shortcuts import render
from django.utils import timezone

from oversight.accounts.access import organisations_in_scope
from oversight.accounts.decorators import capability_required
from oversight.accounts.roles import Capability as C
from oversight.core.formatting import format_date

from ..access import learning_for
from ..presenters.dashboard import FiguresPresenter, IndexPresenter, trusts_in
from .common import GOVERNANCE, csv_download


@capability_required(C.VIEW_CASES, C.VIEW_GOVERNANCE_AGGREGATES, C.VIEW_PROFESSIONAL_CONCERNS)
def index(request):
    return render(request, "governance/index.jinja", {
        "page_title": "Governance", "hub": IndexPresenter(request.user, timezone.localdate()),
    })


@capability_required(C.VIEW_CASES)
def learning_library(request):
    query = request.GET.get("q", "").strip()
    theme = request.GET.get("theme", "").strip()
    entries = learning_for(request.user).select_related("organisation", "incident", "complaint").prefetch_related("themes")
    if query:
        entries = entries.filter(Q(title__icontains=query) | Q(summary__icontains=query))
    if theme:
        entries = entries.filter(themes__name__iexact=theme)
    items = [{"title": e.title, "summary": e.summary, "organisation": e.organisation.name, "shared": format_date(e.shared_on),
              "themes": [t.name for t in e.themes.all()], "case": (e.incident or e.complaint)} for e in entries[:200]]
    return render(request, "governance/learning.jinja", {
        "page_title": "Learning library", "items": items, "q": query, "theme": theme, "breadcrumbs": [GOVERNANCE],
    })


@capability_required(C.VIEW_GOVERNANCE_AGGREGATES)
def figures(request):
    organisations = organisations_in_scope(request.user, C.VIEW_GOVERNANCE_AGGREGATES)
    presenter = FiguresPresenter(organisations, timezone.localdate(), request.GET.get("organisation", ""))
    if request.GET.get("format") == "csv":
        frame = presenter.frame
        rows = ([r.org_code, r.metric, r.period.isoformat(), _plain(r.numerator), _plain(r.denominator), _plain(r.value)]
                for r in frame.itertuples())
        return csv_download(request, "governance-metrics.csv", list(frame.columns) or
                            ["org_code", "metric", "period", "numerator", "denominator", "value"], rows, "governance metrics CSV")
    return render(request, "governance/figures.jinja", {
        "page_title": "Governance figures", "figures": presenter, "trusts": list(trusts_in(organisations)),
        "chosen": request.GET.get("organisation", ""), "breadcrumbs": [GOVERNANCE],
    })


def _plain(value) -> str:
    return "" if math.isnan(value) else f"{value:g}"
