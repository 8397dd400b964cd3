"""Organisations over the API: only those in the caller's scope."""

from __future__ import annotations

from datetime import date

from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from oversight.accounts.access import organisations_in_scope, require
from oversight.accounts.roles import Capability

from ..models import Organisation

PREFIX = "/organisations"
router = Router(tags=["organisations"])


class OrganisationOut(Schema):
    ods_code: str
    name: str
    kind: str
    parent_code: str | None
    open_date: date | None
    close_date: date | None
    is_synthetic: bool

    @staticmethod
    def resolve_parent_code(obj: Organisation) -> str | None:
        return obj.parent.ods_code if obj.parent_id else None


@router.get("/", response=list[OrganisationOut])
def list_organisations(request, kind: str | None = None, include_closed: bool = False):
    organisations = organisations_in_scope(request.user).select_related("parent")
    if kind:
        organisations = organisations.filter(kind=kind)
    if not include_closed:
        organisations = organisations.filter(close_date__isnull=True)
    return organisations.order_by("ods_code")


@router.get("/{ods_code}", response=OrganisationOut)
def get_organisation(request, ods_code: str):
    organisation = get_object_or_404(Organisation.objects.select_related("parent"), ods_code=ods_code.upper())
    require(request.user, Capability.VIEW_ORGANISATIONS, organisation)
    return organisation
