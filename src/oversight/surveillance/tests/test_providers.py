"""Provider placement: every code a published file names lands in the organisation tree, by the rules
of providers.py in order, and decides who may see it."""

import pytest

from oversight.organisations.models import OrganisationKind
from oversight.surveillance.providers import (
    INDEPENDENT_TYPE,
    NHS111_TYPE,
    NHS_TRUST_TYPE,
    build_directory,
    provider_for,
    region_code_for_name,
)
from oversight.testing.factories import OrganisationFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def north_east(tree):
    return OrganisationFactory(ods_code="Y63", name="North East and Yorkshire", kind=OrganisationKind.REGION)


@pytest.mark.parametrize(("name", "code"), [
    ("NHS ENGLAND NORTH EAST AND YORKSHIRE", "Y63"), ("North East and Yorkshire", "Y63"), ("NORTH EAST", "Y63"),
    ("NHS England Midlands", "Y60"), ("East", "Y61"), ("Atlantis", None), ("", None), (None, None),
])  # fmt: skip
def test_region_names_as_the_files_write_them(name, code):
    assert region_code_for_name(name) == code


def test_an_ods_trust_is_placed_by_its_own_tree(tree):
    found = build_directory({"TRA": {"name": "TRUST A (AS PUBLISHED)", "parents": {}, "sources": ["ae"]}})
    provider = found.get("tra")
    assert provider.in_ods and provider.name == "Trust A NHS Trust"  # ODS's name, not the file's
    assert (provider.region_id, provider.icb_id) == (tree["region"].id, tree["icb"].id)
    assert provider.trust_type == NHS_TRUST_TYPE and provider.sources == ("ae",)


def test_a_provider_outside_ods_is_placed_by_its_ae_region(north_east):
    found = build_directory({"NT401": {"name": "SPIRE LEEDS HOSPITAL", "parents": {"ae": "NHS ENGLAND NORTH EAST AND YORKSHIRE"},
                                       "sources": ["ae"]}})  # fmt: skip
    provider = found.get("NT401")
    assert not provider.in_ods and provider.region_id == north_east.id and provider.icb_id is None
    assert provider.name == "Spire Leeds Hospital" and provider.trust_type == INDEPENDENT_TYPE


def test_an_rtt_parent_icb_is_learnt_from_the_nhs_trusts_under_it(tree):
    orgs = {
        "TRA": {"name": "TRUST A", "parents": {"rtt": "NHS TEST INTEGRATED CARE BOARD"}, "sources": ["rtt"]},
        "TRB": {"name": "TRUST B", "parents": {"rtt": "NHS TEST INTEGRATED CARE BOARD"}, "sources": ["rtt"]},
        "NVC01": {"name": "Independent Clinic", "parents": {"rtt": "NHS TEST INTEGRATED CARE BOARD"}, "sources": ["rtt"]},
    }
    provider = build_directory(orgs).get("NVC01")
    assert (provider.icb_id, provider.region_id) == (tree["icb"].id, tree["region"].id)
    assert provider.name == "Independent Clinic"  # mixed case is kept as published


def test_an_nhs111_area_is_placed_by_its_region_and_named_as_one(north_east):
    provider = build_directory({"111AA": {"name": "Yorkshire and Humber 111", "parents": {"nhs111": "North East and Yorkshire"},
                                          "sources": ["nhs111"]}}).get("111AA")  # fmt: skip
    assert provider.region_id == north_east.id and provider.trust_type == NHS111_TYPE


def test_a_provider_placed_nowhere_is_listed_and_seen_by_nobody(tree):
    found = build_directory({"ZZZ99": {"name": "Nowhere", "parents": {}, "sources": ["ae"]}})
    assert found.unplaced == ["ZZZ99"]
    regional = user_with_role("analyst", tree["region"])
    assert "ZZZ99" not in {p.code for p in found.visible(regional, "view_surveillance")}


def test_scope_follows_placement(tree):
    found = build_directory({code: {"name": code, "parents": {}, "sources": ["ae"]} for code in ("TRA", "TRB", "TRC")})
    regional = user_with_role("analyst", tree["region"])
    trust = user_with_role("analyst", tree["trust_a"], username="analyst-tra")
    assert {p.code for p in found.visible(regional, "view_surveillance")} == {"TRA", "TRB"}
    assert {p.code for p in found.visible(trust, "view_surveillance")} == {"TRA"}


def test_an_ods_trust_without_data_is_still_a_provider(tree):
    provider = provider_for("trb")
    assert provider.code == "TRB" and provider.organisation_id == tree["trust_b"].id and not provider.sources
    assert provider_for("NOPE") is None
