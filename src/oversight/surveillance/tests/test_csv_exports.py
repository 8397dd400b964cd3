"""Surveillance exports go through the one CSV writer (issue 12, point 9): the analyst's download
gives back the uploaded file's own text, and the aggregate CSVs use the same safe writer."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse

from oversight.audit.context import acting_as, system_actor
from oversight.testing.factories import build_tree, user_with_role

from ..views.common import csv_response

pytestmark = pytest.mark.django_db


def _upload() -> bytes:
    lines = ["month,attendances,=unit"]
    lines += [f"2024-{month:02d}-01,{100 + month},=HYPERLINK(\"http://x.example\")" for month in range(1, 13)]
    return ("\n".join(lines) + "\n").encode()


def test_the_analyst_download_neutralises_the_uploaded_text(client, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    tree = build_tree()
    client.force_login(user_with_role("analyst", tree["trust_a"]))
    sent = client.post(reverse("surveillance:analyse"), {"file": SimpleUploadedFile("mine.csv", _upload())})
    assert sent.status_code == 302
    options = {"date": "month", "value": "attendances", "by": "=unit", "direction": "increase", "missing": "error"}
    response = client.get(reverse("surveillance:analyse-download"), {**options, "part": "points"})
    assert response.status_code == 200, response.content[:500]
    text = response.content.decode()
    assert "=HYPERLINK" in text
    for row in csv.reader(io.StringIO(text)):
        assert not any(cell.startswith(("=", "@", "+")) for cell in row), row
        assert not any(cell.startswith("-") and not cell.lstrip("-").replace(".", "", 1).isdigit() for cell in row), row


def test_the_aggregate_csvs_use_the_safe_writer():
    request = RequestFactory().get("/surveillance/matrix.csv")
    with acting_as(system_actor("test")):
        response = csv_response(request, "x.csv", ["provider", "change"], [["@Trust", -3], ["Fine", "-1.5"]], "test CSV")
    assert list(csv.reader(io.StringIO(response.content.decode()))) == [
        ["provider", "change"], ["'@Trust", "-3"], ["Fine", "-1.5"]]
