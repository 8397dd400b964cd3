"""The synthetic demo region: one NHS region, two ICBs, four trusts and their sites.

Codes start with X so they can never collide with real ODS codes used alongside them, and
every organisation is marked synthetic so pages say so.
"""

from __future__ import annotations

from dataclasses import dataclass

from oversight.organisations.models import Organisation, OrganisationKind, TrustType

REGION = ("XDEMO", "Demo Region (synthetic)")
ICBS = [
    ("XDA", "NHS Northbridge and Eastvale Integrated Care Board"),
    ("XDB", "NHS Westmoor and Riverside Integrated Care Board"),
]
TRUSTS = [
    ("XD1", "XDA", "Northbridge Teaching Hospitals NHS Foundation Trust", TrustType.ACUTE,
     ["Northbridge General Hospital", "Eastvale Community Hospital"]),
    ("XD2", "XDA", "Eastvale and Northbridge Mental Health NHS Trust", TrustType.MENTAL_HEALTH_COMMUNITY,
     ["Hollins Park Unit"]),
    ("XD3", "XDB", "Westmoor Royal Infirmary NHS Trust", TrustType.ACUTE,
     ["Westmoor Royal Infirmary", "Riverside Treatment Centre"]),
    ("XD4", "XDB", "Demo Regional Ambulance Service NHS Trust", TrustType.AMBULANCE, ["Westmoor Emergency Operations Centre"]),
]


@dataclass
class DemoRegion:
    region: Organisation
    icbs: dict[str, Organisation]
    trusts: dict[str, Organisation]
    sites: dict[str, list[Organisation]]

    @property
    def main_trust(self) -> Organisation:
        return self.trusts["XD1"]


def _upsert(code: str, **values) -> Organisation:
    organisation, _ = Organisation.objects.update_or_create(
        ods_code=code, defaults={**values, "is_synthetic": True, "source": "Oversight demo (synthetic)"}
    )
    return organisation


def build_region() -> DemoRegion:
    region = _upsert(REGION[0], name=REGION[1], kind=OrganisationKind.REGION, parent=None)
    icbs = {code: _upsert(code, name=name, kind=OrganisationKind.ICB, parent=region) for code, name in ICBS}
    trusts, sites = {}, {}
    for code, icb, name, trust_type, site_names in TRUSTS:
        trust = _upsert(code, name=name, kind=OrganisationKind.TRUST, parent=icbs[icb], trust_type=trust_type)
        trusts[code] = trust
        sites[code] = [
            _upsert(f"{code}0{index}", name=site_name, kind=OrganisationKind.SITE, parent=trust)
            for index, site_name in enumerate(site_names, start=1)
        ]
    return DemoRegion(region, icbs, trusts, sites)
