"""Each doctor's whole record: joined across every organisation of the designated body, linked to the case
pages the viewer may open, asked for a reason and logged, downloadable without patient identifiers; notes and
restrictions; the doctor's own record less what the RO withholds and less concerns not yet assessed; the API."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from oversight.audit.context import acting_as, system_actor
from oversight.audit.models import AuditAction, AuditEntry
from oversight.governance.tests.factories import ComplaintFactory, ConcernFactory, IncidentFactory
from oversight.testing.factories import api_token_for, build_tree, user_with_role
from oversight.workforce.tests.factories import DoctorFactory

from ..models import RecordNote, RecordRestriction
from ..record import own_record, whole_record
from ..services import record as service
from .factories import RecordNoteFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def tree(db):
    return build_tree()


@pytest.fixture
def world(tree):
    """One doctor held on the register by trust A (their designated body) and by trust B, connected to trust A;
    a third row at trust C for another designated body; cases naming each row."""
    doctor_a = DoctorFactory(organisation=tree["trust_a"], name="Dr Ada Whole", registration_number="1234567")
    doctor_b = DoctorFactory(organisation=tree["trust_b"], name="Dr Ada Whole", registration_number="1234567",
                             designated_body=tree["trust_a"])
    doctor_c = DoctorFactory(organisation=tree["trust_c"], name="Dr Ada Whole", registration_number="1234567")
    other = DoctorFactory(organisation=tree["trust_a"], name="Dr Other", registration_number="7654321")
    with acting_as(system_actor("test-data")):
        incident_a = IncidentFactory(organisation=tree["trust_a"], reference="INC-A")
        incident_a.clinicians_involved.add(doctor_a, other)
        incident_b = IncidentFactory(organisation=tree["trust_b"], reference="INC-B")
        incident_b.clinicians_involved.add(doctor_b)
        incident_c = IncidentFactory(organisation=tree["trust_c"], reference="INC-C")
        incident_c.clinicians_involved.add(doctor_c)
        complaint = ComplaintFactory(organisation=tree["trust_a"], reference="COM-A")
        complaint.clinicians_named.add(doctor_a)
    assessed = ConcernFactory(clinician=doctor_a, reference="PC-ASSESSED", stage="initial_assessment")
    raised = ConcernFactory(clinician=doctor_b, reference="PC-RAISED", stage="raised")
    note = RecordNoteFactory(clinician=doctor_a, kind="claim", reference="NHSR-1", setting="NHS Resolution",
                             summary="Claim about a delayed diagnosis.")
    return {"a": doctor_a, "b": doctor_b, "c": doctor_c, "other": other, "incident_a": incident_a, "incident_b": incident_b,
            "incident_c": incident_c, "complaint": complaint, "assessed": assessed, "raised": raised, "note": note}


@pytest.fixture
def ro(tree, client):
    user = user_with_role("responsible_officer", tree["trust_a"], username="ro-a")
    client.force_login(user)
    return user


def _references(record):
    return {item.reference for item in record.items}


def test_the_whole_record_joins_every_row_of_the_designated_body_in_scope(world, ro):
    record = whole_record(ro, world["a"])
    assert {row.pk for row in record.rows} == {world["a"].pk, world["b"].pk}
    assert _references(record) == {"INC-A", "INC-B", "COM-A", "PC-ASSESSED", "PC-RAISED", "NHSR-1"}
    assert record.counts() == {"incident": 2, "complaint": 1, "concern": 2, "note": 1, "audit": 0}
    # The other doctor named on the same incident does not bring it twice, nor their own record in.
    assert [i.reference for i in record.items].count("INC-A") == 1


def test_each_item_links_to_its_case_only_if_the_viewer_may_open_it(world, ro):
    items = {item.reference: item for item in whole_record(ro, world["a"]).items}
    assert items["INC-A"].href == reverse("governance:incident-detail", args=[world["incident_a"].pk])
    assert items["INC-B"].href is None  # trust B's cases are outside the RO's case scope
    assert items["COM-A"].href == reverse("governance:complaint-detail", args=[world["complaint"].pk])
    assert items["PC-ASSESSED"].href == reverse("governance:concern-detail", args=[world["assessed"].pk])
    assert items["NHSR-1"].href is None


def test_summaries_carry_no_patient_identifiers_or_case_text(world, ro):
    for item in whole_record(ro, world["a"]).items:
        text = f"{item.summary} {item.status} {' '.join(item.details)}"
        assert "Alex Example" not in text and "9990000018" not in text and "fell on the ward" not in text
        assert "Sam Example" not in text and "nine hours" not in text


def test_the_page_asks_for_a_reason_then_logs_the_view_with_it(world, ro, client):
    url = reverse("professional_standards:record", args=[world["a"].pk])
    response = client.get(url)
    assert response.status_code == 200
    assert "Why do you need to see this record?" in response.content.decode()
    assert not AuditEntry.objects.filter(action=AuditAction.VIEW, object_id=str(world["a"].pk)).exists()

    refused = client.get(url, {"reason": "other", "detail": "  .. "})
    assert "Enter the reason you need to see the doctor&#39;s whole record, in words" in refused.content.decode()

    shown = client.get(url, {"reason": "revalidation"})
    page = shown.content.decode()
    assert "INC-A" in page and "INC-B" in page and "PC-RAISED" in page and "Claim about a delayed diagnosis." in page
    entry = AuditEntry.objects.get(action=AuditAction.VIEW, object_id=str(world["a"].pk))
    assert entry.reason == "Doctor's whole record: Preparing a revalidation recommendation"
    assert entry.actor == ro


def test_the_page_filters_by_kind_and_date(world, ro, client):
    url = reverse("professional_standards:record", args=[world["a"].pk])
    page = client.get(url, {"reason": "concern", "kind": "concern"}).content.decode()
    assert "PC-ASSESSED" in page and "INC-A" not in page
    earlier = (TODAY - timedelta(days=10)).isoformat()
    page = client.get(url, {"reason": "concern", "last": earlier}).content.decode()
    assert "INC-A" not in page and "NHSR-1" in page


def test_out_of_scope_and_other_roles_are_refused(world, tree, client):
    ro_c = user_with_role("responsible_officer", tree["trust_c"], username="ro-c")
    client.force_login(ro_c)
    assert client.get(reverse("professional_standards:record", args=[world["a"].pk])).status_code == 403
    appraiser = user_with_role("appraiser", tree["trust_a"], username="appraiser-a")
    world["a"].appraiser = appraiser
    client.force_login(appraiser)
    assert client.get(reverse("professional_standards:record", args=[world["a"].pk]), {"reason": "appraisal"}).status_code == 403
    # The RO at trust C sees only trust C's row: the other designated body's record.
    assert _references(whole_record(ro_c, world["c"])) == {"INC-C"}


def test_the_csv_is_audited_and_has_no_patient_identifiers(world, ro, client):
    url = reverse("professional_standards:record-csv", args=[world["a"].pk])
    assert client.get(url).status_code == 302  # no reason: back to the page that asks for one
    response = client.get(url, {"reason": "revalidation"})
    assert response.status_code == 200
    body = response.content.decode()
    assert body.splitlines()[0].startswith("registration,kind,date")
    assert "INC-A" in body and "GMC 1234567" in body
    for identifier in ("Alex Example", "9990000018", "Sam Example", "delayed diagnosis", "Dr Ada Whole"):
        assert identifier not in body
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT, object_repr="Whole record of GMC 1234567").exists()
    assert AuditEntry.objects.filter(action=AuditAction.VIEW, reason__startswith="Doctor's whole record (download)").exists()


def test_a_note_is_added_and_bad_dates_are_named(world, ro, client):
    url = reverse("professional_standards:record-note-new", args=[world["a"].pk])
    tomorrow = TODAY + timedelta(days=1)
    response = client.post(url, {"kind": "inquest", "occurred_on": tomorrow.isoformat(), "summary": "Coroner's inquest."})
    assert response.status_code == 200 and RecordNote.objects.filter(kind="inquest").count() == 0
    response = client.post(url, {"kind": "inquest", "occurred_on": "2025-05-01", "summary": "Coroner's inquest.",
                                 "closed_on": "2025-04-01"})
    assert "The date closed must be on or after the date" in response.content.decode()
    response = client.post(url, {"kind": "inquest", "occurred_on": "2025-05-01", "summary": "Coroner's inquest.",
                                 "setting": "HM Coroner"})
    assert response.status_code == 302
    note = RecordNote.objects.get(kind="inquest")
    assert note.recorded_by == ro and note.clinician == world["a"]
    entry = AuditEntry.objects.filter(action=AuditAction.CREATE, object_id=str(note.pk)).get()
    assert "Coroner" not in entry.object_repr


def test_restricting_an_item_hides_it_from_the_doctor_until_lifted(world, ro, client, tree):
    doctor_user = user_with_role("clinician", tree["trust_a"], username="dr-ada")
    world["a"].user = doctor_user
    with acting_as(system_actor("test-data")):
        from oversight.audit.testing import update_record

        update_record(world["a"])
    url = reverse("professional_standards:record-restrict", args=[world["a"].pk, "incident", world["incident_b"].pk])
    assert client.post(url, {"reason": ""}).status_code == 200
    response = client.post(url, {"reason": "The doctor has not been told of the review yet."}, follow=True)
    assert response.redirect_chain[0][1] == 302 and "is withheld from the doctor" in response.content.decode()
    restriction = RecordRestriction.objects.get()
    assert restriction.item_kind == "incident" and restriction.restricted_by == ro
    assert "INC-B" not in _references(own_record(doctor_user, world["a"]))
    assert next(i for i in whole_record(ro, world["a"]).items if i.reference == "INC-B").restricted

    client.force_login(doctor_user)
    page = client.get(reverse("professional_standards:my-record")).content.decode()
    assert "INC-A" in page and "INC-B" not in page
    assert "PC-ASSESSED" in page and "PC-RAISED" not in page  # a concern still "raised": not told yet
    assert AuditEntry.objects.filter(action=AuditAction.VIEW, reason="Doctor's whole record: The doctor's own record").exists()

    client.force_login(ro)
    assert client.post(url, {"reason": ""}).status_code == 302  # lifting needs no reason
    assert not RecordRestriction.objects.exists()
    assert "INC-B" in _references(own_record(doctor_user, world["a"]))


def test_an_item_not_on_the_record_cannot_be_restricted(world, ro, client):
    url = reverse("professional_standards:record-restrict", args=[world["a"].pk, "incident", world["incident_c"].pk])
    assert client.get(url).status_code == 404
    from django.core.exceptions import ValidationError

    with acting_as(system_actor("test-data")):
        service.restrict_item(world["a"], None, item_kind="note", item_id=str(world["note"].pk), reason="x")
        with pytest.raises(ValidationError, match="already withheld"):
            service.restrict_item(world["a"], None, item_kind="note", item_id=str(world["note"].pk), reason="x")
        with pytest.raises(ValidationError, match="Enter why"):
            service.restrict_item(world["a"], None, item_kind="incident", item_id="1", reason="  ")


def test_my_record_without_a_linked_record(tree, client):
    client.force_login(user_with_role("clinician", tree["trust_a"], username="nobody"))
    response = client.get(reverse("professional_standards:my-record"))
    assert response.status_code == 200 and "not linked" in response.content.decode()


def test_clinical_audit_results_are_on_the_record(world, ro, tree):
    from oversight.clinical_performance.tests.factories import audited, consultations, quarter_round

    with acting_as(system_actor("test-data")):
        audit_round = quarter_round(tree["trust_a"], date(2026, 4, 1), name="Spring audit")
        audited(consultations(world["a"], 2), audit_round, [90.0, 70.0])
    items = [i for i in whole_record(ro, world["a"]).items if i.kind == "audit"]
    assert len(items) == 2 and {i.reference for i in items} == {"Spring audit"}
    assert items[0].href == reverse("clinical_performance:record", args=[world["a"].pk])
    assert all("score" in i.summary for i in items)
    # Passed at screening but not released: the doctor does not see them yet.
    assert not [i for i in own_record(ro, world["a"]).items if i.kind == "audit"]


def _auth(user):
    _, token = api_token_for(user)
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_the_api_needs_a_reason_and_records_it(world, ro, client):
    url = f"/api/v1/professional-standards/doctors/{world['a'].pk}/record"
    headers = _auth(ro)
    assert client.get(url, **headers).status_code == 422
    assert client.get(url, {"reason": "other"}, **headers).status_code == 422
    response = client.get(url, {"reason": "mhps", "kind": "incident"}, **headers)
    assert response.status_code == 200
    data = response.json()
    assert {i["reference"] for i in data["items"]} == {"INC-A", "INC-B"}
    assert data["organisations"] == ["TRA", "TRB"]
    assert AuditEntry.objects.filter(action=AuditAction.VIEW, reason__contains="through the API: Managing an MHPS").exists()
    outside = DoctorFactory(organisation=world["c"].organisation)
    assert client.get(f"/api/v1/professional-standards/doctors/{outside.pk}/record", {"reason": "mhps"},
                      **headers).status_code == 403


def test_an_mhps_case_is_on_the_record_and_in_the_annual_report(world, ro):
    from oversight.governance.models import ProfessionalConcern

    if getattr(getattr(ProfessionalConcern, "mhps", None), "related", None) is None:
        pytest.skip("MHPS cases are not installed yet")
    from oversight.audit.testing import create_record
    from oversight.governance.models.mhps import Exclusion, MhpsCase

    from ..annual_report import build

    case = create_record(MhpsCase(concern=world["assessed"], started_on=TODAY - timedelta(days=4),
                                  case_manager_name="Mr Case Manager"))
    create_record(Exclusion(case=case, kind="immediate_exclusion", starts_on=TODAY - timedelta(days=3)))
    item = next(i for i in whole_record(ro, world["a"]).items if i.reference == "PC-ASSESSED")
    assert item.details[0].startswith("Managed under Maintaining High Professional Standards (MHPS) from")
    assert any(d.startswith("Immediate exclusion from") for d in item.details)
    assert "Mr Case Manager" not in " ".join(item.details)
    from ..appraisals import appraisal_year_of

    rows = {r.label: r.count for r in build(world["a"].organisation, appraisal_year_of(TODAY)).section("governance").rows}
    assert rows["Cases started under MHPS in the year"] == 1
    assert rows["Immediate exclusion: started in the year"] == 1
