"""Who may change the NOF publication every reader sees, and how a load is reviewed and reverted
(issue 12, point 2). A made-up NOF file for the test tree (factories.nof_file), no ../shared needed."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from oversight.audit.context import Actor, acting_as
from oversight.audit.models import AuditEntry
from oversight.surveillance.models import NofLoad, NofResult
from oversight.surveillance.services import nof_position
from oversight.surveillance.services.nof import NofLoadRefused, may_manage_publication, revert_nof_load
from oversight.testing.factories import user_with_role

from .factories import load_synthetic_nof, nof_file

pytestmark = pytest.mark.django_db


def _upload(tmp_path, **file) -> dict:
    path = nof_file(tmp_path, **file)
    return {"file": SimpleUploadedFile("nof-q2.csv", path.read_bytes(), content_type="text/csv"),
            "year": "2025-26", "period_label": "Q2 2025/26"}  # fmt: skip


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def two_loads(tree):
    """Q1: Trust A in segment 1. Q2 (in force): Trust A in the Recovery Support Programme, segment 5."""
    first = load_synthetic_nof("Q1 2025/26").load
    second = load_synthetic_nof("Q2 2025/26", in_rsp=("TRA",)).load
    return first, second


@pytest.fixture
def director(tree):
    return user_with_role("regional_medical_director", tree["region"], username="rmd-yr1")


@pytest.mark.parametrize("role", ["analyst", "governance_lead"])
def test_a_trust_analyst_or_governance_lead_cannot_load_review_or_revert(tree, two_loads, tmp_path, role):
    client = _signed_in(user_with_role(role, tree["trust_a"]))
    _, second = two_loads
    for name, kwargs in [("nof-load", {}), ("nof-loads", {}), ("nof-load-detail", {"pk": second.pk}),
                         ("nof-revert", {"pk": second.pk})]:  # fmt: skip
        assert client.get(reverse(f"surveillance:{name}", kwargs=kwargs)).status_code == 403, name
    assert client.post(reverse("surveillance:nof-load"), _upload(tmp_path)).status_code == 403
    revert = reverse("surveillance:nof-revert", kwargs={"pk": second.pk})
    assert client.post(revert, {"reason": "Moving Trust C"}).status_code == 403
    assert NofLoad.objects.in_force() == second and NofLoad.objects.count() == 2


@pytest.mark.parametrize("role", ["analyst", "governance_lead"])
def test_the_service_refuses_a_trust_level_person_however_it_is_called(tree, two_loads, role):
    person = Actor(user=user_with_role(role, tree["trust_a"]))
    with pytest.raises(NofLoadRefused):
        load_synthetic_nof("Q3 2025/26", in_rsp=("TRC",), actor=person)
    with pytest.raises(NofLoadRefused), acting_as(person):
        revert_nof_load(two_loads[1], reason="Moving Trust C")
    assert NofLoad.objects.count() == 2 and NofLoad.objects.in_force() == two_loads[1]


def test_no_api_operation_changes_nof_loads():
    from oversight.config.api import api

    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    surveillance = {path: set(ops) for path, ops in schema["paths"].items() if path.startswith("/api/v1/surveillance")}
    assert surveillance and all(ops == {"get"} for ops in surveillance.values()), surveillance


def test_a_regional_director_loads_a_publication_and_it_is_in_force(tree, director, tmp_path):
    client = _signed_in(director)
    assert "Load a NOF publication" in client.get(reverse("surveillance:nof")).content.decode()
    response = client.post(reverse("surveillance:nof-load"), _upload(tmp_path, in_rsp=("TRB",)))
    load = NofLoad.objects.get()
    assert response.status_code == 302 and response.url == reverse("surveillance:nof-load-detail", kwargs={"pk": load.pk})
    assert load.in_force and load.loaded_by == "rmd-yr1" and load.file_name == "nof-q2.csv"
    assert nof_position("TRB")["final_segment"] == 5


def test_the_league_offers_loading_only_to_those_who_manage_published_data(tree, two_loads):
    html = _signed_in(user_with_role("analyst", tree["trust_a"])).get(reverse("surveillance:nof")).content.decode()
    assert "Load a NOF publication" not in html and "Review NOF loads" not in html


def test_data_management_below_a_region_cannot_load_even_a_file_of_its_own_trusts(tree, two_loads):
    """A load replaces the whole national load in force: a file naming only the ICB's trusts would take
    every other trust's segments away from every reader."""
    icb_holder = user_with_role("regional_medical_director", tree["icb"], username="rmd-icb")  # ICB: TRA, TRB
    assert not may_manage_publication(icb_holder)
    as_icb = Actor(user=icb_holder)
    with pytest.raises(NofLoadRefused, match="for a region or nationally"):
        load_synthetic_nof("Q3 2025/26", codes=("TRA", "TRB"), actor=as_icb)
    with pytest.raises(NofLoadRefused), acting_as(as_icb):
        revert_nof_load(two_loads[1], reason="Our trusts only")
    assert NofLoad.objects.in_force() == two_loads[1] and nof_position("TRC") is not None


