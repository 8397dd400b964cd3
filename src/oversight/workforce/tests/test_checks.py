"""Employment checks and training: the rules file, the states on a day, the services that record them,
the clinician's checks page, the expiring list and the API."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from oversight.audit.context import acting_as, system_actor
from oversight.audit.models import AuditEntry
from oversight.rulefiles import RuleFileError
from oversight.testing.factories import build_tree, user_with_role
from oversight.workforce import checks
from oversight.workforce.checks import (
    ClinicianFacts,
    Dbs,
    Indemnity,
    Training,
    add_months,
    check_states,
    read_training_rules,
    states_for,
    training_rules,
)
from oversight.workforce.models import DbsCheck, DbsLevel, Grade, IndemnityCover, StaffGroup, TrainingRecord
from oversight.workforce.services import record_dbs_check, record_indemnity, record_training

from .factories import (
    ClinicianFactory,
    DbsCheckFactory,
    DoctorFactory,
    IndemnityCoverFactory,
    TrainingRecordFactory,
    full_compliance,
)

TODAY = date(2026, 5, 15)


# ------------------------------------------------------------------------------------------ the rules ----


def test_the_domain_spells_the_registers_words():
    assert tuple(StaffGroup.values) == checks.STAFF_GROUPS
    assert set(checks.GRADES) == set(Grade.values)
    assert tuple(DbsLevel.values) == checks.DBS_LEVELS


def test_the_shipped_rules_read_and_say_what_gps_need():
    rules = training_rules()
    assert rules.subjects["information_governance"].renewal_months == 12
    assert rules.subjects["fire_safety"].renewal_months == 12
    assert rules.subjects["equality_diversity"].renewal_months == 36
    needed = {s.code: level for s, level in rules.required_training("medical_and_dental", "gp")}
    assert needed["safeguarding_children"] == 3
    consultant = {s.code: level for s, level in rules.required_training("medical_and_dental", "consultant")}
    assert consultant["safeguarding_children"] == 2
    levels = {level.level: level for level in rules.safeguarding_levels}
    assert levels[4].confidence == "unconfirmed" and levels[5].confidence == "unconfirmed"
    assert rules.dbs.recheck_years == 3


def test_add_months_keeps_the_day_or_the_months_last():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2024, 2, 29), 36) == date(2027, 2, 28)
    assert add_months(date(2026, 5, 15), 12) == date(2027, 5, 15)


@pytest.mark.parametrize(("old", "new", "named"), [
    ('renewal_months = 12\nconfidence = "secondary"\n\n[subjects.health_safety]', 'renewal_months = "yearly"\n'
     'confidence = "secondary"\n\n[subjects.health_safety]', "[subjects.fire_safety], key 'renewal_months'"),
    ('subjects = ["safeguarding_children"]\nlevel = 3', 'subjects = ["safeguarding_kids"]\nlevel = 3', "safeguarding_kids"),
    ('subjects = ["safeguarding_children"]\nlevel = 3', 'subjects = ["safeguarding_children"]\nlevel = 7', "level 7"),
    ('recheck_years = 3', 'recheck_years = -1', "key 'recheck_years'"),
    ('grades = ["gp"]\nsubjects = ["safeguarding_children"]', 'grades = ["general"]\nsubjects = ["safeguarding_children"]',
     "key 'grades'"),
])
def test_a_bad_rules_file_is_refused_naming_the_place(old, new, named):
    text = (checks.RULES / "training.toml").read_text()
    assert old in text
    with pytest.raises(RuleFileError, match=named.replace("[", r"\[").replace("]", r"\]")):
        read_training_rules(text.replace(old, new, 1))


# ------------------------------------------------------------------------------------------ the states ----


def _facts(**kwargs):
    return ClinicianFacts(id=1, staff_group="medical_and_dental", grade=kwargs.pop("grade", "consultant"), **kwargs)


def _by_label(states):
    return {state.label: state for state in states}


def test_nothing_recorded_is_missing_everywhere():
    states = states_for(_facts(), training_rules(), TODAY)
    assert {s.status for s in states} == {"missing"}
    assert next(s.kind for s in states) == "dbs" and states[-1].kind == "indemnity"
    assert "Safeguarding children level 2" in _by_label(states)
    assert "DBS check (enhanced with barred lists)" in _by_label(states)


def test_dbs_recheck_valid_expiring_expired_and_the_update_service():
    rules = training_rules()
    due = rules.dbs.recheck_due(date(2023, 6, 1), update_service=False, performers_list=False)
    assert due == date(2026, 6, 1)
    assert rules.dbs.recheck_due(date(2023, 6, 1), update_service=True, performers_list=False) is None
    assert rules.dbs.recheck_due(date(2023, 6, 1), update_service=False, performers_list=True) is None

    def state(*found):
        return states_for(_facts(dbs=found), rules, TODAY)[0]

    assert state(Dbs("enhanced_barred", date(2023, 6, 1), due)).status == "expiring"
    assert state(Dbs("enhanced_barred", date(2022, 6, 1), date(2025, 6, 1))).status == "expired"
    assert state(Dbs("enhanced_barred", date(2025, 6, 1), date(2028, 6, 1))).status == "valid"
    assert state(Dbs("enhanced_barred", date(2020, 6, 1), None)).status == "valid"
    lower = state(Dbs("standard", date(2025, 6, 1), date(2028, 6, 1)))
    assert lower.status == "missing" and lower.detail == "Standard check recorded"
    # The newest of two certificates counts.
    assert state(Dbs("enhanced_barred", date(2022, 6, 1), date(2025, 6, 1)),
                 Dbs("enhanced_barred", date(2025, 6, 1), date(2028, 6, 1))).status == "valid"


def test_training_needs_the_level_and_counts_from_completion():
    rules = training_rules()
    gp = _facts(grade="gp", training=(Training("safeguarding_children", 2, date(2025, 1, 1), date(2028, 1, 1)),))
    state = _by_label(states_for(gp, rules, TODAY))["Safeguarding children level 3"]
    assert state.status == "missing" and state.detail == "Level 2 recorded"
    gp = _facts(grade="gp", training=(Training("safeguarding_children", 3, date(2025, 1, 1), date(2028, 1, 1)),))
    state = _by_label(states_for(gp, rules, TODAY))["Safeguarding children level 3"]
    assert (state.status, state.expires_on, state.safeguarding) == ("valid", date(2028, 1, 1), True)
    # Not yet done on an earlier day: a record counts only from its completion.
    assert _by_label(states_for(gp, rules, date(2024, 12, 31)))["Safeguarding children level 3"].status == "missing"
    fire = _facts(training=(Training("fire_safety", None, date(2025, 6, 1), date(2026, 6, 1)),))
    assert _by_label(states_for(fire, rules, TODAY))["Fire safety"].status == "expiring"
    assert _by_label(states_for(fire, rules, TODAY, due_soon_days=10))["Fire safety"].status == "valid"
    assert _by_label(states_for(fire, rules, date(2026, 6, 1)))["Fire safety"].status == "expiring"
    assert _by_label(states_for(fire, rules, date(2026, 6, 2)))["Fire safety"].status == "expired"


def test_indemnity_follows_renewals_already_recorded():
    rules = training_rules()

    def state(*covers, today=TODAY):
        return states_for(_facts(indemnity=covers), rules, today)[-1]

    ending = Indemnity(date(2025, 6, 1), date(2026, 5, 31))
    assert state(ending).status == "expiring"
    renewed = state(ending, Indemnity(date(2026, 6, 1), date(2027, 5, 31)))
    assert (renewed.status, renewed.expires_on) == ("valid", date(2027, 5, 31))
    assert state(Indemnity(date(2025, 6, 1), None)).status == "valid"
    assert state(Indemnity(date(2024, 6, 1), date(2025, 5, 31))).status == "expired"
    assert state(Indemnity(date(2026, 7, 1), date(2027, 6, 30))).status == "missing"


@pytest.mark.django_db
def test_check_states_reads_the_records_for_each_clinician():
    doctor, other = DoctorFactory(), DoctorFactory(grade="gp")
    full_compliance(doctor, TODAY)
    DbsCheckFactory(clinician=other, issued_on=date(2022, 1, 10))
    TrainingRecordFactory(clinician=other, subject="information_governance", completed_on=date(2025, 9, 1))
    IndemnityCoverFactory(clinician=other, starts_on=date(2025, 1, 1), expires_on=date(2025, 12, 31))
    found = check_states([doctor, other], TODAY)
    assert set(found) == {doctor.pk, other.pk}
    assert {s.status for s in found[doctor.pk]} == {"valid"}
    theirs = _by_label(found[other.pk])
    assert theirs["DBS check (enhanced with barred lists)"].status == "expired"
    assert theirs["Information governance and data security"].status == "valid"
    assert theirs["Information governance and data security"].expires_on == date(2026, 9, 1)
    assert theirs["Safeguarding children level 3"].status == "missing"
    assert theirs["Indemnity"].status == "expired"
    assert check_states([], TODAY) == {}


@pytest.mark.django_db
def test_a_gp_on_the_performers_list_is_checked_once():
    gp = DoctorFactory(grade="gp", performers_list_status="included")
    check = DbsCheckFactory(clinician=gp, issued_on=date(2015, 3, 1))
    assert check.recheck_due_on is None
    assert check_states([gp], TODAY)[gp.pk][0].status == "valid"


def test_a_check_state_says_its_status_in_words():
    state = checks.CheckState("dbs", "DBS check", None, "expiring")
    assert state.status_label == "Expiring soon" and state.in_date
    assert not checks.CheckState("dbs", "DBS check", None, "missing").in_date


def test_summary_counts_by_status():
    states = [checks.CheckState("dbs", "x", None, "valid"), checks.CheckState("training", "y", TODAY - timedelta(days=1), "expired")]
    assert checks.Summary.of(states).counts == {"valid": 1, "expiring": 0, "expired": 1, "missing": 0}


# ---------------------------------------------------------------------------------------- the services ----


@pytest.fixture
def acting():
    with acting_as(system_actor("test-data")) as actor:
        yield actor


@pytest.mark.django_db
def test_recording_a_dbs_check_computes_its_recheck_and_is_audited(acting):
    doctor = DoctorFactory()
    check = record_dbs_check(clinician=doctor, level="enhanced_barred", certificate_number="0012 3456 7890",
                             issued_on="2024-03-01")
    assert check.certificate_number == "001234567890"
    assert check.recheck_due_on == date(2027, 3, 1)
    entry = AuditEntry.objects.filter(object_id=str(check.pk)).get()
    assert entry.action == "create" and "001234567890" not in entry.object_repr
    on_update = record_dbs_check(clinician=doctor, level="enhanced_barred", certificate_number="001234567891",
                                 issued_on=date(2024, 3, 1), on_update_service=True,
                                 update_service_joined_on=date(2024, 3, 20))
    assert on_update.update_service_counts and on_update.recheck_due_on is None
    late = record_dbs_check(clinician=doctor, level="enhanced_barred", certificate_number="001234567892",
                            issued_on=date(2024, 3, 1), on_update_service=True, update_service_joined_on=date(2024, 5, 1))
    assert not late.update_service_counts and late.recheck_due_on == date(2027, 3, 1)


@pytest.mark.django_db
@pytest.mark.parametrize(("changes", "field"), [
    ({"certificate_number": "12345"}, "certificate_number"),
    ({"issued_on": "2024-02-30"}, "issued_on"),
    ({"issued_on": "01/03/2024"}, "issued_on"),
    ({"issued_on": None}, "issued_on"),
    ({"issued_on": date(2999, 1, 1)}, "issued_on"),
    ({"on_update_service": True}, "update_service_joined_on"),
    ({"update_service_joined_on": date(2024, 3, 5)}, "update_service_joined_on"),
    ({"level": "thorough"}, "level"),
])
def test_a_bad_dbs_check_is_refused_naming_the_field_and_nothing_is_saved(acting, changes, field):
    doctor = DoctorFactory()
    data = {"level": "enhanced", "certificate_number": "001234567890", "issued_on": date(2024, 3, 1)} | changes
    with pytest.raises(ValidationError) as error:
        record_dbs_check(clinician=doctor, **data)
    assert field in error.value.message_dict
    assert not DbsCheck.objects.exists()


@pytest.mark.django_db
def test_the_same_certificate_twice_is_refused(acting):
    doctor = DoctorFactory()
    record_dbs_check(clinician=doctor, level="enhanced", certificate_number="001234567890", issued_on=date(2024, 3, 1))
    with pytest.raises(ValidationError) as error:
        record_dbs_check(clinician=doctor, level="enhanced", certificate_number="001234567890", issued_on=date(2024, 3, 1))
    assert "certificate_number" in error.value.message_dict


@pytest.mark.django_db
def test_recording_training_stores_its_expiry_from_the_subject(acting):
    doctor = DoctorFactory()
    record = record_training(clinician=doctor, subject="safeguarding_children", level="3", completed_on="2025-02-28",
                             evidence_note="Certificate in the ESR record")
    assert (record.level, record.expires_on) == (3, date(2028, 2, 28))
    assert record.subject_label == "Safeguarding children level 3"
    fire = record_training(clinician=doctor, subject="fire_safety", completed_on=date(2025, 2, 28))
    assert fire.level is None and fire.expires_on == date(2026, 2, 28)
    entry = AuditEntry.objects.filter(object_id=str(record.pk)).get()
    assert "ESR" not in str(entry.changes) and "Safeguarding children level 3" in entry.object_repr


@pytest.mark.django_db
@pytest.mark.parametrize(("changes", "field"), [
    ({"subject": "juggling"}, "subject"),
    ({"level": None}, "level"),
    ({"level": 7}, "level"),
    ({"level": "three"}, "level"),
    ({"completed_on": "2025-13-01"}, "completed_on"),
    ({"completed_on": date(2999, 1, 1)}, "completed_on"),
    ({"subject": "fire_safety", "level": 2}, "level"),
])
def test_bad_training_is_refused_naming_the_field(acting, changes, field):
    data = {"subject": "safeguarding_children", "level": 3, "completed_on": date(2025, 2, 1)} | changes
    with pytest.raises(ValidationError) as error:
        record_training(clinician=DoctorFactory(), **data)
    assert field in error.value.message_dict
    assert not TrainingRecord.objects.exists()


@pytest.mark.django_db
def test_indemnity_checks_its_date_order_and_reference(acting):
    doctor = DoctorFactory()
    cover = record_indemnity(clinician=doctor, provider="cnsgp", starts_on="2025-04-01")
    assert cover.kind == "state_backed" and cover.expires_on is None
    with pytest.raises(ValidationError) as error:
        record_indemnity(clinician=doctor, provider="mdu", reference="123", starts_on="2025-04-01", expires_on="2025-03-31")
    assert "expires_on" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        record_indemnity(clinician=doctor, provider="mps", starts_on="2025-04-01", expires_on="2026-03-31")
    assert "reference" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        record_indemnity(clinician=doctor, provider="cnst", kind="insurance", reference="X", starts_on="2025-04-01",
                         expires_on="2026-03-31")
    assert "kind" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        record_indemnity(clinician=doctor, provider="mdu", reference="1", starts_on="1 April", expires_on="2026-03-31")
    assert "starts_on" in error.value.message_dict
    assert IndemnityCover.objects.count() == 1


# ------------------------------------------------------------------------------------------- the pages ----


@pytest.fixture
def tree():
    return build_tree()


def _login(client, role, where):
    client.force_login(user_with_role(role, where))


@pytest.mark.django_db
def test_the_checks_page_shows_each_status_and_records_the_view(client, tree):
    _login(client, "responsible_officer", tree["trust_a"])
    doctor = DoctorFactory(organisation=tree["trust_a"], name="Dr Checked")
    today = timezone.localdate()
    full_compliance(doctor, today, skip=("fire_safety",))
    TrainingRecordFactory(clinician=doctor, subject="fire_safety", completed_on=today - timedelta(days=400))
    response = client.get(reverse("workforce:clinician-checks", args=[doctor.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Dr Checked: checks and training" in html
    assert "nhsuk-tag--red" in html and "Expired" in html and "In date" in html
    assert "Safeguarding children level 2" in html and "Add a DBS check" in html
    assert AuditEntry.objects.filter(action="view", object_id=str(doctor.pk)).exists()


@pytest.mark.django_db
def test_adding_training_on_the_page_and_an_error_named_on_its_field(client, tree):
    _login(client, "responsible_officer", tree["trust_a"])
    doctor = DoctorFactory(organisation=tree["trust_a"])
    url = reverse("workforce:clinician-checks", args=[doctor.pk])
    response = client.post(url, {"which": "training", "training-subject": "safeguarding_adults", "training-level": "",
                                 "training-completed_on": "2025-01-10"})
    html = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in html and "level of safeguarding adults" in html
    assert not TrainingRecord.objects.exists()
    response = client.post(url, {"which": "training", "training-subject": "safeguarding_adults", "training-level": "2",
                                 "training-completed_on": "2025-01-10"})
    assert response.status_code == 302
    assert TrainingRecord.objects.get().expires_on == date(2028, 1, 10)
    response = client.post(url, {"which": "indemnity", "indemnity-provider": "mdu", "indemnity-kind": "membership",
                                 "indemnity-reference": "123456", "indemnity-starts_on": "2025-04-01",
                                 "indemnity-expires_on": "2025-03-01"})
    assert "The date cover ends must be on or after the date it starts" in response.content.decode()
    response = client.post(url, {"which": "dbs", "dbs-level": "enhanced_barred", "dbs-certificate_number": "001234567890",
                                 "dbs-issued_on": "2025-04-01"})
    assert response.status_code == 302 and DbsCheck.objects.get().recheck_due_on == date(2028, 4, 1)


@pytest.mark.django_db
def test_reading_is_not_managing_and_out_of_scope_is_refused(client, tree):
    doctor = DoctorFactory(organisation=tree["trust_a"])
    elsewhere = DoctorFactory(organisation=tree["trust_c"])
    _login(client, "responsible_officer", tree["trust_a"])
    assert client.get(reverse("workforce:clinician-checks", args=[elsewhere.pk])).status_code == 403
    _login(client, "regional_medical_director", tree["region"])
    assert client.get(reverse("workforce:clinician-checks", args=[doctor.pk])).status_code == 403
    assert client.get(reverse("workforce:compliance")).status_code == 200


@pytest.mark.django_db
def test_the_expiring_list_filters_pages_and_downloads(client, tree):
    _login(client, "responsible_officer", tree["trust_a"])
    today = timezone.localdate()
    soon = DoctorFactory(organisation=tree["trust_a"], name="Dr Soon")
    full_compliance(soon, today, skip=("fire_safety",))
    TrainingRecordFactory(clinician=soon, subject="fire_safety", completed_on=add_months(today, -12) + timedelta(days=20))
    fine = DoctorFactory(organisation=tree["trust_a"], name="Dr Fine")
    full_compliance(fine, today)
    ClinicianFactory(organisation=tree["trust_a"], name="Nurse Nothing", profession="nurse",
                             registration_number="12A3456E")
    DoctorFactory(organisation=tree["trust_c"], name="Dr Elsewhere")
    html = client.get(reverse("workforce:checks-expiring")).content.decode()
    assert "Dr Soon" in html and "Nurse Nothing" in html
    assert "Dr Fine" not in html and "Dr Elsewhere" not in html
    html = client.get(reverse("workforce:checks-expiring"), {"status": "expiring"}).content.decode()
    assert "Dr Soon" in html and "Nurse Nothing" not in html
    html = client.get(reverse("workforce:checks-expiring"), {"staff_group": "nursing_and_midwifery", "kind": "dbs"}).content.decode()
    assert "Nurse Nothing" in html and "Dr Soon" not in html and "1 item." in html
    html = client.get(reverse("workforce:checks-expiring"), {"within_days": "5", "status": "expiring"}).content.decode()
    assert "Dr Soon" not in html
    response = client.get(reverse("workforce:checks-expiring-csv"), {"staff_group": "nursing_and_midwifery"})
    text = response.content.decode()
    assert response["Content-Type"].startswith("text/csv")
    assert text.splitlines()[0].startswith("registration,clinician,organisation_code")
    assert "NMC 12A3456E" in text and "Dr Soon" not in text
    assert AuditEntry.objects.filter(action="export").exists()
    html = client.get(reverse("workforce:checks-expiring"), {"within_days": "abc"}).content.decode()
    assert "Enter the number of days as a whole number" in html


@pytest.mark.django_db
def test_the_expiring_list_is_paged(client, tree):
    _login(client, "responsible_officer", tree["trust_a"])
    for _ in range(5):
        ClinicianFactory(organisation=tree["trust_a"])  # 13 missing items each: 65 items, two pages
    html = client.get(reverse("workforce:checks-expiring")).content.decode()
    assert "65 items." in html and "page=2" in html
    assert "nhsuk-pagination" in html


# --------------------------------------------------------------------------------------------- the API ----


@pytest.mark.django_db
def test_the_api_gives_a_clinicians_checks_and_records_training(client, tree):
    _login(client, "responsible_officer", tree["trust_a"])
    doctor = DoctorFactory(organisation=tree["trust_a"], grade="gp")
    full_compliance(doctor, timezone.localdate(), skip=("safeguarding_children",))
    response = client.get(f"/api/v1/workforce/clinicians/{doctor.pk}/checks")
    assert response.status_code == 200
    body = response.json()
    states = {s["label"]: s for s in body["states"]}
    assert states["Safeguarding children level 3"]["status"] == "missing"
    assert states["DBS check (enhanced with barred lists)"]["status"] == "valid"
    assert len(body["dbs_checks"]) == 1 and body["clinician"]["staff_group"] == "medical_and_dental"
    response = client.post(f"/api/v1/workforce/clinicians/{doctor.pk}/training", {
        "subject": "safeguarding_children", "level": 3, "completed_on": "2025-06-01"}, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["expires_on"] == "2028-06-01"
    response = client.post(f"/api/v1/workforce/clinicians/{doctor.pk}/training", {
        "subject": "safeguarding_children", "level": 9, "completed_on": "2025-06-01"}, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "payload", "level"]
    response = client.post(f"/api/v1/workforce/clinicians/{doctor.pk}/training", {
        "subject": "fire_safety", "completed_on": "2999-06-01"}, content_type="application/json")
    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == ["body", "payload", "completed_on"]


@pytest.mark.django_db
def test_the_api_keeps_the_pages_scope(client, tree):
    elsewhere = DoctorFactory(organisation=tree["trust_c"])
    _login(client, "responsible_officer", tree["trust_a"])
    assert client.get(f"/api/v1/workforce/clinicians/{elsewhere.pk}/checks").status_code == 403
    doctor = DoctorFactory(organisation=tree["trust_a"])
    _login(client, "governance_lead", tree["trust_a"])
    assert client.get(f"/api/v1/workforce/clinicians/{doctor.pk}/checks").status_code == 403
    response = client.post(f"/api/v1/workforce/clinicians/{doctor.pk}/training", {
        "subject": "fire_safety", "completed_on": "2025-06-01"}, content_type="application/json")
    assert response.status_code == 403
