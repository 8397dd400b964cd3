"""The NOF loads, for review: who loaded each file and when, its SHA-256, how many trusts it held, which
trusts changed segment against the load it replaced, and whether it is in force."""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse

from oversight.core.formatting import format_datetime

from ..models import NofLoad

COLUMNS = [
    ("publication", "Publication"), ("status", "Status"), ("loaded", "Loaded"), ("loaded_by", "Loaded by"),
    ("file", "File"), ("sha256", "SHA-256"), ("trusts", "Trusts"), ("changed", "Trusts that changed segment"),
]  # fmt: skip


def load_rows() -> list[dict]:
    """One row per load, newest first, for the data table."""
    loads = NofLoad.objects.annotate(changed=Count("changes")).order_by("-created_at")
    return [
        {
            "publication": {"text": load.period_label, "href": reverse("surveillance:nof-load-detail", kwargs={"pk": load.pk})},
            "status": load.status,
            "loaded": {"text": format_datetime(load.created_at), "sort": load.created_at.isoformat()},
            "loaded_by": load.loaded_by,
            "file": load.file_name,
            "sha256": load.sha256,
            "trusts": load.trusts,
            "changed": load.changed,
        }
        for load in loads
    ]  # fmt: skip


def load_detail(load: NofLoad) -> dict:
    """A load's provenance, its changes against the load it replaced, and whether it can be reverted
    (only the load in force, and only when it replaced another)."""
    changes = list(load.changes.select_related("previous_load").order_by("trust_name"))
    summary = [
        ("Status", _status(load)),
        ("Framework year", load.year.replace("-", "/")),
        ("Loaded", f"{format_datetime(load.created_at)} by {load.loaded_by}"),
        ("File", load.file_name),
        ("SHA-256", load.sha256),
        ("Size", f"{load.size_bytes:,} bytes"),
        ("Trusts", str(load.trusts)),
        ("Final segments", ", ".join(f"segment {k}: {v}" for k, v in sorted(load.segments.items())) or "None"),
        ("Replaced", _named(load.replaced)),
    ]
    return {
        "summary": [{"key": {"text": key}, "value": {"text": value}} for key, value in summary],
        "changes": changes,
        "replaced": load.replaced,
        "revertible": load.in_force and load.replaced is not None,
        "revert_url": reverse("surveillance:nof-revert", kwargs={"pk": load.pk}),
    }


def _status(load: NofLoad) -> str:
    if load.reverted_at:
        return f"Reverted {format_datetime(load.reverted_at)} by {load.reverted_by}: {load.revert_reason}"
    return load.status


def _named(load: NofLoad | None) -> str:
    if load is None:
        return "Nothing (the first load)"
    return f"{load.period_label} ({load.file_name}, loaded {format_datetime(load.created_at)})"
