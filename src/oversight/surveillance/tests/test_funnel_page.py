"""The funnel analyst page: upload, options, chart with outliers named, paged table, audited CSV download."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from oversight.audit.models import AuditAction, AuditEntry
from oversight.testing.factories import build_tree, user_with_role

pytestmark = pytest.mark.django_db

#: Made-up counts for 60 groups (synthetic): two outliers, one named like a formula.
ROWS = [("=HIGH()", 90, 100), ("LOW", 2, 100)] + [(f"T{i:02d}", 30 + (i % 7), 100 + i) for i in range(58)]
OPTIONS = {"group": "trust", "numerator": "breaches", "denominator": "attendances", "data_type": "PR",
           "sr_method": "SHMI", "limit": "95", "multiplier": "1", "trim_by": "0.1", "draw_adjusted": "on",
           "unique_groups": "on"}  # fmt: skip


def _csv(rows) -> bytes:
    return ("trust,breaches,attendances\n" + "".join(f"{g},{o},{n}\n" for g, o, n in rows)).encode()


@pytest.fixture
def analyst(client, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(user_with_role("analyst", build_tree()["trust_a"]))
    return client


def _upload(client, rows=ROWS):
    sent = client.post(reverse("surveillance:funnel"), {"file": SimpleUploadedFile("mine.csv", _csv(rows))})
    assert sent.status_code == 302


def test_upload_guesses_the_columns(analyst):
    _upload(analyst)
    page = analyst.get(reverse("surveillance:funnel")).content.decode()
    assert 'value="trust" selected' in page
    assert 'value="breaches" selected' in page


def test_the_funnel_names_its_outliers_and_pages_the_groups(analyst):
    _upload(analyst)
    response = analyst.get(reverse("surveillance:funnel"), OPTIONS)
    assert response.status_code == 200
    page = response.content.decode()
    assert '<svg aria-hidden="true"' in page
    assert "Above the upper limit: =HIGH()." in page
    assert "Below the lower limit: LOW" in page
    assert "Groups, 1 to 50 of 60" in page
    second = analyst.get(reverse("surveillance:funnel"), {**OPTIONS, "page": 2, "sort": "group", "order": "asc"})
    assert "Groups, 51 to 60 of 60, sorted by group ascending" in second.content.decode()


def test_bad_rows_are_named(analyst):
    _upload(analyst, [("A", 1, 10), ("B", 2, 0), ("C", 3, 10)])
    page = analyst.get(reverse("surveillance:funnel"), OPTIONS).content.decode()
    assert "row 2 (group &#x27;B&#x27;): denominator is 0" in page or "row 2 (group &#39;B&#39;): denominator is 0" in page


def test_a_repeated_group_is_refused_when_one_row_per_group(analyst):
    _upload(analyst, [("A", 1, 10), ("A", 2, 10), ("C", 3, 10)])
    page = analyst.get(reverse("surveillance:funnel"), OPTIONS).content.decode()
    assert "appears on rows 1 and 2" in page


def test_the_download_is_audited_and_formula_safe(analyst):
    _upload(analyst)
    response = analyst.get(reverse("surveillance:funnel-download"), {**OPTIONS, "part": "groups"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:4] == ["group", "numerator", "denominator", "rr"]
    assert [r[0] for r in rows if "HIGH" in r[0]] == ["'=HIGH()"]
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT, object_repr__contains="Funnel groups").exists()
