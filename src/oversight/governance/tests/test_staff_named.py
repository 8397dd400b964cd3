"""Staff named on cases (issue 13): by registration number from the trust's register, on the forms, the
API and the import; each change a step in the timeline; shown on the case page only."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from oversight.audit.context import acting_as, system_actor
from oversight.testing.factories import user_with_role
from oversight.workforce.tests.factories import ClinicianFactory

from ..imports import import_file, load_mapping
from ..imports.importer import Importer
from ..models import Complaint, Incident
from ..services import complaints as complaint_service
from ..services import incidents as incident_service
from ..services.staff import parse_registration_numbers, register_of
from .factories import ComplaintFactory, IncidentFactory
from .test_incident_pages import report_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(tree):
    return {
        "doctor": ClinicianFactory(name="Dr Ada Example", registration_number="7100001", organisation=tree["trust_a"]),
        "nurse": ClinicianFactory(name="Nurse Bea Example", profession="nurse", registration_number="12A3456E",
                                  organisation=tree["site_a"]),
        # Recorded at Trust B, works at Trust A too: on both registers.
        "locum": ClinicianFactory(name="Dr Cal Locum", registration_number="7100003", organisation=tree["trust_b"],
                                  organisations_worked_at=[tree["trust_a"]]),
        "elsewhere": ClinicianFactory(name="Dr Dee Elsewhere", registration_number="7100009", organisation=tree["trust_c"]),
    }


def test_registration_numbers_are_parsed_normalised_and_once_each():
    assert parse_registration_numbers(" 710 0001; 12a3456e,7100001\nPA-12345 ") == ["7100001", "12A3456E", "PA12345"]


def test_the_register_of_a_trust_holds_its_sites_and_those_who_work_there(tree, staff):
    names = set(register_of(tree["trust_a"]).values_list("name", flat=True))
    assert names == {"Dr Ada Example", "Nurse Bea Example", "Dr Cal Locum"}


def test_a_report_names_the_staff_involved_and_the_step_records_numbers_not_names(tree, staff, as_lead):
    incident = incident_service.report_incident(
        place=tree["site_a"], user=as_lead, staff_numbers=["7100001", "12A3456E"], event_type="incident",
        occurred_on=timezone.localdate(), description="A fall", physical_harm="low", psychological_harm="none")
    assert set(incident.clinicians_involved.all()) == {staff["doctor"], staff["nurse"]}
    step = incident.steps.get(action="staff")
    assert step.note == "Staff named: GMC 7100001, NMC 12A3456E"
    assert "Example" not in step.note
    assert staff["doctor"].incidents.get() == incident


@pytest.mark.parametrize("numbers, message", [
    (["7100009"], "No one with registration number 7100009 is on the register of Trust A NHS Trust"),
    (["7100001", "7199999"], "No one with registration number 7199999 is on the register"),
    (["12345"], "12345 is not a GMC, NMC or HCPC registration number"),
])
def test_a_number_not_on_the_trusts_register_is_refused_by_name_and_nothing_is_saved(tree, staff, as_lead, numbers, message):
    with pytest.raises(ValidationError) as error:
        incident_service.report_incident(
            place=tree["trust_a"], user=as_lead, staff_numbers=numbers, event_type="incident",
            occurred_on=timezone.localdate(), description="A fall", physical_harm="low", psychological_harm="none")
    assert message in error.value.message_dict["staff_registration_numbers"][0]


def test_the_report_form_names_staff_only_for_someone_signed_in(client, tree, staff, as_lead):
    # Not signed in: no staff field, so the register cannot be probed by guessing numbers.
    response = client.post("/governance/report/", report_data(staff_registration_numbers="7100009"))
    assert response.status_code == 302
    assert not Incident.objects.get().clinicians_involved.exists()
    assert "Registration numbers of the staff involved" not in client.get("/governance/report/").content.decode()
    client.force_login(as_lead)
    response = client.post("/governance/report/", report_data(staff_registration_numbers="7100001; 7100009"))
    assert response.status_code == 200
    assert "7100009" in response.content.decode() and "is on the register" in response.content.decode()
    assert Incident.objects.count() == 1
    response = client.post("/governance/report/", report_data(staff_registration_numbers="71-00001"))
    assert response.status_code == 302
    assert list(Incident.objects.order_by("-reported_at").first().clinicians_involved.all()) == [staff["doctor"]]


def test_a_complaint_names_its_staff_and_a_change_is_a_step(tree, staff, as_lead):
    complaint = ComplaintFactory(organisation=tree["trust_a"])
    complaint_service.set_staff_named(complaint, as_lead, ["7100003"])
    complaint_service.set_staff_named(complaint, as_lead, ["7100003"])  # no change: no step
    complaint_service.set_staff_named(complaint, as_lead, [])
    assert list(complaint.steps.filter(action="staff").values_list("note", flat=True)) == [
        "Staff named: GMC 7100003", "No staff named"]
    assert not complaint.clinicians_named.exists()


def test_the_case_page_lists_the_staff_and_lists_and_exports_do_not(client, tree, staff, lead):
    incident = IncidentFactory(organisation=tree["trust_a"])
    incident.clinicians_involved.set([staff["doctor"]])
    complaint = ComplaintFactory(organisation=tree["trust_a"])
    complaint.clinicians_named.set([staff["nurse"]])
    client.force_login(lead)
    page = client.get(f"/governance/incidents/{incident.pk}/").content.decode()
    assert "Dr Ada Example" in page and "GMC 7100001" in page and "Change the staff named" in page
    assert "Nurse Bea Example" in client.get(f"/governance/complaints/{complaint.pk}/").content.decode()
    for url in ("/governance/incidents/", "/governance/incidents/incidents.csv", "/governance/complaints/",
                "/governance/complaints/complaints.csv"):
        body = b"".join(client.get(url)).decode() if url.endswith(".csv") else client.get(url).content.decode()
        assert "Example" not in body and "7100001" not in body and "12A3456E" not in body


def test_the_staff_page_changes_them_and_refuses_an_unknown_number(client, tree, staff, lead):
    complaint = ComplaintFactory(organisation=tree["trust_a"])
    client.force_login(lead)
    url = f"/governance/complaints/{complaint.pk}/staff/"
    response = client.post(url, {"staff_registration_numbers": "7100009"})
    assert response.status_code == 200 and "7100009" in response.content.decode()
    response = client.post(url, {"staff_registration_numbers": "7100001, 12A3456E"})
    assert response.status_code == 302
    assert set(complaint.clinicians_named.all()) == {staff["doctor"], staff["nurse"]}
    assert "12A3456E; 7100001" in client.get(url).content.decode()


def test_a_case_viewer_without_manage_rights_sees_the_staff_but_cannot_change_them(client, tree, staff):
    incident = IncidentFactory(organisation=tree["trust_a"])
    incident.clinicians_involved.set([staff["doctor"]])
    viewer = user_with_role("responsible_officer", tree["trust_a"], username="ro-a")
    client.force_login(viewer)
    page = client.get(f"/governance/incidents/{incident.pk}/").content.decode()
    assert "Dr Ada Example" in page and "Change the staff named" not in page
    assert client.get(f"/governance/incidents/{incident.pk}/staff/").status_code == 403


def test_the_api_names_staff_on_a_new_incident(client, tree, staff, lead):
    from .conftest import bearer

    body = {"organisation": "TRA", "occurred_on": (timezone.localdate() - timedelta(days=1)).isoformat(),
            "description": "A fall", "physical_harm": "low", "staff_registration_numbers": ["7100009"]}
    response = client.post("/api/v1/governance/incidents", body, content_type="application/json", **bearer(lead))
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "staff_registration_numbers"
    body["staff_registration_numbers"] = ["7100003"]
    response = client.post("/api/v1/governance/incidents", body, content_type="application/json", **bearer(lead))
    assert response.status_code == 201
    assert list(Incident.objects.get().clinicians_involved.all()) == [staff["locum"]]


# --- the import -----------------------------------------------------------------------------------

HEADER = ["ID", "Site code", "Incident date", "Description", "Physical harm", "Staff involved (registration numbers)"]


def incidents_file(rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for row in rows:
        writer.writerow(row)
    return out.getvalue().encode()


def run(data: bytes, kind="incidents"):
    with acting_as(system_actor("test-import")):
        return import_file(data, load_mapping(kind), file_name="export.csv", actor_label="test")


def test_the_import_links_each_rows_staff(tree, staff):
    result = run(incidents_file([
        ["W1", "TRA01", "03/05/2024", "Fall", "Low", "7100001; 12A3456E"],
        ["W2", "TRA", "03/05/2024", "Fall", "Low", ""],
        ["W3", "TRA", "04/05/2024", "Fall", "Low", "7100003"],
    ]))
    assert result.ok, result.problems
    assert set(Incident.objects.get(external_reference="W1").clinicians_involved.all()) == {staff["doctor"], staff["nurse"]}
    assert not Incident.objects.get(external_reference="W2").clinicians_involved.exists()
    assert list(Incident.objects.get(external_reference="W3").clinicians_involved.all()) == [staff["locum"]]


def test_an_unknown_number_is_a_row_problem_naming_row_and_column_and_nothing_is_imported(tree, staff):
    result = run(incidents_file([
        ["W1", "TRA01", "03/05/2024", "Fall", "Low", "7100001"],
        ["W2", "TRA", "03/05/2024", "Fall", "Low", "7100009"],
        ["W3", "TRA", "03/05/2024", "Fall", "Low", "7100001; 123"],
    ]))
    assert not result.ok and not Incident.objects.exists()
    problems = {(p.row, p.column): p.problem for p in result.problems}
    assert problems[(3, "Staff involved (registration numbers)")] == (
        "'7100009' is not on the clinician register of Trust A NHS Trust")
    assert "'123' is not a GMC, NMC or HCPC registration number" in problems[(4, "Staff involved (registration numbers)")]


def test_the_import_resolves_every_rows_staff_in_one_query(tree, staff, django_assert_num_queries):
    importer = Importer(load_mapping("incidents"))
    good = [{"_row": n, "place": tree["trust_a"], "clinicians_involved": ["7100001", "12A3456E"]} for n in range(2, 502)]

    problems = []

    class Rows:
        def problem(self, *args):
            problems.append(args)

    with django_assert_num_queries(1):
        importer._resolve_staff(good, Rows())
    assert not problems
    assert good[-1]["_clinician_ids"] == [staff["doctor"].id, staff["nurse"].id]


def test_a_complaints_import_names_the_staff_complained_about(tree, staff):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["ID", "Site code", "Date received", "Incident date", "Description", "Staff named (registration numbers)"])
    writer.writerow(["C1", "TRA", "03/05/2024", "01/05/2024", "Rude", "12A3456E"])
    result = run(out.getvalue().encode(), kind="complaints")
    assert result.ok, result.problems
    assert list(Complaint.objects.get().clinicians_named.all()) == [staff["nurse"]]
