"""The workforce pages: a landing page offering only what exists, and the clinician records."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from oversight.testing.factories import build_tree, user_with_role

from ..models import Clinician
from .factories import ClinicianFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    return build_tree()


@pytest.fixture
def officer(client, tree):
    client.force_login(user_with_role("responsible_officer", tree["trust_a"]))
    return tree


def test_the_landing_page_offers_the_clinician_records_and_nothing_to_come(client, officer):
    html = client.get(reverse("workforce:index")).content.decode()
    assert f'href="{reverse("workforce:clinician-list")}"' in html
    assert f'href="{reverse("workforce:register-import")}"' in html
    for promise in ("appraisal", "revalidation", "mandatory training", "not yet in oversight"):
        assert promise not in html.lower()


def test_the_clinician_list_shows_those_in_scope_with_their_concern_counts(client, officer, tree):
    ClinicianFactory(name="Dr In Scope", organisation=tree["trust_a"])
    ClinicianFactory(name="Dr Elsewhere", organisation=tree["trust_c"])
    html = client.get(reverse("workforce:clinician-list")).content.decode()
    assert "Dr In Scope" in html and "Dr Elsewhere" not in html
    assert re.search(r'data-sort-value="0"\s*>\s*0\s*</td>', html)
    assert f'href="{reverse("workforce:clinician-new")}?then=register"' in html


def test_the_clinical_performance_record_is_linked_only_for_readers_who_may_open_it(client, officer, tree):
    clinician = ClinicianFactory(name="Dr Linked", organisation=tree["trust_a"])
    record = reverse("clinical_performance:record", kwargs={"pk": clinician.pk})
    assert f'href="{record}"' in client.get(reverse("workforce:clinician-list")).content.decode()
    # A regional medical director sees concerns across the region but not one clinician's audits.
    client.force_login(user_with_role("regional_medical_director", tree["region"]))
    html = client.get(reverse("workforce:clinician-list")).content.decode()
    assert "Dr Linked" in html and f'href="{record}"' not in html


def test_adding_a_clinician_checks_the_number_and_goes_on_to_the_concern(client, officer, tree):
    url = reverse("workforce:clinician-new")
    bad = client.post(url, {"name": "Dr A", "profession": "doctor", "registration_number": "12345",
                            "organisation": tree["trust_a"].pk})
    assert "a GMC number is 7 digits" in bad.content.decode() and not Clinician.objects.exists()
    empty = client.post(url, {"profession": "doctor"}).content.decode()
    assert "Enter the clinician&#39;s full name" in empty and 'href="#id_name"' in empty
    response = client.post(url, {"name": "Dr A Surgeon", "profession": "doctor", "registration_number": "765 4321",
                                 "organisation": tree["trust_a"].pk})
    clinician = Clinician.objects.get()
    assert clinician.registration_number == "7654321"
    assert response["Location"] == reverse("governance:concern-new") + f"?clinician={clinician.pk}"


def test_the_concern_list_links_to_the_clinicians_here(client, officer):
    html = client.get(reverse("governance:concern-list")).content.decode()
    assert f'href="{reverse("workforce:clinician-list")}"' in html
