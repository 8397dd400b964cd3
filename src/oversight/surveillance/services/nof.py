"""Load NHS England's published NOF file through ``oversight.nof`` and keep the results; say which load
is in force, and revert it.

One ``NofLoad`` per file (provenance: file name, SHA-256, size, who loaded it, how the library was
called), one ``NofResult`` per trust, and a ``NofSegmentChange`` for every trust whose final segment
differs from the load it replaced. Loading the same file again for the same method year changes nothing.

Exactly one load is *in force*: the one every page, report and API answer reads. A new load is put in
force and records the load it replaced; reverting it puts that one back, for every reader, and keeps
the reverted load (who reverted it, when, why) for review. Both are audited.

The NOF file covers every trust in England, and a load replaces the whole national load in force (a file
naming some trusts takes every other trust's segments away from every reader), so changing the load in
force is a regional or national data-management duty: ``MANAGE_PUBLISHED_DATA`` held for a region or
nationally, however few trusts the file names. A named system process (the CLI, the demo), run by an
operator on the server, may load.

The library is called with ``published_scores="cross_type"``: NHS England ranks eight acute metrics
among every trust type, which a file of acute trusts alone cannot reproduce, so NHS England's own
published scores are used for those eight (docs/nof.md). NHS England's published final segment (OF5005)
is kept beside ours, and pages say where they differ.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from oversight.accounts.access import roles_of
from oversight.accounts.roles import CAPABILITIES, Capability
from oversight.audit.auditor import record
from oversight.audit.context import current_actor
from oversight.audit.models import AuditAction
from oversight.core.formatting import format_date
from oversight.organisations.models import Organisation, OrganisationKind

from ..models import NofLoad, NofResult, NofSegmentChange
from ..providers import _place, region_code_for_name

PUBLISHED_SCORES = "cross_type"
MANAGE = Capability.MANAGE_PUBLISHED_DATA
# A role held for one of these covers a national publication.
NATIONAL_SCOPES = {OrganisationKind.REGION, OrganisationKind.NATIONAL}


class NofLoadError(ValueError):
    """The file could not be read or segmented (the message names file, line and column)."""


class NofLoadRefused(PermissionDenied):
    """The person acting may not change the NOF publication every reader sees."""


@dataclass
class NofLoadReport:
    load: NofLoad
    created: bool
    changes: int

    def summary(self) -> str:
        if not self.created:
            if self.load.reverted_at:
                return (f"NOF {self.load.period_label}: {self.load.file_name} was loaded and then reverted on "
                        f"{format_date(self.load.reverted_at)}; nothing written")  # fmt: skip
            return f"NOF {self.load.period_label}: {self.load.file_name} already loaded, nothing written"
        segments = ", ".join(f"{k}: {v}" for k, v in sorted(self.load.segments.items()))
        return (
            f"NOF {self.load.period_label}: {self.load.trusts} trusts from {self.load.file_name} "
            f"(final segments {segments}); {self.changes} segment changes since the previous load"
        )


# --- who may change the load in force ------------------------------------------------------------------


def manages_published_data_nationally(user) -> bool:
    """Whether ``user`` holds MANAGE_PUBLISHED_DATA for a region or nationally (by capability, never
    by role name)."""
    return any(
        assignment.organisation.kind in NATIONAL_SCOPES and MANAGE in CAPABILITIES.get(assignment.role, ())
        for assignment in roles_of(user)
    )


def may_manage_publication(user) -> bool:
    """Whether ``user`` may load or revert a NOF publication: data management held regionally or
    nationally. Data management over some trusts is not enough, even for a file naming only those:
    the load replaces the publication every reader sees for every trust."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return manages_published_data_nationally(user)


def _require_may_manage() -> None:
    actor = current_actor()
    user = getattr(actor, "user", None)
    if user is None and getattr(actor, "system_id", ""):
        return  # an operator's named process on the server (the CLI, the demo)
    if not may_manage_publication(user):
        raise NofLoadRefused(
            "Only someone who can manage published data for a region or nationally (a regional medical "
            "director) may load or revert a NOF publication: it replaces the segments every reader sees "
            "for every trust"
        )


