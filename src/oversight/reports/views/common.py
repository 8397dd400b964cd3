"""What the report pages share: the organisations a user may report on, and the report a URL names."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from oversight.accounts.access import assigned_organisation_ids, organisations_in_scope, require
from oversight.accounts.roles import Capability
from oversight.organisations.models import Organisation

from ..board import REPORTABLE, ReportError
from ..forms import KINDS, period_start


def reportable_organisations(user, capability=Capability.VIEW_REPORTS) -> list[Organisation]:
    return list(organisations_in_scope(user, capability).filter(kind__in=REPORTABLE, close_date__isnull=True)
                .order_by("kind", "name"))


def home_organisation(user, organisations: list[Organisation]) -> str:
    """The code of the organisation the user's own role is for, so most people need not choose."""
    roots = assigned_organisation_ids(user)
    return next((o.ods_code for o in organisations if o.id in roots), "")


def report_context(request, code: str, kind: str, period: str, capability=Capability.VIEW_REPORTS):
    if kind not in KINDS:
        raise Http404("No such report")
    organisation = get_object_or_404(Organisation, ods_code=code.upper(), kind__in=REPORTABLE)
    require(request.user, capability, organisation)
    try:
        start = period_start(kind, period)
    except ReportError as exc:
        raise Http404(str(exc)) from None
    return organisation, start
