"""The organisation list (filtered by kind, name and whether closed) and one organisation's page."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, render

from oversight.accounts.access import organisations_in_scope, require
from oversight.accounts.decorators import capability_required
from oversight.accounts.roles import Capability

from ..forms import OrganisationFilterForm
from ..models import Organisation
from ..presenters import OrganisationPresenter


@capability_required(Capability.VIEW_ORGANISATIONS)
def organisation_list(request):
    form = OrganisationFilterForm(request.GET)
    organisations = form.filter(organisations_in_scope(request.user).select_related("parent"))
    return render(request, "organisations/list.jinja", {
        "page_title": "Organisations", "form": form, "organisations": organisations.order_by("kind", "name")[:2000],
    })


@capability_required(Capability.VIEW_ORGANISATIONS)
def organisation_detail(request, ods_code: str):
    organisation = get_object_or_404(Organisation.objects.select_related("parent"), ods_code=ods_code.upper())
    require(request.user, Capability.VIEW_ORGANISATIONS, organisation)
    children = organisations_in_scope(request.user).filter(parent=organisation).order_by("name")
    presenter = OrganisationPresenter(organisation, children)
    return render(request, "organisations/detail.jinja", {
        "page_title": presenter.title, "organisation": presenter, "breadcrumbs": presenter.breadcrumbs,
    })
