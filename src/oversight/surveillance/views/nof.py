"""NHS Oversight Framework: the league table of the trusts a user oversees, a trust's drivers, segment
changes between publications; loading a new publication, reviewing the loads and reverting one (for
those who manage published data)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from oversight.accounts.access import can, scope_ids
from oversight.accounts.decorators import capability_required
from oversight.accounts.roles import Capability

from ..forms import NofRevertForm, NofUploadForm
from ..models import NofLoad, NofResult, NofSegmentChange
from ..presenters.common import raise_action_url
from ..presenters.nof_loads import COLUMNS, load_detail, load_rows
from ..providers import provider_for
from ..services.nof import NofLoadError, NofLoadRefused, load_nof_file, revert_nof_load
from .common import crumbs, csv_response, may_manage, provider_or_404, run_or_none

VIEW = Capability.VIEW_SURVEILLANCE
MANAGE_DATA = Capability.MANAGE_PUBLISHED_DATA
SEGMENT_TEXT = {
    1: "Segment 1: consistently high performing",
    2: "Segment 2: good performance",
    3: "Segment 3: some concerns",
    4: "Segment 4: significant concerns",
    5: "Segment 5: intensive support (Recovery Support Programme)",
}


def _in_scope(user, queryset):
    ids = scope_ids(user, VIEW)
    return queryset.filter(Q(organisation_id__in=ids) | Q(organisation__isnull=True, scope_region_id__in=ids))


def _latest():
    return NofLoad.objects.in_force()


def _nof_crumbs(*more):
    return crumbs(("NHS Oversight Framework", reverse("surveillance:nof")), *more)


def _league(request, load):
    rows = _in_scope(request.user, NofResult.objects.filter(load=load)).select_related("scope_region")
    trust_type = request.GET.get("type", "")
    region = request.GET.get("region", "")
    all_rows = list(rows)
    types = sorted({r.trust_subtype or r.trust_type for r in all_rows})
    regions = sorted({(str(r.scope_region_id), r.scope_region.name) for r in all_rows if r.scope_region_id}, key=lambda x: x[1])
    chosen = [
        r for r in all_rows
        if (not trust_type or (r.trust_subtype or r.trust_type) == trust_type)
        and (not region or str(r.scope_region_id) == region)
    ]  # fmt: skip
    chosen.sort(key=lambda r: (r.trust_type, r.rank or 10**6, r.average_score or 99))
    changes = {c.trust_code: c for c in NofSegmentChange.objects.filter(load=load)}
    return chosen, {"types": types, "regions": regions, "type": trust_type, "region": region}, changes


@capability_required(VIEW)
def league(request):
    load = _latest()
    context = {"page_title": "NHS Oversight Framework", "breadcrumbs": crumbs(), "load": load,
               "segment_text": SEGMENT_TEXT, "can_load": can(request.user, MANAGE_DATA)}  # fmt: skip
    if load is not None:
        rows, filters, changes = _league(request, load)
        context.update(rows=rows, filters=filters, changes=changes, csv_query=request.GET.urlencode(),
                       differs=sum(1 for r in rows if r.published_final_segment and r.published_final_segment != r.final_segment))  # fmt: skip
    return render(request, "surveillance/nof_league.jinja", context)


@capability_required(VIEW)
def league_csv(request):
    load = _latest()
    header = ["year", "period", "trust_code", "trust_name", "trust_type", "trust_subtype", "region", "rank", "out_of",
              "average_score", "unadjusted_segment", "adjusted_segment", "final_segment",
              "published_final_segment", "in_deficit", "in_rsp", "drivers"]  # fmt: skip
    out = []
    if load is not None:
        rows, _, _ = _league(request, load)
        for r in rows:
            out.append([
                load.year, load.period_label, r.trust_code, r.trust_name, r.trust_type, r.trust_subtype,
                r.scope_region.name if r.scope_region_id else r.region_name, r.rank, r.out_of, r.average_score,
                r.unadjusted_segment, r.adjusted_segment, r.final_segment, r.published_final_segment,
                "yes" if r.in_deficit else "no", "yes" if r.in_rsp else "no",
                "; ".join(f"{d['metric']} {d['score']:.2f}" for d in r.drivers),
            ])  # fmt: skip
    return csv_response(request, "nof-league-table.csv", header, out, "NOF league table CSV")


@capability_required(VIEW)
def changes(request):
    load = _latest()
    rows = []
    run = run_or_none()
    if load is not None:
        for c in _in_scope(request.user, NofSegmentChange.objects.filter(load=load)).select_related("previous_load"):
            url = reverse("surveillance:nof-trust", kwargs={"code": c.trust_code})
            text = f"NOF {load.period_label}: {c.trust_name} moved {c.describe()} since {c.previous_load.period_label}"
            provider = provider_for(c.trust_code, run)
            rows.append({
                "change": c, "url": url, "text": text,
                "action_url": raise_action_url(c.trust_code, kind="nof_change", text=text, url=url,
                                               title=f"Review NOF segment change ({c.describe()})")
                if provider is not None and may_manage(request, provider) else "",
            })  # fmt: skip
    return render(request, "surveillance/nof_changes.jinja",
                  {"page_title": "NOF segment changes", "breadcrumbs": crumbs(("NHS Oversight Framework", reverse("surveillance:nof"))),
                   "load": load, "rows": rows})  # fmt: skip


@capability_required(VIEW)
def trust(request, code: str):
    code = code.upper()
    load = _latest()
    result = NofResult.objects.filter(load=load, trust_code=code).select_related("scope_region").first() if load else None
    run = run_or_none()
    provider = provider_for(code, run)
    if result is None and provider is None:
        raise Http404("This trust is not in the NOF publication in force")
    if provider is not None:
        provider_or_404(request, code, run)
    elif not _in_scope(request.user, NofResult.objects.filter(pk=result.pk)).exists():
        raise PermissionDenied("This trust is outside the organisations you oversee.")
    # A reverted load was withdrawn: it is no part of the trust's history.
    history = list(NofResult.objects.filter(trust_code=code, load__reverted_at__isnull=True)
                   .select_related("load").order_by("load__created_at"))  # fmt: skip
    trust_changes = (NofSegmentChange.objects.filter(trust_code=code, load__reverted_at__isnull=True)
                     .select_related("load", "previous_load").order_by("-load__created_at"))  # fmt: skip
    url = reverse("surveillance:nof-trust", kwargs={"code": code})
    domains = {}
    if result is not None:
        for s in result.scores:
            domains.setdefault(s["domain"] or "Other", []).append(s)
        for items in domains.values():
            items.sort(key=lambda s: -(s["score"] or 0))
    manage = provider is not None and may_manage(request, provider)
    action_url = ""
    if result is not None and manage:
        drivers = "; ".join(f"{d['name']} {d['score']:.2f}" for d in result.drivers)
        text = f"NOF {load.period_label}: {result.trust_name} in segment {result.final_segment}, rank {result.rank} of {result.out_of}; drivers: {drivers}"
        action_url = raise_action_url(code, kind="nof_position", text=text, url=url, title="Review NOF drivers")
    change_rows = [
        {"change": c, "action_url": raise_action_url(code, kind="nof_change",
            text=f"NOF {c.load.period_label}: {c.trust_name} moved {c.describe()} since {c.previous_load.period_label}",
            url=url, title=f"Review NOF segment change ({c.describe()})") if manage else ""}
        for c in trust_changes
    ]  # fmt: skip
    name = result.trust_name if result else provider.name
    return render(
        request,
        "surveillance/nof_trust.jinja",
        {
            "page_title": f"NHS Oversight Framework: {name}",
            "breadcrumbs": crumbs(("NHS Oversight Framework", reverse("surveillance:nof"))),
            "name": name,
            "code": code,
            "load": load,
            "result": result,
            "domains": domains,
            "history": history,
            "changes": change_rows,
            "segment_text": SEGMENT_TEXT,
            "action_url": action_url,
            "provider": provider,
        },
    )


@capability_required(MANAGE_DATA)
def load(request):
    form = NofUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "nof.csv"
            with open(path, "wb") as handle:
                handle.writelines(upload.chunks())
            try:
                report = load_nof_file(path, year=form.cleaned_data["year"], period_label=form.cleaned_data["period_label"],
                                       loaded_by=request.user.get_username(), file_name=Path(upload.name).name[:300])  # fmt: skip
            except NofLoadError as exc:
                form.add_error("file", str(exc).replace(str(path), Path(upload.name).name))
            except NofLoadRefused as exc:
                form.add_error("file", str(exc))
            else:
                messages.success(request, report.summary())
                return redirect("surveillance:nof-load-detail", pk=report.load.pk)
    return render(request, "surveillance/nof_load.jinja",
                  {"page_title": "Load a NOF publication", "form": form, "breadcrumbs": _nof_crumbs()})  # fmt: skip


@capability_required(MANAGE_DATA)
def loads(request):
    return render(request, "surveillance/nof_loads.jinja",
                  {"page_title": "NOF loads", "breadcrumbs": _nof_crumbs(), "columns": COLUMNS, "rows": load_rows(),
                   "in_force": NofLoad.objects.in_force()})  # fmt: skip


@capability_required(MANAGE_DATA)
def load_review(request, pk):
    item = get_object_or_404(NofLoad.objects.select_related("replaced"), pk=pk)
    return render(request, "surveillance/nof_load_detail.jinja",
                  {"page_title": f"NOF load: {item.period_label}", "load": item, **load_detail(item),
                   "breadcrumbs": _nof_crumbs(("NOF loads", reverse("surveillance:nof-loads")))})  # fmt: skip


@capability_required(MANAGE_DATA)
def revert(request, pk):
    item = get_object_or_404(NofLoad.objects.select_related("replaced"), pk=pk)
    form = NofRevertForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            restored = revert_nof_load(item, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, f"NOF {item.period_label} reverted: {restored.period_label} ({restored.file_name}) "
                                      "is in force again for every reader.")  # fmt: skip
            return redirect("surveillance:nof-load-detail", pk=item.pk)
    review = reverse("surveillance:nof-load-detail", kwargs={"pk": item.pk})
    return render(request, "surveillance/nof_revert.jinja",
                  {"page_title": f"Revert NOF load: {item.period_label}", "load": item, "form": form, **load_detail(item),
                   "breadcrumbs": _nof_crumbs(("NOF loads", reverse("surveillance:nof-loads")), (item.period_label, review))})  # fmt: skip
