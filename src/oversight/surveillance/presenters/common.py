"""Pieces the surveillance presenters share: the metric registry's view, today, the action link."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

from oversight.accounts.roles import Capability
from oversight.indicators import Metric

from ..providers import Provider, can_see
from ..series import warehouse

VIEW = Capability.VIEW_SURVEILLANCE


def current_day() -> date:
    """Today in the service's time zone (tests replace it to judge publication lags)."""
    return timezone.localdate()


def catalogue():
    """The metrics the warehouse computes (a view of the indicators registry)."""
    return warehouse().metric_catalogue


def metric_or_none(code: str) -> Metric | None:
    try:
        return catalogue().metric(code)
    except KeyError:
        return None


def may_manage(user, provider: Provider) -> bool:
    return can_see(user, Capability.MANAGE_ESCALATION, provider)


def raise_action_url(provider_code: str, *, kind: str, text: str, url: str, title: str = "") -> str:
    query = {"signal_kind": kind, "signal_text": text[:500], "signal_url": url[:500]}
    if title:
        query["title"] = title[:200]
    return reverse("surveillance:action-new", kwargs={"code": provider_code}) + "?" + urlencode(query)


def rounded(value):
    return "" if value is None else round(value, 4)
