"""The clinician register: the services that add and correct an entry (checked, audited, errors naming the
field), the clinician's page and its correction, the list's scope, filters, sort, paging and CSV, and the
register's API."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from oversight.audit.context import Actor, acting_as
from oversight.audit.models import AuditEntry
from oversight.testing.factories import build_tree, user_with_role

from ..models import Clinician
from ..services import add_clinician, set_organisations_worked_at, update_clinician
from ..views import clinicians as clinician_views
from .factories import ClinicianFactory, DoctorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    return build_tree()


@pytest.fixture
def ro(tree):
    return user_with_role("responsible_officer", tree["trust_a"])


def _errors(call) -> dict:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict


# ------------------------------------------------------------------------------------------ services ----


def test_adding_a_doctor_records_the_register_fields_and_audits_them(ro, tree):
    with acting_as(Actor(user=ro)):
        doctor = add_clinician(organisation=tree["trust_a"], name="Dr A", profession="doctor", registration_number="123 4567",
                               licence_status="licensed", on_specialist_register=True, grade="consultant",
                               designated_body=tree["trust_a"], responsible_officer=ro,
                               connection_started_on=date(2020, 4, 1), organisations_worked_at=[tree["site_a"]])
    assert doctor.registration_number == "1234567" and doctor.is_connected
    assert list(doctor.organisations_worked_at.all()) == [tree["site_a"]]
    entries = AuditEntry.objects.filter(object_id=str(doctor.pk)).order_by("sequence")
    assert [e.action for e in entries] == ["create", "update"]
    assert entries[0].changes["grade"] == "consultant" and entries[1].changes["organisations_worked_at"] == [[], ["TRA01"]]
    assert "Dr A" not in entries[0].object_repr


def test_the_services_refuse_bad_entries_naming_the_field(ro, tree):
    with acting_as(Actor(user=ro)):
        assert "registration_number" in _errors(lambda: add_clinician(
            organisation=tree["trust_a"], name="Dr B", profession="doctor", registration_number="12345"))
        assert "connection_ended_on" in _errors(lambda: add_clinician(
            organisation=tree["trust_a"], name="Dr B", profession="doctor", registration_number="1234560",
            designated_body=tree["trust_a"], connection_started_on=date(2022, 1, 1), connection_ended_on=date(2021, 1, 1)))
        nurse_errors = _errors(lambda: add_clinician(
            organisation=tree["trust_a"], name="N", profession="nurse", registration_number="12A3456E", grade="consultant",
            designated_body=tree["trust_a"], on_gp_register=True))
        assert {"grade", "designated_body", "on_gp_register"} <= set(nurse_errors)
        assert "performers_list_status" in _errors(lambda: add_clinician(
            organisation=tree["trust_a"], name="Dr C", profession="doctor", registration_number="1234561", grade="consultant",
            performers_list_status="included"))
        add_clinician(organisation=tree["trust_a"], name="Dr D", profession="doctor", registration_number="1234562")
        twin = _errors(lambda: add_clinician(organisation=tree["trust_a"], name="Dr D", profession="doctor",
                                             registration_number="1234562"))
        assert twin["registration_number"] == ["GMC 1234562 is already on the register of this organisation"]
    assert Clinician.objects.count() == 1


def test_correcting_an_entry_audits_each_change_and_keeps_to_the_users_scope(ro, tree):
    doctor = DoctorFactory(organisation=tree["trust_a"], grade="consultant")
    elsewhere = DoctorFactory(organisation=tree["trust_c"])
    with acting_as(Actor(user=ro)):
        update_clinician(doctor, ro, grade="sas", specialty="Cardiology")
        entry = AuditEntry.objects.filter(action="update", object_id=str(doctor.pk)).get()
        assert entry.changes["grade"] == ["consultant", "sas"] and entry.reason == "Register entry corrected"
        with pytest.raises(PermissionDenied):
            update_clinician(elsewhere, ro, grade="sas")
        # An entry cannot be moved out of the user's scope: the organisation and designated body were both Trust A.
        moved = _errors(lambda: update_clinician(doctor, ro, organisation=tree["trust_c"], designated_body=tree["trust_c"]))
        assert "organisation" in moved
        assert set_organisations_worked_at(doctor, [tree["site_a"]]) is True
        assert set_organisations_worked_at(doctor, [tree["site_a"]]) is False
    doctor.refresh_from_db()
    assert (doctor.grade, doctor.organisation) == ("sas", tree["trust_a"])


# --------------------------------------------------------------------------------------------- pages ----


def test_the_clinicians_page_shows_the_register_entry_and_records_the_view(client, ro, tree):
    client.force_login(ro)
    doctor = DoctorFactory(name="Dr Entry", organisation=tree["trust_a"], grade="gp", on_gp_register=True,
                           performers_list_status="included", responsible_officer=ro)
    html = client.get(reverse("workforce:clinician", args=[doctor.pk])).content.decode()
    for text in ("Dr Entry", "General practitioner", "Included", "Trust A NHS Trust (TRA)", "Registered with a licence"):
        assert text in html
    assert f'href="{reverse("workforce:clinician-edit", args=[doctor.pk])}"' in html
    assert f'href="{reverse("workforce:clinician-checks", args=[doctor.pk])}"' in html
    assert AuditEntry.objects.filter(action="view", object_id=str(doctor.pk), reason__startswith="Clinician register").exists()
    nurse = ClinicianFactory(organisation=tree["trust_a"], profession="nurse", registration_number="12A3456E")
    assert "Licence to practise" not in client.get(reverse("workforce:clinician", args=[nurse.pk])).content.decode()
    # A concern-only reader sees the entry but may not correct it.
    client.force_login(user_with_role("regional_medical_director", tree["region"]))
    html = client.get(reverse("workforce:clinician", args=[doctor.pk])).content.decode()
    assert "Dr Entry" in html and "Correct the register entry" not in html
    assert client.get(reverse("workforce:clinician-edit", args=[doctor.pk])).status_code == 403


def test_correcting_an_entry_on_its_page(client, ro, tree):
    client.force_login(ro)
    doctor = DoctorFactory(name="Dr Edit", organisation=tree["trust_a"], registration_number="2345678")
    url = reverse("workforce:clinician-edit", args=[doctor.pk])
    form = client.get(url).content.decode()
    assert 'value="Dr Edit"' in form and "Doctors only" in form
    base = {"name": "Dr Edit", "profession": "doctor", "registration_number": "2345678", "organisation": tree["trust_a"].pk,
            "licence_status": "licensed", "grade": "consultant", "designated_body": tree["trust_a"].pk,
            "responsible_officer": ro.pk, "connection_started_on": "2021-05-01", "organisations_worked_at": [tree["site_a"].pk]}
    bad = client.post(url, {**base, "connection_ended_on": "2020-01-01"}).content.decode()
    assert "The connection end date must be on or after its start date" in bad and 'href="#id_connection_ended_on"' in bad
    response = client.post(url, {**base, "specialty": "Urology"})
    assert response.status_code == 302 and response["Location"] == reverse("workforce:clinician", args=[doctor.pk])
    doctor.refresh_from_db()
    assert (doctor.specialty, doctor.responsible_officer, doctor.connection_started_on) == ("Urology", ro, date(2021, 5, 1))
    assert list(doctor.organisations_worked_at.all()) == [tree["site_a"]]
    # Someone with no role here cannot be chosen as the Responsible Officer.
    stranger = user_with_role("responsible_officer", tree["trust_c"])
    refused = client.post(url, {**base, "responsible_officer": stranger.pk}).content.decode()
    assert "Select a valid choice" in refused


def test_adding_from_the_register_shows_the_entry_and_from_a_concern_goes_on_to_it(client, ro, tree):
    client.force_login(ro)
    url = reverse("workforce:clinician-new")
    data = {"name": "Dr New", "profession": "doctor", "registration_number": "3456789", "organisation": tree["trust_a"].pk,
            "grade": "consultant", "designated_body": tree["trust_a"].pk}
    response = client.post(url + "?then=register", data)
    clinician = Clinician.objects.get()
    assert response["Location"] == reverse("workforce:clinician", args=[clinician.pk]) and clinician.grade == "consultant"
    response = client.post(url, {**data, "registration_number": "3456780"})
    assert response["Location"].startswith(reverse("governance:concern-new"))
    # A regional medical director manages concerns but not the register: the short form only.
    client.force_login(user_with_role("regional_medical_director", tree["region"]))
    html = client.get(url).content.decode()
    assert 'name="registration_number"' in html and 'name="designated_body"' not in html


def test_the_list_is_scoped_filtered_sorted_paged_and_downloadable(client, ro, tree, monkeypatch):
    client.force_login(ro)
    DoctorFactory(name="Dr Zed", organisation=tree["trust_a"], grade="consultant")
    DoctorFactory(name="Dr Amy", organisation=tree["trust_a"], grade="sas", connection_ended_on=timezone_today())
    ClinicianFactory(name="Nurse Bea", organisation=tree["trust_a"], profession="nurse", registration_number="12A3456E")
    ClinicianFactory(name="Dr Away", organisation=tree["trust_c"])
    url = reverse("workforce:clinician-list")
    html = client.get(url).content.decode()
    assert "Dr Zed" in html and "Nurse Bea" in html and "Dr Away" not in html
    assert html.index("Dr Amy") < html.index("Dr Zed")
    only_consultants = client.get(url, {"grade": "consultant"}).content.decode()
    assert "Dr Zed" in only_consultants and "Dr Amy" not in only_consultants
    connected = client.get(url, {"connected": "yes", "profession": "doctor"}).content.decode()
    assert "Dr Zed" in connected and "Dr Amy" not in connected and "Nurse Bea" not in connected
    reverse_sorted = client.get(url, {"sort": "-concerns"}).content.decode()
    assert "Dr Zed" in reverse_sorted
    assert AuditEntry.objects.filter(action="view", object_type="workforce.Clinician",
                                     reason__contains="Filtered by: connected, profession").exists()
    monkeypatch.setattr(clinician_views, "PAGE_SIZE", 2)
    first = client.get(url).content.decode()
    assert "page 1 of 2" in first and "page=2" in first
    csv = client.get(reverse("workforce:clinician-list-csv"), {"profession": "doctor"})
    lines = csv.content.decode().splitlines()
    assert lines[0].startswith("registration,name,profession") and len(lines) == 3
    assert AuditEntry.objects.filter(action="export", object_type="workforce.Clinician").exists()


def timezone_today():
    from django.utils import timezone

    return timezone.localdate() - timedelta(days=1)


# ----------------------------------------------------------------------------------------------- API ----


def test_the_api_lists_gives_and_adds_clinicians_in_scope(client, ro, tree):
    client.force_login(ro)
    doctor = DoctorFactory(organisation=tree["trust_a"], registration_number="4567890")
    elsewhere = DoctorFactory(organisation=tree["trust_c"])
    listed = client.get("/api/v1/workforce/clinicians").json()
    assert [c["registration_number"] for c in listed] == ["4567890"]
    one = client.get(f"/api/v1/workforce/clinicians/{doctor.pk}").json()
    assert one["designated_body"] == "TRA" and one["connected"] is True
    assert client.get(f"/api/v1/workforce/clinicians/{elsewhere.pk}").status_code == 403
    response = client.post("/api/v1/workforce/clinicians", {
        "name": "Dr Api", "profession": "doctor", "registration_number": "5678901", "organisation": "TRA",
        "grade": "consultant", "designated_body": "TRA", "responsible_officer": ro.username,
        "connection_started_on": "2022-01-03", "organisations_worked_at": ["TRA01"]}, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["organisations_worked_at"] == ["TRA01"]
    bad = client.post("/api/v1/workforce/clinicians", {"name": "Dr X", "profession": "doctor", "registration_number": "12",
                                                       "organisation": "TRC"}, content_type="application/json")
    assert bad.status_code == 422
    assert {tuple(d["loc"]) for d in bad.json()["detail"]} >= {("body", "payload", "organisation")}
    client.force_login(user_with_role("regional_medical_director", tree["region"]))
    assert client.post("/api/v1/workforce/clinicians", {"name": "Dr Y", "profession": "doctor",
                                                        "registration_number": "6789012", "organisation": "TRA"},
                       content_type="application/json").status_code == 403
