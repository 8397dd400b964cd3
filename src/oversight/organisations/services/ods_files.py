"""Writes to the organisation register: the one place that loads ODS files."""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from oversight.audit.auditor import record
from oversight.audit.models import AuditAction

from ..ods import ODSLoadReport, load_etr


@transaction.atomic
def load_ods_file(path: str | Path) -> ODSLoadReport:
    """Load an ODS ``etr.csv`` file (all or nothing) and record the load in the audit trail."""
    report = load_etr(path)
    record(
        AuditAction.INGEST, object_type="ODS etr.csv", object_repr=f"ODS file {Path(path).name}",
        changes={"sha256": report.sha256, "rows": report.rows, "created": report.created,
                 "updated": report.updated, "unchanged": report.unchanged},
    )
    return report