def test_data_management_for_a_region_may_change_the_publication(tree, director):
    assert may_manage_publication(director)


def test_a_refused_upload_says_who_may_load_a_national_publication(tree, tmp_path):
    client = _signed_in(user_with_role("regional_medical_director", tree["icb"], username="rmd-icb"))
    response = client.post(reverse("surveillance:nof-load"), _upload(tmp_path, codes=("TRA", "TRB")))
    html = response.content.decode()
    assert response.status_code == 200 and "manage published data for a region or nationally" in html
    assert not NofLoad.objects.exists()


def test_the_loads_page_lists_who_when_file_sha_rows_and_changes(tree, two_loads, director):
    first, second = two_loads
    html = _signed_in(director).get(reverse("surveillance:nof-loads")).content.decode()
    for load in (first, second):
        assert load.sha256 in html and load.file_name in html and load.period_label in html
    assert "system:tests" in html and html.count("In force") >= 1 and "Replaced" in html
    row = html[html.index(second.sha256):]
    assert ">3</td>" in row[:row.index("</tr>")] and ">1</td>" in row[:row.index("</tr>")]  # 3 trusts; 1 changed

    detail = _signed_in(director).get(reverse("surveillance:nof-load-detail", kwargs={"pk": second.pk})).content.decode()
    assert "Trust A NHS Trust" in detail and "segment 1 to 5 (worse)" in detail
    assert "Revert to the previous load" in detail


def _reader_sees(client, code="TRA") -> int:
    rows = client.get("/api/v1/surveillance/nof").json()
    return next(row["final_segment"] for row in rows if row["trust_code"] == code)


def test_a_revert_restores_the_previous_segments_for_every_reader_and_sticks(tree, two_loads, director):
    first, second = two_loads
    reader = _signed_in(user_with_role("analyst", tree["trust_a"]))
    assert _reader_sees(reader) == 5 and nof_position("TRA")["final_segment"] == 5

    revert = reverse("surveillance:nof-revert", kwargs={"pk": second.pk})
    page = _signed_in(director).get(revert).content.decode()
    assert "1 trust goes back" in page and "Revert to Q1 2025/26" in page
    response = _signed_in(director).post(revert, {"reason": "The wrong quarter's file was loaded"})
    assert response.status_code == 302

    assert NofLoad.objects.in_force() == first
    assert _reader_sees(reader) == 1 and nof_position("TRA")["final_segment"] == 1
    league = reader.get(reverse("surveillance:nof")).content.decode()
    assert "Q1 2025/26" in league and "Segment 1" in league
    second.refresh_from_db()
    assert not second.in_force and second.reverted_by == "rmd-yr1" and second.revert_reason
    entry = AuditEntry.objects.order_by("-sequence").first()
    assert (entry.action, entry.reason, entry.actor_label) == ("update", "The wrong quarter's file was loaded", "rmd-yr1")
    assert "reverted" in entry.object_repr and "Q1 2025/26" in entry.object_repr

    # The revert sticks: loading the reverted file again writes nothing and leaves Q1 in force.
    again = load_synthetic_nof("Q2 2025/26", in_rsp=("TRA",))
    assert not again.created and "reverted" in again.summary()
    assert NofLoad.objects.in_force() == first and NofResult.objects.count() == 6


def test_a_revert_needs_a_reason_and_a_load_in_force_that_replaced_another(tree, two_loads, director):
    first, second = two_loads
    client = _signed_in(director)
    response = client.post(reverse("surveillance:nof-revert", kwargs={"pk": second.pk}), {"reason": "  "})
    assert response.status_code == 200 and "Give the reason for reverting this load" in response.content.decode()
    assert NofLoad.objects.in_force() == second
    response = client.post(reverse("surveillance:nof-revert", kwargs={"pk": first.pk}), {"reason": "Try"})
    assert "Only the load in force can be reverted" in response.content.decode()
    client.post(reverse("surveillance:nof-revert", kwargs={"pk": second.pk}), {"reason": "Wrong file"})
    response = client.post(reverse("surveillance:nof-revert", kwargs={"pk": first.pk}), {"reason": "Again"})
    assert "no previous load to put back" in response.content.decode()
    assert NofLoad.objects.in_force() == first


def test_a_new_load_replaces_the_load_in_force_not_the_newest(tree, two_loads, director):
    first, second = two_loads
    with acting_as(Actor(user=director)):
        revert_nof_load(second, reason="Wrong file")
    third = load_synthetic_nof("Q3 2025/26", in_rsp=("TRC",)).load
    assert third.in_force and third.replaced == first
    assert {c.trust_code for c in third.changes.all()} == {"TRC"}  # against Q1, not the reverted Q2

