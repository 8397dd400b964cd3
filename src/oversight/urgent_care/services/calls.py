"""Load a call-event file: check it whole (oversight.iuc, row-level errors), refuse keys another
organisation's data already holds, write its monthly KPIs to the warehouse and record who loaded it.
The file is read once: the checked Events are what the warehouse writes (oversight.iuc.store.load_events).

All or nothing: a bad row raises EventError before anything is written; the warehouse write and the
load record happen in one database transaction, so a failed warehouse write leaves no record."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from django.conf import settings
from django.db import transaction

from oversight.audit import auditor
from oversight.iuc import EventError, Events, load_events, read_events
from oversight.warehouse.reading import FileFacts, file_facts

from ..models import CallDataLoad

KEYS = {"contracts": "contract", "services": "service", "sites": "site", "clinicians": "clinician_id"}
# Contracts, services and sites are the warehouse's keys for the service KPIs: one organisation's data
# per key, or two providers' loads would overwrite each other's months.
EXCLUSIVE = ("contracts", "services", "sites")


class CallDataRefused(ValueError):
    """The file is well formed but may not be loaded for this organisation (the message says why)."""


def load_call_events(*, organisation, path: str | Path, file_name: str, loaded_by=None, synthetic: bool = False) -> CallDataLoad:
    """Check and load one call-event file for ``organisation`` now (the demo; the page queues a job,
    services/jobs.py). Raises EventError or CallDataRefused."""
    events = check_call_events(path, file_name)
    return write_call_events(organisation=organisation, events=events, facts=file_facts(path), file_name=file_name,
                             loaded_by=loaded_by, synthetic=synthetic)  # fmt: skip


def check_call_events(path: str | Path, file_name: str) -> Events:
    """The whole file checked (oversight.iuc): raises EventError naming the first bad row and column."""
    events = read_events(path)
    if events.calls == 0:
        raise EventError(file_name, None, None, "the file has no calls")
    return events


def write_call_events(*, organisation, events: Events, facts: FileFacts, file_name: str, loaded_by=None,
                      synthetic: bool = False) -> CallDataLoad:  # fmt: skip
    """Load checked events: refuse keys another organisation holds, then write the warehouse and the audited
    load record together. Raises CallDataRefused before anything is written."""
    keys = _keys(events.frame)
    _refuse_keys_held_elsewhere(organisation, keys)
    months = events.frame.select(pl.col("received_at").dt.truncate("1mo").dt.date()).to_series()
    with transaction.atomic():
        report = load_events(events, settings.OVERSIGHT_WAREHOUSE, file=facts)
        load = CallDataLoad(
            organisation=organisation, loaded_by=loaded_by, file_name=file_name[:255], sha256=facts.sha256,
            warehouse_load_id=report.load_id, calls=events.calls, first_month=months.min(), last_month=months.max(),
            synthetic=synthetic, **keys,
        )  # fmt: skip
        auditor.create(load, reason=f"{events.calls} calls loaded for {organisation.ods_code}")
    return load


def _keys(frame: pl.DataFrame) -> dict[str, list[str]]:
    return {name: sorted(frame[column].drop_nulls().unique().to_list()) for name, column in KEYS.items()}


def _refuse_keys_held_elsewhere(organisation, keys: dict[str, list[str]]) -> None:
    for other in CallDataLoad.objects.exclude(organisation=organisation).select_related("organisation"):
        for name in EXCLUSIVE:
            shared = sorted(set(getattr(other, name)) & set(keys[name]))
            if shared:
                kind = name.removesuffix("s")
                raise CallDataRefused(
                    f"The {kind} {shared[0]!r} already has call data loaded by {other.organisation.name}: "
                    f"one organisation's calls per {kind}. Rename it in your extract or ask them."
                )

