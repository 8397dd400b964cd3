"""Shifts in from a rota file (all or nothing, row-level problems) or by hand; hours worked out of them."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from oversight.audit.context import Actor, acting_as
from oversight.audit.models import AuditEntry
from oversight.clinical_performance.models import Shift, ShiftImport
from oversight.clinical_performance.selectors import hours_worked
from oversight.clinical_performance.services.shifts import import_shifts, record_shift
from oversight.testing.factories import build_tree, user_with_role
from oversight.workforce.tests.factories import ClinicianFactory

HEADER = "registration_number,start,end,service,site,role\n"


@pytest.fixture
def tree(db):
    return build_tree()


@pytest.fixture
def lead(tree):
    user = user_with_role("clinical_lead", tree["trust_a"], username="clinlead-a")
    with acting_as(Actor(user=user)):
        yield user


@pytest.fixture
def gp(tree, lead):
    return ClinicianFactory(organisation=tree["trust_a"], registration_number="1234567", name="Dr A")


def aware(*args) -> datetime:
    return timezone.make_aware(datetime(*args))


def test_a_good_file_is_imported_with_one_entry_for_its_shifts(gp, tree):
    data = (HEADER + "1234567,2026-01-05 18:00,2026-01-05 23:00,Out of hours,North base,GP\n"
            "1234567,06/01/2026 18:00,07/01/2026 02:00,Out of hours,,GP\n").encode()
    before = AuditEntry.objects.count()
    result = import_shifts(data=data, organisation=tree["trust_a"])
    assert result.ok, result.problems
    assert result.created == 2 and Shift.objects.filter(clinician=gp).count() == 2
    assert Shift.objects.get(site="North base").hours == 5
    # One entry for the file, one covering its shifts.
    assert AuditEntry.objects.count() == before + 2
    assert ShiftImport.objects.get().rows == 2


def test_bad_rows_are_each_named_and_nothing_is_written(gp, tree):
    data = (HEADER + "1234567,2026-01-05 18:00,2026-01-05 17:00,OOH,,GP\n"  # row 2: end before start
            "9999999,2026-01-05 18:00,2026-01-05 20:00,OOH,,GP\n"  # row 3: unknown clinician
            "1234567,2026-01-06 18:00,2026-01-06 23:00,OOH,,GP\n"  # row 4
            "1234567,2026-01-06 22:00,2026-01-07 01:00,OOH,,GP\n"  # row 5: overlaps row 4
            "1234567,next tuesday,2026-01-08 01:00,OOH,,\n").encode()  # row 6: bad date, no role
    result = import_shifts(data=data, organisation=tree["trust_a"])
    problems = {(p.row, p.column): p.problem for p in result.problems}
    assert "before or when it starts" in problems[(2, "end")]
    assert "no clinician of Trust A NHS Trust has the registration number '9999999'" in problems[(3, "registration_number")]
    assert "overlaps the shift in row 4" in problems[(5, "start")]
    assert "is not a date and time" in problems[(6, "start")]
    assert problems[(6, "role")] == "is empty"
    assert not Shift.objects.exists() and not ShiftImport.objects.exists()
    assert result.problems_csv().startswith("row,column,problem")


def test_a_shift_overlapping_one_already_recorded_is_refused(gp, tree):
    record_shift(clinician=gp, starts_at=aware(2026, 1, 5, 18), ends_at=aware(2026, 1, 5, 23), service="OOH", role="GP")
    result = import_shifts(data=(HEADER + "1234567,2026-01-05 22:00,2026-01-06 02:00,OOH,,GP\n").encode(),
                           organisation=tree["trust_a"])
    assert [(p.row, p.column) for p in result.problems] == [(2, "start")]
    assert "already recorded" in result.problems[0].problem


def test_a_clinician_of_another_organisation_is_unknown(gp, tree):
    ClinicianFactory(organisation=tree["trust_b"], registration_number="7654321")
    result = import_shifts(data=(HEADER + "7654321,2026-01-05 18:00,2026-01-05 20:00,OOH,,GP\n").encode(),
                           organisation=tree["trust_a"])
    assert result.problems[0].column == "registration_number"


def test_missing_columns_and_wrong_files_are_refused(gp, tree):
    result = import_shifts(data=b"registration_number,start\n1234567,2026-01-05 18:00\n", organisation=tree["trust_a"])
    assert result.problems[0].row == 1 and "end, service, role" in result.problems[0].problem
    result = import_shifts(data=b"PK\x03\x04 not a csv", organisation=tree["trust_a"])
    assert "Excel workbook" in result.problems[0].problem


def test_manual_entry_checks_times_and_overlaps(gp):
    record_shift(clinician=gp, starts_at=aware(2026, 1, 5, 18), ends_at=aware(2026, 1, 5, 23), service="OOH", role="GP")
    with pytest.raises(ValidationError) as error:
        record_shift(clinician=gp, starts_at=aware(2026, 1, 5, 20), ends_at=aware(2026, 1, 6, 1), service="OOH", role="GP")
    assert "starts_at" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        record_shift(clinician=gp, starts_at=aware(2026, 1, 7, 20), ends_at=aware(2026, 1, 7, 19), service="OOH", role="GP")
    assert "ends_at" in error.value.message_dict


def test_hours_worked_for_sampling(gp, tree):
    other = ClinicianFactory(organisation=tree["trust_a"])
    record_shift(clinician=gp, starts_at=aware(2026, 1, 5, 18), ends_at=aware(2026, 1, 5, 23), service="OOH", role="GP")
    record_shift(clinician=gp, starts_at=aware(2026, 3, 31, 20), ends_at=aware(2026, 4, 1, 2), service="OOH", role="GP")
    hours = hours_worked([gp.id, other.id], date(2026, 1, 1), date(2026, 3, 31))
    # 5 hours in January, and the 4 hours of the night shift before midnight on 31 March.
    assert hours == {gp.id: pytest.approx(9), other.id: 0.0}
