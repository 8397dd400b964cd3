"""Bulk import: all or nothing, a row-level problem report, mappings, scope, the page and the CLI."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from oversight.audit.context import acting_as, system_actor
from oversight.audit.models import AuditEntry
from oversight.rulefiles import RuleFileError

from ..imports import MappingError, import_file, load_mapping, packaged_text
from ..models import Complaint, DutyOfCandourNotification, ImportBatch, Incident

pytestmark = pytest.mark.django_db

INCIDENT_HEADER = ["ID", "Site code", "Incident date", "Time", "Reported date", "Type", "Location (exact)", "Description",
                   "Action taken", "Physical harm", "Psychological harm", "Never Event", "Approval status",
                   "Learning response", "Category", "NHS number", "DoC notification date", "DoC letter date"]


def incident_csv(rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(INCIDENT_HEADER)
    for row in rows:
        base = {"ID": "W1", "Site code": "TRA01", "Incident date": "03/05/2024", "Time": "10:15",
                "Reported date": "03/05/2024", "Type": "Incident", "Location (exact)": "Ward 7", "Description": "Fall",
                "Action taken": "", "Physical harm": "Low", "Psychological harm": "None", "Never Event": "",
                "Approval status": "Finally approved", "Learning response": "", "Category": "Falls",
                "NHS number": "", "DoC notification date": "", "DoC letter date": ""}
        base.update(row)
        writer.writerow([base[h] for h in INCIDENT_HEADER])
    return out.getvalue().encode()


def run(data: bytes, kind="incidents", **kwargs):
    with acting_as(system_actor("test-import")):
        return import_file(data, load_mapping(kind), file_name="export.csv", actor_label="test", **kwargs)


def test_a_good_file_is_imported_with_one_batch_and_one_ingest_entry(tree):
    result = run(incident_csv([
        {"ID": "W1"},
        {"ID": "W2", "Physical harm": "Moderate", "DoC notification date": "10/05/2024", "DoC letter date": "14/05/2024",
         "Category": "Falls; Night staffing", "NHS number": "943 476 5919"},
        {"ID": "W3", "Site code": "TRA", "Never Event": "Wrong site surgery", "Learning response": "PSII"},
    ]))
    assert result.ok, result.problems
    assert result.created == 3 and Incident.objects.count() == 3
    moderate = Incident.objects.get(external_reference="W2")
    assert moderate.is_notifiable and moderate.organisation == tree["trust_a"] and moderate.site == tree["site_a"]
    assert moderate.patient_nhs_number == "9434765919"
    assert {t.name for t in moderate.themes.all()} == {"Falls", "Night staffing"}
    tracker = DutyOfCandourNotification.objects.get(incident=moderate)
    assert tracker.notification_clock(timezone.localdate()).status == "met"
    assert Incident.objects.get(external_reference="W3").requires_psii
    batch = ImportBatch.objects.get()
    assert batch.rows == 3
    assert AuditEntry.objects.filter(action="ingest", object_id=str(batch.pk)).count() == 1


def test_any_bad_row_means_nothing_is_written_and_every_problem_is_reported(tree):
    future = (timezone.localdate() + timedelta(days=3)).strftime("%d/%m/%Y")
    result = run(incident_csv([
        {"ID": "W1"},
        {"ID": "W2", "Incident date": future},
        {"ID": "W3", "Physical harm": "Catastrophic-ish"},
        {"ID": "W4", "NHS number": "943 476 5918"},
        {"ID": "W5", "Reported date": "01/05/2024"},
        {"ID": "W6", "Site code": "TRC"},  # other region: not in the lead's scope
        {"ID": "W1"},
        {"ID": "W8", "Never Event": "NE01", "Learning response": "AAR"},
        {"ID": "W9", "Incident date": "31/02/2024"},
        {"ID": "W10", "Description": ""},
    ]), allowed_organisation_ids={tree["trust_a"].id, tree["site_a"].id})
    assert not result.ok and Incident.objects.count() == 0 and not ImportBatch.objects.exists()
    found = {(p.row, p.column): p.problem for p in result.problems}
    assert "is in the future" in found[(3, "Incident date")]
    assert "not in the configured list" in found[(4, "Physical harm")]
    assert "modulus 11 check" in found[(5, "NHS number")]
    assert "before the date the incident happened" in found[(6, "Reported date")]
    assert "cannot import records" in found[(7, "Site code")]
    assert "also on row 2" in found[(8, "ID")]
    assert "requires a PSII" in found[(9, "Learning response")]
    assert "not a date" in found[(10, "Incident date")]
    assert found[(11, "Description")] == "is empty"
    assert result.problems_csv().startswith("row,column,problem")


def test_rows_without_an_organisation_are_refused_where_the_user_cannot_write(tree):
    # The default organisation is checked like a named one: a queued job's user may have lost the role.
    data = incident_csv([{"ID": "W1", "Site code": ""}, {"ID": "W2"}])
    result = run(data, default_organisation=tree["trust_c"], allowed_organisation_ids={tree["trust_a"].id, tree["site_a"].id})
    assert not result.ok and Incident.objects.count() == 0
    assert [(p.row, p.column) for p in result.problems] == [(2, "Site code")]
    assert "cannot import records for" in result.problems[0].problem and "rows without one" in result.problems[0].problem
    assert run(data, default_organisation=tree["trust_a"], allowed_organisation_ids={tree["trust_a"].id, tree["site_a"].id}).ok


def test_importing_the_same_file_twice_is_refused_unless_confirmed(tree):
    data = incident_csv([{"ID": "W1"}])
    assert run(data).ok
    again = run(data)
    assert not again.ok and again.previous == ImportBatch.objects.get()
    assert again.problems[0].problem.startswith("This file was imported on ") and " by test (1 incidents)" in again.problems[0].problem
    confirmed = run(data, again=True)  # confirmed: the references still refuse every row
    assert not confirmed.ok and "already been imported" in confirmed.problems[0].problem
    assert Incident.objects.count() == 1


def test_a_file_without_references_is_refused_the_second_time_unless_confirmed(tree):
    data = incident_csv([{"ID": ""}, {"ID": "", "Description": "Another fall"}])
    assert run(data).ok
    assert not run(data).ok and Incident.objects.count() == 2
    assert run(data, again=True).ok and Incident.objects.count() == 4


def test_the_database_refuses_a_second_case_with_one_external_reference(tree):
    from django.db import IntegrityError, transaction

    from oversight.audit.testing import create_record

    from .factories import IncidentFactory

    IncidentFactory(organisation=tree["trust_a"], external_reference="W1")
    IncidentFactory(organisation=tree["trust_b"], external_reference="W1")  # another trust's own W1
    IncidentFactory(organisation=tree["trust_a"], external_reference="")  # many cases have none
    IncidentFactory(organisation=tree["trust_a"], external_reference="")
    with pytest.raises(IntegrityError), transaction.atomic(), acting_as(system_actor("test")):
        create_record(IncidentFactory.build(organisation=tree["trust_a"], external_reference="W1"))


def test_missing_columns_and_broken_mappings(tree):
    result = run(b"ID,Site code\nW1,TRA\n")
    assert {p.column for p in result.problems if p.row == 1} >= {"Incident date", "Description", "Physical harm"}
    with pytest.raises(MappingError, match="Oversight does not know"):
        load_mapping("incidents", 'kind = "incidents"\n[columns]\nfavourite_colour = "x"\n')
    with pytest.raises(MappingError, match="required field"):
        load_mapping("incidents", 'kind = "incidents"\n[columns]\ndescription = "D"\n')
    with pytest.raises(MappingError, match="for complaints"):
        load_mapping("incidents", 'kind = "complaints"\n')
    with pytest.raises(RuleFileError) as caught:
        load_mapping("incidents", packaged_text("incidents").replace("date_formats = [", "date_formats = 1 #"),
                     file_label="mine.toml")
    assert (caught.value.file, caught.value.key) == ("mine.toml", "date_formats")
    with pytest.raises(MappingError, match=r"^mine\.toml, line 2: not valid TOML"):
        load_mapping("incidents", 'kind = "incidents"\n[columns\n', file_label="mine.toml")


def test_a_custom_mapping_with_its_own_values(tree):
    mapping = """