def _regions_in_file(path: Path) -> dict[str, str]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        if not reader.fieldnames or "Region" not in reader.fieldnames or "Trust_code" not in reader.fieldnames:
            return {}
        return {row["Trust_code"].strip(): (row["Region"] or "").strip() for row in reader}


def load_nof_file(path: str | Path, *, year: str, period_label: str, loaded_by: str = "",
                  file_name: str | None = None) -> NofLoadReport:  # fmt: skip
    """Segment ``path`` with the ``year`` method, store the results and put them in force (one
    transaction), if whoever is acting may (NofLoadRefused otherwise)."""
    from oversight.nof import NofError, load_method, read_trust_file, segment

    path = Path(path)
    if not path.is_file():
        raise NofLoadError(f"no such file: {path}")
    content = path.read_bytes()
    sha256 = hashlib.sha256(content).hexdigest()
    existing = NofLoad.objects.filter(sha256=sha256, year=year).first()
    if existing is not None:
        return NofLoadReport(existing, created=False, changes=0)
    try:
        method = load_method(year)
        data = read_trust_file(path, method)
        result = segment(data, method, published_scores=PUBLISHED_SCORES)
    except (NofError, ValueError) as exc:
        raise NofLoadError(str(exc)) from exc
    table = result.table().set_index("trust_code")
    _require_may_manage()
    published_final = data.published(method.publication["final_segment"])
    regions = _regions_in_file(path)
    names = {sid: m.name for sid, m in method.metrics.items()}
    domains_of = {sid: m.domain for sid, m in method.metrics.items()}
    scores = result.scores
    out_of = table.groupby("trust_type")["rank"].count().to_dict()

    organisations = {
        o.ods_code: o
        for o in Organisation.objects.filter(ods_code__in=list(table.index)).select_related("parent__parent__parent")
    }
    region_orgs = {o.ods_code: o for o in Organisation.objects.filter(kind=OrganisationKind.REGION)}

    with transaction.atomic():
        previous = _take_out_of_force()
        load = NofLoad.objects.create(
            in_force=True,
            replaced=previous,
            year=year,
            period_label=period_label,
            file_name=file_name or path.name,
            sha256=sha256,
            size_bytes=len(content),
            loaded_by=loaded_by or current_actor().label,
            trusts=len(table),
            segments={str(int(k)): int(v) for k, v in table["final_segment"].value_counts().sort_index().items()},
            options={"method": year, "published_scores": PUBLISHED_SCORES, "average_from": "computed"},
        )
        rows = []
        score_groups = dict(iter(scores.groupby("trust_code")))
        driver_groups = dict(iter(result.drivers.groupby("trust_code")))
        for code, row in table.iterrows():
            organisation = organisations.get(code)
            region = None
            if organisation is not None:
                region, _ = _place(organisation)
            if region is None:
                region = region_orgs.get(region_code_for_name(regions.get(code)) or "")
            trust_scores = score_groups.get(code, pd.DataFrame())
            rows.append(
                NofResult(
                    load=load,
                    trust_code=code,
                    trust_name=str(row["trust_name"] or code),
                    trust_type=str(row["trust_type"] or ""),
                    trust_subtype=str(row["trust_subtype"] or "") if pd.notna(row["trust_subtype"]) else "",
                    region_name=regions.get(code, ""),
                    organisation=organisation,
                    scope_region=region,
                    average_score=_float(row["average_score"]),
                    metrics_counted=_int(row["metrics_counted"]),
                    unadjusted_segment=_int(row["unadjusted_segment"]),
                    adjusted_segment=_int(row["adjusted_segment"]),
                    final_segment=_int(row["final_segment"]),
                    published_final_segment=_int(published_final.get(code)),
                    in_deficit=bool(row["in_deficit"]),
                    in_rsp=bool(row["in_rsp"]),
                    rank=_int(row["rank"]),
                    out_of=int(out_of.get(row["trust_type"], 0)) or None,
                    drivers=[
                        {
                            "metric": d["metric"],
                            "name": d["name"],
                            "domain": d["domain"],
                            "score": round(float(d["score"]), 2),
                            "impact": round(float(d["impact"]), 3),
                        }
                        for d in driver_groups.get(code, pd.DataFrame()).to_dict("records")
                    ],
                    scores=[
                        {
                            "score_id": s["score_id"],
                            "name": names.get(s["score_id"], s["score_id"]),
                            "domain": domains_of.get(s["score_id"], ""),
                            "value": _float(s["value"]),
                            "units": s["units"] if isinstance(s["units"], str) else "",
                            "score": None if _float(s["score"]) is None else round(float(s["score"]), 2),
                        }
                        for s in trust_scores.to_dict("records")
                        if _float(s["score"]) is not None
                    ],
                    domains={
                        name: round(float(v), 2)
                        for name, v in result.domains.loc[code].items()
                        if pd.notna(v)
                    }
                    if code in result.domains.index
                    else {},
                )
            )
        NofResult.objects.bulk_create(rows, batch_size=200)
        changes = _record_changes(load, previous) if previous is not None else 0
        record(
            AuditAction.INGEST,
            load,
            object_type="surveillance.NofLoad",
            object_repr=f"NOF {period_label}: {load.file_name} ({load.trusts} trusts)",
            reason=f"sha256 {sha256}; in force, replacing {_named(previous)}",
        )
    return NofLoadReport(load, created=True, changes=changes)


