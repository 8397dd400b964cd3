"""The organisation list (filtered by kind, name and whether closed) and one organisation's page."""

from __future__ import annotations

from django.db.models import Q
from django.shortcuts import get_object_or_404, render

from oversight.accounts.access import organisations_in_scope, require
from oversight.accounts.decorators import capability_required
from oversight.accounts.roles import Capability

from ..models import Organisation, OrganisationKind
from ..presenters import OrganisationPresenter


@capability_required(Capability.VIEW_ORGANISATIONS)
def organisation_list(request):
    kind = request.GET.get("kind", "")
    query = request.GET.get("q", "").strip()
    show_closed = request.GET.get("closed") == "1"
    organisations = organisations_in_scope(request.user).select_related("parent")
    if kind in OrganisationKind.values:
        organisations = organisations.filter(kind=kind)
    if query:
        organisations = organisations.filter(Q(name__icontains=query) | Q(ods_code__iexact=query))
    if not show_closed:
        organisations = organisations.filter(close_date__isnull=True)
    return render(
        request,
        "organisations/list.jinja",
        {
            "page_title": "Organisations",
            "organisations": organisations.order_by("kind", "name")[:2000],
            "kinds": OrganisationKind.choices,
            "kind": kind,
            "q": query,
            "show_closed": show_closed,
        },
    )


@capability_required(Capability.VIEW_ORGANISATIONS)
def organisation_detail(request, ods_code: str):
    organisation = get_object_or_404(Organisation.objects.select_related("parent"), ods_code=ods_code.upper())
    require(request.user, Capability.VIEW_ORGANISATIONS, organisation)
    children = organisations_in_scope(request.user).filter(parent=organisation).order_by("name")
    presenter = OrganisationPresenter(organisation, children)
    return render(request, "organisations/detail.jinja", {
        "page_title": presenter.title, "organisation": presenter, "breadcrumbs": presenter.breadcrumbs,
    })