kind = "incidents"
name = "Our export"
date_formats = ["%Y-%m-%d"]
[columns]
organisation = "Org"
occurred_on = "When"
description = "What"
physical_harm = "Harm"
[values.physical_harm]
"H0" = "none"
"H2" = "moderate"
"""
    with acting_as(system_actor("test-import")):
        result = import_file(b"Org,When,What,Harm\nTRA,2024-01-02,Something,H2\n", load_mapping("incidents", mapping),
                             file_name="ours.csv", actor_label="test")
    assert result.ok, result.problems
    assert Incident.objects.get().physical_harm == "moderate"


def test_complaints_import(tree):
    data = (b"ID,Site code,Method of receipt,Date received,Incident date,Description,Date acknowledged,Date response sent,Outcome\n"
            b"C1,TRA,Email,10/01/2024,01/12/2023,Parking,11/01/2024,01/03/2024,Not upheld\n"
            b"C2,TRA,Letter,10/01/2024,01/12/2021,Old matter,,,\n"
            b"C3,TRA,Letter,10/01/2024,01/02/2024,Bad order,,,\n")
    result = run(data, kind="complaints")
    assert [(p.row, p.column) for p in result.problems] == [(4, "Date received")]
    result = run(data.rsplit(b"C3", 1)[0], kind="complaints")
    assert result.ok and Complaint.objects.count() == 2
    assert Complaint.objects.get(external_reference="C2").outside_time_limit
    assert Complaint.objects.get(external_reference="C1").status == "responded"


def test_the_import_page(client, tree, lead):
    client.force_login(lead)
    upload = SimpleUploadedFile("export.csv", incident_csv([{"ID": "W1"}, {"ID": "W2", "Physical harm": "Bad"}]))
    page = client.post("/governance/import/", {"kind": "incidents", "file": upload}, follow=True).content.decode()
    assert "Nothing was imported" in page and "not in the configured list" in page
    upload = SimpleUploadedFile("export.csv", incident_csv([{"ID": "W1"}]))
    page = client.post("/governance/import/", {"kind": "incidents", "file": upload}, follow=True).content.decode()
    assert "Imported 1 incidents" in page
    bad_mapping = SimpleUploadedFile("m.toml", b"kind = [")
    upload = SimpleUploadedFile("export.csv", incident_csv([{"ID": "W9"}]))
    page = client.post("/governance/import/", {"kind": "incidents", "file": upload, "mapping": bad_mapping}).content.decode()
    assert "not valid TOML" in page
    assert client.get("/governance/import/mapping.toml?kind=complaints").content.startswith(b"# Column mapping")


def test_the_command_line(tree, tmp_path, capsys):
    from oversight.cli import build_parser

    path = tmp_path / "export.csv"
    path.write_bytes(incident_csv([{"ID": "W1"}, {"ID": "W2", "Physical harm": "Huge"}]))
    parser = build_parser()
    errors = tmp_path / "problems.csv"
    args = parser.parse_args(["governance", "import", "incidents", str(path), "--errors", str(errors)])
    assert args.func(args) == 1
    assert "row 3, Physical harm" in capsys.readouterr().err and errors.read_text().count("\n") == 2
    path.write_bytes(incident_csv([{"ID": "W1"}]))
    args = parser.parse_args(["governance", "import", "incidents", str(path)])
    assert args.func(args) == 0 and Incident.objects.count() == 1


def test_the_command_line_imports_a_file_again_only_when_told_to(tree, tmp_path, capsys):
    from oversight.cli import main

    path = tmp_path / "export.csv"
    path.write_bytes(incident_csv([{"ID": ""}]))
    command = ["governance", "import", "incidents", str(path)]
    assert main(command) == 0
    assert main(command) == 1 and "This file was imported on " in capsys.readouterr().err
    assert main([*command, "--again"]) == 0 and Incident.objects.count() == 2
