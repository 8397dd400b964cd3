"""Compliance with checks and training per month, as registered indicators: worked out from the records'
own dates at each month's end, per organisation and staff group, charted with SPC, filtered and downloaded."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from oversight.audit.models import AuditEntry
from oversight.indicators import MODULE_FILES, registry
from oversight.testing.factories import build_tree, user_with_role
from oversight.workforce import compliance
from oversight.workforce.checks import ClinicianFacts, Dbs, Indemnity, Training, add_months, training_rules

from .factories import ClinicianFactory, DoctorFactory, TrainingRecordFactory, full_compliance

TODAY = date(2026, 5, 15)


def test_the_workforce_metrics_are_registered():
    assert "workforce" in MODULE_FILES
    codes = [m.code for m in registry().module("workforce")]
    assert codes == list(compliance.METRICS)
    for metric in registry().module("workforce"):
        assert metric.unit == "proportion" and metric.improvement_direction == "increase"
        assert metric.publication_lag_months == 0


def test_the_months_end_on_their_last_day_and_this_month_today():
    months = compliance.months_to(TODAY, 3)
    assert months == [(date(2026, 3, 1), date(2026, 3, 31)), (date(2026, 4, 1), date(2026, 4, 30)),
                      (date(2026, 5, 1), TODAY)]
    assert len(compliance.months_to(TODAY)) == 24


def _doctor(**kwargs):
    return ClinicianFacts(id=kwargs.pop("id", 1), staff_group="medical_and_dental", grade="consultant", organisation_id="A",
                          **kwargs)


def test_a_dbs_series_follows_the_certificates_dates_back_in_time():
    # Issued in March 2024, due for recheck in March 2027: not compliant before March 2024, compliant after.
    issued = date(2024, 3, 10)
    facts = [_doctor(dbs=(Dbs("enhanced_barred", issued, add_months(issued, 36)),)),
             _doctor(id=2, dbs=(Dbs("enhanced_barred", date(2021, 1, 5), date(2024, 1, 5)),))]
    points = compliance.series(facts, training_rules(), TODAY, months=36)["workforce_dbs_compliance"]
    by_month = {p.month: (p.compliant, p.required) for p in points}
    assert by_month[date(2024, 2, 1)] == (0, 2)  # the first ran out in January, the second not yet issued
    assert by_month[date(2024, 3, 1)] == (1, 2)
    assert by_month[date(2023, 12, 1)] == (1, 2)
    assert points[-1].value == 0.5


def test_training_compliance_needs_every_item_and_safeguarding_only_its_own():
    rules = training_rules()
    needed = rules.required_training("medical_and_dental", "consultant")
    everything = tuple(Training(s.code, level, date(2025, 9, 1), rules.expiry(s.code, date(2025, 9, 1))) for s, level in needed)
    no_fire = tuple(t for t in everything if t.subject != "fire_safety")
    facts = [_doctor(training=everything), _doctor(id=2, training=no_fire)]
    found = compliance.series(facts, rules, TODAY)
    assert (found["workforce_training_compliance"][-1].compliant, found["workforce_training_compliance"][-1].required) == (1, 2)
    assert found["workforce_safeguarding_compliance"][-1].compliant == 2
    # August 2025: nothing done yet.
    august = next(p for p in found["workforce_training_compliance"] if p.month == date(2025, 8, 1))
    assert august.compliant == 0 and august.required == 2


def test_clinicians_count_only_while_in_post():
    facts = [_doctor(in_post_from=date(2026, 1, 10), indemnity=(Indemnity(date(2026, 1, 10), None),)),
             _doctor(id=2, in_post_to=date(2025, 6, 1))]
    points = {p.month: p for p in compliance.series(facts, training_rules(), TODAY)["workforce_indemnity_compliance"]}
    assert points[date(2025, 5, 1)].required == 1  # the second only: the first has not started
    assert points[date(2025, 12, 1)].required == 0  # nobody in post
    assert (points[date(2026, 1, 1)].compliant, points[date(2026, 1, 1)].required) == (1, 1)
    assert points[date(2025, 12, 1)].value is None


def test_by_group_splits_by_organisation_and_staff_group():
    facts = [_doctor(indemnity=(Indemnity(date(2025, 1, 1), None),)), _doctor(id=2),
             ClinicianFacts(id=3, staff_group="nursing_and_midwifery", organisation_id="B",
                            indemnity=(Indemnity(date(2025, 1, 1), None),))]
    rows = {(r.organisation_id, r.staff_group, r.metric): r for r in compliance.by_group(facts, training_rules(), TODAY)}
    doctors = rows[("A", "medical_and_dental", "workforce_indemnity_compliance")]
    assert (doctors.compliant, doctors.required, doctors.value) == (1, 2, 0.5)
    assert rows[("B", "nursing_and_midwifery", "workforce_indemnity_compliance")].value == 1


# ------------------------------------------------------------------------------------------- the page ----


@pytest.fixture
def tree():
    return build_tree()


@pytest.fixture
def records(tree):
    today = timezone.localdate()
    for n in range(6):
        doctor = DoctorFactory(organisation=tree["trust_a"], connection_started_on=today - timedelta(days=1200))
        full_compliance(doctor, today, skip=("fire_safety",) if n % 2 else ())
        # A fire safety course each year for two years, so the series moves.
        TrainingRecordFactory(clinician=doctor, subject="fire_safety", completed_on=add_months(today, -20 - n))
    nurse = ClinicianFactory(organisation=tree["trust_a"], profession="nurse", registration_number="12A3456E")
    full_compliance(nurse, today)
    DoctorFactory(organisation=tree["trust_c"], name="Dr Elsewhere")
    return tree


@pytest.mark.django_db
def test_the_compliance_page_charts_each_metric_and_filters(client, records):
    client.force_login(user_with_role("responsible_officer", records["trust_a"]))
    response = client.get(reverse("workforce:compliance"))
    html = response.content.decode()
    assert response.status_code == 200
    for metric in registry().module("workforce"):
        assert metric.label in html
    assert html.count("<svg") >= 4
    assert "Trust A NHS Trust" in html and "Trust C" not in html
    # Indemnity: all 7 in date; training: the 3 doctors without this year's fire safety are not.
    assert "100.0% (7 of 7)" in html
    assert "57.1% (4 of 7)" in html
    html = client.get(reverse("workforce:compliance"), {"staff_group": "nursing_and_midwifery"}).content.decode()
    assert "100.0% (1 of 1)" in html and "of 7)" not in html


@pytest.mark.django_db
def test_the_compliance_csv_has_each_month_per_organisation_and_staff_group(client, records):
    client.force_login(user_with_role("chief_medical_officer", records["trust_a"]))
    response = client.get(reverse("workforce:compliance-csv"))
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {r["organisation_code"] for r in rows} == {"TRA"}
    assert {r["staff_group"] for r in rows} == {"medical_and_dental", "nursing_and_midwifery"}
    doctors_training = [r for r in rows if r["metric"] == "workforce_training_compliance" and r["staff_group"] == "medical_and_dental"]
    assert len(doctors_training) == compliance.MONTHS
    assert doctors_training[-1]["compliant"] == "3" and doctors_training[-1]["required"] == "6"
    assert AuditEntry.objects.filter(action="export").exists()


@pytest.mark.django_db
def test_a_regional_medical_director_sees_the_aggregates_of_the_region(client, records):
    client.force_login(user_with_role("regional_medical_director", records["region"]))
    html = client.get(reverse("workforce:compliance")).content.decode()
    assert "100.0% (7 of 7)" in html
    assert client.get(reverse("workforce:checks-expiring")).status_code == 403
