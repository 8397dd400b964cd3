"""What the urgent care views share: breadcrumbs, today, the audited CSV."""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpResponse
from django.urls import reverse_lazy
from django.utils import timezone

from oversight.audit.exports import audited_csv

URGENT_CARE = {"text": "Urgent care KPIs", "href": reverse_lazy("urgent_care:index")}
CLINICAL_PERFORMANCE = {"text": "Clinical performance", "href": reverse_lazy("clinical_performance:index")}


def crumbs(*items: tuple[str, str]) -> list[dict]:
    return [CLINICAL_PERFORMANCE, URGENT_CARE] + [{"text": text, "href": href} for text, href in items]


def current_day():
    """Today in the service's time zone (tests replace it to judge publication lags)."""
    return timezone.localdate()


def csv_response(request, filename: str, header: list[str], rows: Iterable[list], what: str) -> HttpResponse:
    """A CSV download, recorded in the audit trail with the filters set."""
    return audited_csv(request, filename=filename, header=header, rows=rows, object_type="urgent_care", what=what)
