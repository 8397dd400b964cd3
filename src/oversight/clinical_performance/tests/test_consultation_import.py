"""Importing consultations: each export shape, and each kind of bad input refusing the whole file."""

from __future__ import annotations

import pytest
from django.utils import timezone

from oversight.audit.context import Actor, acting_as
from oversight.audit.models import AuditEntry
from oversight.nhs_number import synthetic_nhs_numbers
from oversight.testing.factories import build_tree
from oversight.workforce.tests.factories import ClinicianFactory

from ..models import Consultation, ConsultationImport, ContactType
from ..services.consultations import import_consultations

ADASTRA = "Case No,Clinician Registration,Clinician Role,Consultation Start,Service,Case Type,Outcome\n"


@pytest.fixture
def trust(db):
    tree = build_tree()
    ClinicianFactory(organisation=tree["trust_a"], registration_number="1234567")
    ClinicianFactory(organisation=tree["trust_c"], registration_number="7654321")
    with acting_as(Actor(user=None, system_id="test")):
        yield tree["trust_a"]


def run(trust, text: str, shape: str = "adastra"):
    return import_consultations(organisation=trust, shape=shape, data=text.encode())


def problems(result):
    return [(p.row, p.column, p.problem) for p in result.problems]


def test_an_adastra_export_is_imported_with_one_entry_for_its_rows(trust):
    result = run(trust, ADASTRA + "A100234,1234567,GP,01/04/2026 18:30,Out of hours,Telephone Advice,Self care\n"
                                  "A100235,1234567,GP,01/04/2026 19:05,Out of hours,Home Visit,Admitted\n")
    assert result.imported and result.created == 2
    first = Consultation.objects.get(case_reference="A100234")
    assert first.contact_type == ContactType.TELEPHONE and timezone.localtime(first.consulted_at).hour == 18
    assert Consultation.objects.get(case_reference="A100235").contact_type == ContactType.HOME_VISIT
    entry = AuditEntry.objects.filter(action="ingest").get()
    assert entry.changes["rows written"] == {"clinical_performance.Consultation create": 2}


def test_cleric_and_emis_shapes(trust):
    cleric = ("IncidentNumber,ProfessionalRegistration,ClinicianType,ConsultationDateTime,ServiceName,ConsultationType,"
              "FinalDisposition\nINC-77,1234567,Advanced nurse practitioner,2026-04-02 10:00:00,IUC CAS,Video Consultation,"
              "Self care\n")
    emis = ("Consultation ID,Clinician Reg No,Clinician Role,Date and Time,Location,Consultation Type,Outcome\n"
            "E-9,1234567,GP,03-Apr-2026 11:15,Base A,Face to face,Prescription\n")
    assert run(trust, cleric, "cleric").created == 1
    assert run(trust, emis, "emis").created == 1
    assert set(Consultation.objects.values_list("contact_type", flat=True)) == {"video", "face_to_face_base"}


def test_an_unknown_clinician_refuses_the_file_naming_the_row(trust):
    result = run(trust, ADASTRA + "A1,1234567,GP,01/04/2026 18:30,OOH,Telephone,Self care\n"
                                  "A2,7654321,GP,01/04/2026 18:40,OOH,Telephone,Self care\n")
    assert not result.imported
    assert problems(result) == [(3, "Clinician Registration",
                                 "No clinician with registration number 7654321 is on this organisation's register")]
    assert not Consultation.objects.exists() and not ConsultationImport.objects.exists()


def test_each_bad_cell_is_reported(trust):
    result = run(trust, ADASTRA + ",1234567,GP,yesterday,OOH,Carrier pigeon,\n")
    found = problems(result)
    assert (2, "Case No", "Enter the case reference") in found
    assert (2, "Outcome", "Enter the disposition") in found
    assert any(row == 2 and column == "Consultation Start" and "not a date and time" in p for row, column, p in found)
    assert any(column == "Case Type" and "'Carrier pigeon' is not a contact type" in p for _, column, p in found)


def test_a_missing_column_is_named(trust):
    result = run(trust, "Case No,Clinician Registration\nA1,1234567\n")
    assert (1, "Consultation Start", "The column for the date and time is missing") in problems(result)


@pytest.mark.parametrize("heading", ["NHS Number", "Patient Surname", "DOB", "Postcode"])
def test_a_patient_identifier_column_refuses_the_file(trust, heading):
    result = run(trust, ADASTRA.strip() + f",{heading}\nA1,1234567,GP,01/04/2026 18:30,OOH,Telephone,Self care,x\n")
    assert problems(result) == [(1, heading, "This column looks like a patient identifier: remove it and import again")]


def test_an_nhs_number_anywhere_refuses_the_file(trust):
    number = synthetic_nhs_numbers(1, seed=1)[0]
    result = run(trust, ADASTRA + f"{number},1234567,GP,01/04/2026 18:30,OOH,Telephone,Self care\n")
    assert (2, "Case No", "This looks like an NHS number: no patient identifiers may be imported") in problems(result)
    assert not Consultation.objects.exists()


def test_repeats_in_the_file_and_already_imported_are_refused(trust):
    row = "A1,1234567,GP,01/04/2026 18:30,OOH,Telephone,Self care\n"
    assert problems(run(trust, ADASTRA + row + row)) == [(3, "", "The same consultation is on row 2")]
    assert run(trust, ADASTRA + row).imported
    assert problems(run(trust, ADASTRA + row)) == [(2, "", "Case A1 by this clinician at this time is already imported")]


def test_an_empty_file_a_workbook_and_the_encodings_exports_use(trust):
    assert problems(run(trust, ADASTRA)) == [(1, "", "The file has no consultations in it")]
    workbook = import_consultations(organisation=trust, shape="adastra", data=b"PK\x03\x04 not a csv")
    assert "Excel workbook" in workbook.problems[0].problem and not workbook.imported
    row = "A7,1234567,GP,01/04/2026 18:30,Out of hours,Telephone Advice,Self care\r\n"
    # Excel's "Unicode text" (UTF-16 with its byte order mark), read like the governance import reads it.
    utf16 = import_consultations(organisation=trust, shape="adastra", data=(ADASTRA + row).encode("utf-16"))
    assert utf16.imported and utf16.created == 1
