"""Urgent care KPIs by IUC contract and month (published aggregates: view_urgent_care anywhere)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from oversight.accounts.decorators import capability_required
from oversight.accounts.roles import Capability as C

from .. import selectors
from ..forms.filters import KPIFilterForm
from ..presenters import kpis as pages
from .common import crumbs, csv_response, current_day

PAGE_SIZE = 50


def _filters(request) -> KPIFilterForm:
    frame = selectors.observations([m.code for m in selectors.contract_metrics()])
    months = sorted({p.date() for p in frame["period"]}) if not frame.empty else []
    return KPIFilterForm(request.GET or None, contracts=selectors.contracts(), metrics=selectors.contract_metrics(),
                         months=months)  # fmt: skip


def _chosen(form: KPIFilterForm) -> dict:
    return form.cleaned_data if form.is_bound and form.is_valid() else {}


@capability_required(C.VIEW_URGENT_CARE)
def kpi_list(request):
    form = _filters(request)
    start, end = form.period()
    rows = pages.kpi_rows(_chosen(form), start, end, current_day())
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "urgent_care/kpis.jinja", {
        "page_title": "KPIs by IUC contract", "breadcrumbs": crumbs(), "form": form, "columns": pages.LIST_COLUMNS,
        "rows": list(page), "page": page, "total": len(rows), "query": query.urlencode(),
        "sources": pages.sources_panel(), "not_confirmed": pages.NOT_CONFIRMED,
    })  # fmt: skip


@capability_required(C.VIEW_URGENT_CARE)
def kpi_csv(request):
    form = _filters(request)
    start, end = form.period()
    chosen = _chosen(form)
    rows = pages.csv_rows(pages.chosen_contracts(chosen), pages.chosen_metrics(chosen), start, end)
    return csv_response(request, "urgent-care-kpis-by-contract.csv", pages.CSV_HEADER, rows, "urgent care KPIs by contract")


def _contract_or_404(code: str) -> selectors.Contract:
    found = selectors.contract(code)
    if found is None:
        raise Http404("No IUC contract with that code in the published figures loaded")
    return found


@capability_required(C.VIEW_URGENT_CARE)
def contract(request, code: str):
    found = _contract_or_404(code)
    return render(request, "urgent_care/contract.jinja", {
        "page_title": f"{found.name}: urgent care KPIs", "contract": found,
        "breadcrumbs": crumbs(("KPIs by IUC contract", reverse("urgent_care:kpis"))),
        "panels": pages.contract_kpis(found, current_day()), "sources": pages.sources_panel(),
        "not_confirmed": pages.NOT_CONFIRMED,
        "csv_url": reverse("urgent_care:contract-csv", kwargs={"code": found.code}),
    })  # fmt: skip


@capability_required(C.VIEW_URGENT_CARE)
def contract_csv(request, code: str):
    found = _contract_or_404(code)
    metrics = list(selectors.contract_metrics())
    wanted = request.GET.get("kpi")
    if wanted:
        metrics = [m for m in metrics if m.code == wanted]
    return csv_response(request, f"urgent-care-kpis-{found.code}.csv", pages.CSV_HEADER,
                        pages.csv_rows([found], metrics), f"urgent care KPIs for contract {found.code}")  # fmt: skip
