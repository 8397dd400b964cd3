"""The surveillance API answers only for providers in the caller's scope."""

import pytest
from django.test import Client

from oversight.audit.context import acting_as, system_actor
from oversight.organisations.models import Organisation
from oversight.surveillance.services.nof import load_nof_file
from oversight.testing.factories import api_token_for, user_with_role

from .conftest import NOF_FILE

pytestmark = [pytest.mark.django_db, pytest.mark.shared]  # real published files from ../shared


def _client(user):
    _, plain = api_token_for(user)
    return Client(HTTP_AUTHORIZATION=f"Bearer {plain}")


def test_series_nof_and_escalations_are_scoped(published, ods, shared):
    with acting_as(system_actor("tests")):
        load_nof_file(shared / "data" / NOF_FILE, year="2025-26", period_label="Q1 2025/26", loaded_by="tests")
    regional = _client(user_with_role("analyst", Organisation.objects.get(ods_code="Y63")))
    leeds = _client(user_with_role("analyst", Organisation.objects.get(ods_code="RR8")))
    board = _client(user_with_role("responsible_officer", Organisation.objects.get(ods_code="RR8")))

    rows = regional.get("/api/v1/surveillance/series?metric=ae_4hr_all").json()
    codes = {row["org_code"] for row in rows}
    assert "RR8" in codes and "R0A" not in codes  # Manchester is in the North West
    assert {row["org_code"] for row in leeds.get("/api/v1/surveillance/series").json()} == {"RR8"}
    assert leeds.get("/api/v1/surveillance/series?provider=R0A").status_code == 403
    assert board.get("/api/v1/surveillance/series").status_code == 403

    nof = regional.get("/api/v1/surveillance/nof").json()
    in_region = set(Organisation.objects.filter(parent__parent__ods_code="Y63").values_list("ods_code", flat=True))
    assert nof and {row["trust_code"] for row in nof} <= in_region
    assert [row["trust_code"] for row in leeds.get("/api/v1/surveillance/nof").json()] == ["RR8"]
    assert regional.get("/api/v1/surveillance/escalations").json() == []
