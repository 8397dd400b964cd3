"""Importing the clinician register from an ESR extract and a GMC Connect list: a bad file is refused
whole, each problem named by row and column; good files add clinicians, and update those already on the
register only when asked; a GMC list's submission dates and notice come back to the caller."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from oversight.accounts.access import scope_ids
from oversight.accounts.roles import Capability as C
from oversight.audit.context import Actor, acting_as
from oversight.audit.models import AuditEntry
from oversight.testing.factories import build_tree, user_with_role

from ..imports import MappingError, import_register, load_mapping
from ..models import Clinician
from .factories import ClinicianFactory, DoctorFactory

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent / "data"


@pytest.fixture
def tree():
    return build_tree()


@pytest.fixture
def officer(tree):
    # The Responsible Officer of the ICB: Trust A (with its site) and Trust B are in scope, Trust C is not.
    return user_with_role("responsible_officer", tree["icb"])


def _run(officer, name: str, source: str, **options):
    with acting_as(Actor(user=officer)):
        return import_register((DATA / name).read_bytes(), load_mapping(source),
                               allowed_organisation_ids=scope_ids(officer, C.MANAGE_CLINICIAN_REGISTER), user=officer,
                               **options)


def test_the_packaged_mappings_load_and_a_wrong_one_is_named():
    assert load_mapping("esr").heading("registration_number") == "Professional Registration Number"
    assert load_mapping("gmc_connect").defaults["profession"] == "doctor"
    with pytest.raises(MappingError, match="names fields Oversight does not know: favourite_colour"):
        load_mapping("esr", 'source = "esr"\n[columns]\nregistration_number = "N"\nname = "X"\nfavourite_colour = "C"\n')
    with pytest.raises(MappingError, match="the mapping is for gmc_connect"):
        load_mapping("esr", 'source = "gmc_connect"\n[columns]\nregistration_number = "N"\nname = "X"\n')


def test_a_bad_esr_file_is_refused_whole_with_each_problem_by_row_and_column(officer, tree):
    DoctorFactory(organisation=tree["trust_a"], registration_number="6789012")
    before = Clinician.objects.count()
    result = _run(officer, "esr_bad.csv", "esr")
    assert not result.ok and result.created == 0 and Clinician.objects.count() == before
    found = {(p.row, p.column): p.problem for p in result.problems}
    number = "Professional Registration Number"
    assert "a GMC number is 7 digits" in found[(2, number)]
    assert found[(3, "Assignment End Date")] == "is before the assignment start date"
    assert "'ZZZ' is not the ODS code or name of a known trust or site" in found[(4, "Organisation")]
    assert "you cannot manage the register of Trust C NHS Trust" in found[(5, "Organisation")]
    assert "also on row 6" in found[(7, number)]
    assert "already on the register of Trust A NHS Trust" in found[(8, number)]
    assert "'31/02/2020' is not a date" in found[(9, "Assignment Start Date")]
    assert "registered with the Nursing and Midwifery Council" in found[(10, "Professional Body")]
    assert (6, number) not in found and result.problem_count == len(found) == 8
    assert result.problems_csv().splitlines()[0] == "row,column,problem"


def test_a_good_esr_file_adds_every_clinician_through_the_audited_services(officer, tree):
    result = _run(officer, "esr_good.csv", "esr")
    assert result.ok, result.problems
    assert (result.rows, result.created, result.updated) == (5, 5, 0)
    smith = Clinician.objects.get(registration_number="1234567")
    assert (smith.name, smith.profession, smith.grade, smith.employee_number) == ("Alex Smith", "doctor", "consultant", "10001")
    nurse = Clinician.objects.get(registration_number="12A3456E")
    # Recorded at the site's trust, working at the site; a nurse's band is not a register grade.
    assert nurse.organisation == tree["trust_a"] and list(nurse.organisations_worked_at.all()) == [tree["site_a"]]
    assert nurse.grade == "" and nurse.profession == "nurse"
    assert Clinician.objects.get(registration_number="PA12345").profession == "paramedic"
    fellow = Clinician.objects.get(registration_number="3456789")
    assert fellow.organisation == tree["trust_b"] and fellow.grade == "other"
    assert AuditEntry.objects.filter(action="create", object_type="workforce.Clinician").count() == 5
    # The same file again: each clinician is already on the register.
    again = _run(officer, "esr_good.csv", "esr")
    assert not again.ok and again.problem_count == 5 and Clinician.objects.count() == 5


def test_a_gmc_connect_list_connects_the_doctors_and_returns_their_revalidation_details(officer, tree):
    assert _run(officer, "esr_good.csv", "esr").ok
    refused = _run(officer, "gmc_connect_good.csv", "gmc_connect", organisation=tree["trust_a"])
    assert not refused.ok and "tick" in refused.problems[0].problem and refused.problems[0].row == 2
    result = _run(officer, "gmc_connect_good.csv", "gmc_connect", organisation=tree["trust_a"], update_existing=True)
    assert result.ok, result.problems
    assert (result.created, result.updated) == (1, 1)
    smith = Clinician.objects.get(registration_number="1234567")
    assert smith.designated_body == tree["trust_a"] and smith.connection_started_on == date(2019, 4, 1)
    assert smith.licence_status == "licensed" and smith.grade == "consultant"  # "Trainee: No" leaves the grade
    assert AuditEntry.objects.filter(action="update", object_id=str(smith.pk)).exists()
    bloggs = Clinician.objects.get(registration_number="2222222")
    assert (bloggs.name, bloggs.grade, bloggs.specialty, bloggs.organisation) == ("Jo Bloggs", "resident", "General surgery",
                                                                                 tree["trust_a"])
    facts = {f.registration_number: f for f in result.revalidation}
    assert facts["2222222"].under_notice is True and facts["2222222"].submission_date == date(2029, 11, 1)
    assert facts["1234567"].under_notice is False and facts["1234567"].clinician_id == smith.pk


def test_a_bad_gmc_connect_list_names_each_problem(officer, tree):
    result = _run(officer, "gmc_connect_bad.csv", "gmc_connect", organisation=tree["trust_a"])
    assert not result.ok and not Clinician.objects.exists()
    found = {(p.row, p.column): p.problem for p in result.problems}
    assert "is not a designated body in your scope" in found[(2, "Designated Body")]
    assert found[(3, "Connection Date")] == "is in the future"
    assert "'Maybe' is not Yes or No" in found[(3, "Under Notice")]
    assert found[(4, "GMC Reference Number")] == "is empty"


def test_a_missing_column_is_named_in_the_header_row(officer, tree):
    data = b"Forename,Surname\nAlex,Smith\n"
    with acting_as(Actor(user=officer)):
        result = import_register(data, load_mapping("gmc_connect"), organisation=tree["trust_a"])
    assert any(p.row == 1 and "GMC Reference Number" in p.column for p in result.problems)


def test_nothing_is_half_saved_when_a_write_fails(officer, tree):
    from django.core.exceptions import ValidationError

    from ..services import clinicians as services

    real = services.add_clinician
    calls = []

    def failing(**fields):
        calls.append(fields)
        if len(calls) == 3:
            raise ValidationError({"registration_number": "refused at write"})
        return real(**fields)

    with mock.patch("oversight.workforce.imports.importer.add_clinician", side_effect=failing):
        result = _run(officer, "esr_good.csv", "esr")
    assert not result.ok and result.created == 0 and not Clinician.objects.exists()
    assert result.problems[0].row == 4 and result.problems[0].problem == "refused at write"


def test_a_clinician_added_meanwhile_refuses_the_file_by_row_not_a_server_error(officer, tree):
    from django.db import IntegrityError

    from ..services import clinicians as services

    real = services.add_clinician
    calls = []

    def racing(**fields):
        calls.append(fields)
        if len(calls) == 2:
            raise IntegrityError("duplicate key value violates unique constraint")
        return real(**fields)

    with mock.patch("oversight.workforce.imports.importer.add_clinician", side_effect=racing):
        result = _run(officer, "esr_good.csv", "esr")
    assert not result.ok and result.created == 0 and not Clinician.objects.exists()
    assert result.problems[0].row == 3 and "while the file was being imported" in result.problems[0].problem


def test_the_import_page_refuses_a_bad_file_and_imports_a_good_one(client, officer, tree):
    client.force_login(officer)
    url = reverse("workforce:register-import")
    page = client.get(url).content.decode()
    assert "ESR extract" in page and "?mapping=esr&amp;download=1" in page
    toml = client.get(url + "?mapping=gmc_connect&download=1")
    assert toml["Content-Disposition"].endswith('gmc_connect.toml"') and b'source = "gmc_connect"' in toml.content
    ClinicianFactory(organisation=tree["trust_a"], registration_number="6789012")
    bad = client.post(url, {"mapping": "esr", "file": SimpleUploadedFile("esr.csv", (DATA / "esr_bad.csv").read_bytes())})
    html = bad.content.decode()
    assert bad.status_code == 422 and "Nothing was imported" in html and "Assignment End Date" in html
    assert Clinician.objects.count() == 1
    good = client.post(url, {"mapping": "gmc_connect", "organisation": tree["trust_a"].pk,
                             "file": SimpleUploadedFile("gmc.csv", (DATA / "gmc_connect_good.csv").read_bytes())})
    html = good.content.decode()
    assert good.status_code == 200 and "2 clinicians added" in html and "01/11/2029" in html
    empty = client.post(url, {"mapping": "esr"}).content.decode()
    assert "Choose the CSV file to import" in empty
    wrong = client.post(url, {"mapping": "esr", "file": SimpleUploadedFile("esr.csv", b"a,b\n1,2\n"),
                              "mapping_file": SimpleUploadedFile("m.toml", b'source = "esr"\n[columns]\nname = "A"\n')})
    assert "must name the column holding the registration number" in wrong.content.decode()


def test_only_those_who_manage_the_register_may_import(client, tree):
    client.force_login(user_with_role("regional_medical_director", tree["region"]))
    assert client.get(reverse("workforce:register-import")).status_code == 403


def test_the_command_line(tree, tmp_path, capsys):
    from oversight.cli import build_parser

    parser = build_parser()
    errors = tmp_path / "problems.csv"
    args = parser.parse_args(["register", "import", "--mapping", "esr", str(DATA / "esr_bad.csv"), "--errors", str(errors)])
    assert args.func(args) == 1
    assert "row 2, Professional Registration Number" in capsys.readouterr().err and errors.read_text().startswith("row,")
    args = parser.parse_args(["register", "import", "--mapping", "gmc_connect", str(DATA / "gmc_connect_good.csv"),
                              "--organisation", "TRA"])
    assert args.func(args) == 0 and Clinician.objects.count() == 2
    assert "2 added" in capsys.readouterr().out
