"""A CSV download, recorded in the audit trail: the one way a page hands a table to a spreadsheet."""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpResponse

from oversight.core import csv_export

from .auditor import filters_reason, record
from .models import AuditAction


def audited_csv(request, *, filename: str, header: list[str], rows: Iterable[list], object_type: str,
                what: str) -> HttpResponse:
    """Record the export (what, and which filters were set), then the file. Cells go through the
    formula-safe writer: they can hold text typed by anyone, the public reporting form included."""
    record(AuditAction.EXPORT, object_type=object_type, object_repr=what[:300], reason=filters_reason(request.GET))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv_export.writer(response)
    writer.writerow(header)
    writer.writerows(rows)
    return response
