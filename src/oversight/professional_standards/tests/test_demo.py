"""The professional standards demo: about 120 synthetic doctors in every state, written through the services."""

from __future__ import annotations

import random

import pytest
from django.db import transaction

from oversight.audit.context import acting_as, system_actor
from oversight.demo.region import build_region
from oversight.demo.users import build_users
from oversight.workforce.models import Clinician

from .. import demo


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        with acting_as(system_actor("oversight-demo")):
            region = build_region()
            build_users(region)
            line = demo.build(region, random.Random(7))
            again = demo.build(region, random.Random(7))
        yield region, line, again
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_the_designated_body_has_about_120_synthetic_doctors(built):
    region, line, again = built
    doctors = Clinician.objects.filter(designated_body=region.main_trust, profession="doctor")
    assert 110 <= doctors.count() <= 130
    assert "120 synthetic doctors" in line
    assert "already in place" in again
    assert all(d.name.endswith("(synthetic)") or d.registration_number.startswith("999") for d in doctors)


@pytest.mark.django_db
def test_every_state_on_the_dashboard_has_doctors(built):
    from django.utils import timezone

    from ..presenters.dashboard import load_states

    region, _, _ = built
    doctors = Clinician.objects.filter(designated_body=region.main_trust, profession="doctor")
    seen = {key for state in load_states(doctors, timezone.localdate()) for key in state.states}
    # Open concerns come from the governance demo, which this test does not build.
    assert seen >= {"appraisal_overdue", "appraisal_due", "under_notice", "ready", "deferred", "non_engaged", "on_hold",
                    "els_needed", "checks_expiring"}