def _take_out_of_force() -> NofLoad | None:
    """The load in force, locked and no longer in force (the caller puts another in its place in the
    same transaction)."""
    previous = NofLoad.objects.select_for_update().filter(in_force=True).first()
    if previous is not None:
        previous.in_force = False
        previous.save(update_fields=["in_force", "updated_at"])
    return previous


def _named(load: NofLoad | None) -> str:
    return f"NOF {load.period_label}: {load.file_name}" if load is not None else "no earlier load"


def revert_nof_load(load: NofLoad, *, reason: str) -> NofLoad:
    """Put back the load that ``load`` replaced, for every reader. ``load`` stays stored, marked reverted
    (who, when, why), and the revert is audited. Returns the load now in force."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Give the reason for reverting this load"})
    with transaction.atomic():
        load = NofLoad.objects.select_for_update(of=("self",)).select_related("replaced").get(pk=load.pk)
        if not load.in_force:
            raise ValidationError(f"Only the load in force can be reverted; this one is {load.status.lower()}")
        previous = load.replaced
        if previous is None:
            raise ValidationError("This is the first NOF load: there is no previous load to put back")
        _require_may_manage()
        load.in_force = False
        load.reverted_at = timezone.now()
        load.reverted_by = current_actor().label
        load.revert_reason = reason
        load.save(update_fields=["in_force", "reverted_at", "reverted_by", "revert_reason", "updated_at"])
        previous.in_force = True
        previous.save(update_fields=["in_force", "updated_at"])
        record(
            AuditAction.UPDATE,
            load,
            object_type="surveillance.NofLoad",
            object_repr=f"{_named(load)} reverted; {_named(previous)} back in force"[:300],
            reason=reason,
            changes={"in force": [str(load.pk), str(previous.pk)]},
        )
    return previous


def _record_changes(load: NofLoad, previous: NofLoad) -> int:
    before = {r.trust_code: r for r in previous.results.all()}
    after = {r.trust_code: r for r in load.results.all()}
    changes = []
    for code in sorted(set(before) | set(after)):
        old, new = before.get(code), after.get(code)
        from_segment = old.final_segment if old else None
        to_segment = new.final_segment if new else None
        if from_segment == to_segment:
            continue
        source = new or old
        changes.append(
            NofSegmentChange(
                load=load,
                previous_load=previous,
                trust_code=code,
                trust_name=source.trust_name,
                organisation_id=source.organisation_id,
                scope_region_id=source.scope_region_id,
                from_segment=from_segment,
                to_segment=to_segment,
            )
        )
    NofSegmentChange.objects.bulk_create(changes)
    return len(changes)


def _float(value) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if pd.isna(number) else number


def _int(value) -> int | None:
    number = _float(value)
    return None if number is None else int(number)
