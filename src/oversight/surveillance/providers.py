"""The provider directory: every code the published files name, placed in the organisation tree.

A provider is whatever a published file reports on: an NHS trust (in ODS), an independent-sector
provider or walk-in centre (not in ODS) or an NHS 111 contract area. Each is placed in a region (and an
ICB when known) so the access rules can decide who sees it:

1. an ODS organisation: its own place in the tree (trust -> ICB -> region);
2. otherwise the NHS England region the A&E file names as its parent ("NHS ENGLAND MIDLANDS");
3. otherwise the ICB the RTT extract names as its parent, matched to an ODS ICB through the NHS trusts
   that the extract places under the same name, and that ICB's region;
4. otherwise the region the NHS 111 file names ("North East and Yorkshire").

A provider without an ODS record is visible to whoever holds the capability for its region; one placed
nowhere is visible to nobody (and counted on the index page, so it is not silently lost).

Trust types come from ODS when recorded there, else from the latest NOF publication's trust subtype
(e.g. "Acute - Teaching"), else a description of what the code is.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from dataclasses import dataclass, field
from uuid import UUID

from django.db.models import Count, Max

from oversight.accounts.access import scope_ids
from oversight.organisations.models import Organisation, OrganisationKind
from oversight.organisations.names import display_name
from oversight.organisations.regions import NHS_ENGLAND_REGIONS

NHS111_TYPE = "NHS 111 contract area"
INDEPENDENT_TYPE = "Independent sector or other provider"
NHS_TRUST_TYPE = "NHS trust (type not recorded)"

# Region names as the NOF file gives them, where they are not the ODS names.
REGION_ALIASES = {"NORTH EAST": "Y63", "EAST": "Y61", "YORKSHIRE": "Y63"}


@dataclass(frozen=True)
class Provider:
    code: str
    name: str
    organisation_id: UUID | None = None
    region_id: UUID | None = None
    region_name: str = ""
    icb_id: UUID | None = None
    icb_name: str = ""
    trust_type: str = ""
    in_ods: bool = False
    is_synthetic: bool = False
    sources: tuple[str, ...] = ()

    def visible_to(self, ids: set) -> bool:
        """May a user whose capability covers the organisation ids ``ids`` see this provider?"""
        if self.organisation_id is not None:
            return self.organisation_id in ids
        return self.region_id is not None and self.region_id in ids


@dataclass
class Directory:
    providers: dict[str, Provider] = field(default_factory=dict)
    unplaced: list[str] = field(default_factory=list)

    def get(self, code: str) -> Provider | None:
        return self.providers.get(code.upper())

    def visible(self, user, capability: str) -> list[Provider]:
        ids = scope_ids(user, capability)
        return [p for p in self.providers.values() if p.visible_to(ids)]

    def regions(self, providers: list[Provider]) -> list[tuple[str, str]]:
        return sorted({(str(p.region_id), p.region_name) for p in providers if p.region_id}, key=lambda r: r[1])

    def icbs(self, providers: list[Provider]) -> list[tuple[str, str]]:
        return sorted({(str(p.icb_id), p.icb_name) for p in providers if p.icb_id}, key=lambda r: r[1])

    @staticmethod
    def trust_types(providers: list[Provider]) -> list[str]:
        return sorted({p.trust_type for p in providers if p.trust_type})


def region_code_for_name(name: str | None) -> str | None:
    """'NHS ENGLAND NORTH EAST AND YORKSHIRE', 'North East and Yorkshire', 'North East' -> 'Y63'."""
    if not name:
        return None
    text = re.sub(r"[^A-Z ]", " ", name.upper())
    text = re.sub(r"^\s*NHS ENGLAND\s+", "", text)
    text = re.sub(r"\s+", " ", text).strip()
    for code, label in NHS_ENGLAND_REGIONS.items():
        if text == label.upper():
            return code
    return REGION_ALIASES.get(text)


def _place(organisation: Organisation) -> tuple[Organisation | None, Organisation | None]:
    """(region, ICB) of an organisation, walking up its parents."""
    region = icb = None
    node = organisation
    while node is not None:
        if node.kind == OrganisationKind.ICB and icb is None:
            icb = node
        if node.kind == OrganisationKind.REGION:
            region = node
            break
        node = node.parent
    return region, icb


_lock = threading.Lock()
_memo: dict[tuple, Directory] = {}


def directory(run=None) -> Directory:
    """The directory for an SPC run (its warehouse organisations) plus the NOF load in force; memoised
    per process until the run, the organisations or the NOF load change."""
    from .models import NofLoad

    stats = Organisation.objects.aggregate(n=Count("id"), t=Max("updated_at"))
    nof = NofLoad.objects.filter(in_force=True).values_list("id", flat=True).first()
    key = (getattr(run, "id", None), stats["n"], stats["t"], nof)
    with _lock:
        found = _memo.get(key)
    if found is not None:
        return found
    built = build_directory(run.organisations if run is not None else {}, nof)
    with _lock:
        if len(_memo) >= 4:
            _memo.clear()
        _memo[key] = built
    return built


def build_directory(warehouse_orgs: dict, nof_load_id=None) -> Directory:
    from .models import NofResult

    nof_rows = {}
    if nof_load_id is not None:
        nof_rows = {
            r["trust_code"]: r
            for r in NofResult.objects.filter(load_id=nof_load_id).values(
                "trust_code", "trust_name", "trust_subtype", "trust_type", "region_name"
            )
        }
    codes = set(warehouse_orgs) | set(nof_rows)
    ods = {
        o.ods_code: o
        for o in Organisation.objects.filter(ods_code__in=codes).select_related("parent__parent__parent")
    }
    regions = {o.ods_code: o for o in Organisation.objects.filter(kind=OrganisationKind.REGION)}

    # RTT parents are ICB names; learn which ODS ICB each name is from the NHS trusts under it.
    votes: dict[str, Counter] = {}
    for code, info in warehouse_orgs.items():
        parent = (info.get("parents") or {}).get("rtt")
        if parent and code in ods:
            _, icb = _place(ods[code])
            if icb is not None:
                votes.setdefault(parent, Counter())[icb.id] += 1
    icb_by_id = {o.id: o for o in Organisation.objects.filter(kind=OrganisationKind.ICB).select_related("parent")}
    icb_for_name = {name: icb_by_id.get(c.most_common(1)[0][0]) for name, c in votes.items()}

    out = Directory()
    for code in sorted(codes):
        info = warehouse_orgs.get(code, {})
        nof = nof_rows.get(code)
        sources = tuple(info.get("sources", ())) + (("nof",) if nof else ())
        organisation = ods.get(code)
        if organisation is not None:
            region, icb = _place(organisation)
            trust_type = (
                organisation.get_trust_type_display()
                if organisation.trust_type
                else (nof["trust_subtype"] or nof["trust_type"]) if nof else NHS_TRUST_TYPE
            )
            provider = Provider(
                code=code,
                name=organisation.name,
                organisation_id=organisation.id,
                region_id=region.id if region else None,
                region_name=region.name if region else "",
                icb_id=icb.id if icb else None,
                icb_name=icb.name if icb else "",
                trust_type=trust_type,
                in_ods=True,
                is_synthetic=organisation.is_synthetic,
                sources=sources,
            )
        else:
            parents = info.get("parents") or {}
            region = icb = None
            region_code = region_code_for_name(parents.get("ae"))
            if region_code is None and parents.get("rtt") in icb_for_name:
                icb = icb_for_name[parents["rtt"]]
                region = icb.parent if icb is not None and icb.parent and icb.parent.kind == "region" else None
            if region is None and region_code is None:
                region_code = region_code_for_name(parents.get("nhs111")) or region_code_for_name(
                    nof["region_name"] if nof else None
                )
            if region is None and region_code is not None:
                region = regions.get(region_code)
            if nof:
                trust_type = nof["trust_subtype"] or nof["trust_type"]
            elif "nhs111" in sources and len(sources) == 1:
                trust_type = NHS111_TYPE
            else:
                trust_type = INDEPENDENT_TYPE
            name = info.get("name") or (nof["trust_name"] if nof else code)
            provider = Provider(
                code=code,
                name=display_name(name) if name.isupper() else name,
                region_id=region.id if region else None,
                region_name=region.name if region else "",
                icb_id=icb.id if icb else None,
                icb_name=icb.name if icb else "",
                trust_type=trust_type,
                sources=sources,
            )
            if region is None:
                out.unplaced.append(code)
        out.providers[code] = provider
    return out


def provider_for(code: str, run=None) -> Provider | None:
    """A provider by code: from the directory, else an ODS trust with no published data yet."""
    code = code.upper()
    found = directory(run).get(code)
    if found is not None:
        return found
    organisation = (
        Organisation.objects.filter(ods_code=code, kind=OrganisationKind.TRUST)
        .select_related("parent__parent__parent")
        .first()
    )
    if organisation is None:
        return None
    region, icb = _place(organisation)
    return Provider(
        code=code,
        name=organisation.name,
        organisation_id=organisation.id,
        region_id=region.id if region else None,
        region_name=region.name if region else "",
        icb_id=icb.id if icb else None,
        icb_name=icb.name if icb else "",
        trust_type=organisation.get_trust_type_display() if organisation.trust_type else NHS_TRUST_TYPE,
        in_ods=True,
        is_synthetic=organisation.is_synthetic,
    )


def can_see(user, capability: str, provider: Provider) -> bool:
    return provider.visible_to(scope_ids(user, capability))
