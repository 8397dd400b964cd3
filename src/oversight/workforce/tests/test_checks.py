"""Employment checks and training: the rules file, the states on a day, the services that record them,
the clinician's checks page, the expiring list and the API."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from oversight.rulefiles import RuleFileError
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
from oversight.workforce.models import DbsLevel, Grade, StaffGroup

from .factories import (
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
