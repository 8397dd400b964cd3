"""Each governance service leaves the audit entries its writes call for, named in English, and
opening a professional concern is logged as a view of a confidential record."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from oversight.audit.context import Actor, acting_as
from oversight.audit.models import AuditEntry
from oversight.testing.factories import user_with_role

from ..services import actions, candour, complaints, concerns, incidents
from .test_import import incident_csv, run

pytestmark = pytest.mark.django_db


def entries_after(sequence: int) -> list[tuple[str, str]]:
    """(action, description) of each entry written after ``sequence``, oldest first."""
    return list(AuditEntry.objects.filter(sequence__gt=sequence).order_by("sequence").values_list("action", "object_repr"))


def last() -> int:
    return AuditEntry.objects.order_by("-sequence").values_list("sequence", flat=True).first() or 0


def _report(tree, user, **fields):
    return incidents.report_incident(place=tree["site_a"], user=user, event_type="incident", occurred_on=timezone.localdate(),
                                     description="Fell on the ward", physical_harm="moderate", psychological_harm="none",
                                     patient_name="Alex Example", **fields)


def test_reporting_and_reviewing_an_incident(tree, as_lead):
    before = last()
    incident = _report(tree, as_lead)
    ref = incident.reference
    assert entries_after(before) == [
        ("create", f"Incident {ref}"),
        ("create", f"Incident {ref}: step recorded (Reported)"),
        ("create", f"Duty of Candour tracker for incident {ref}"),
    ]
    before = last()
    incidents.review(incident, as_lead, physical_harm="severe")
    assert entries_after(before) == [("update", f"Incident {ref}"), ("create", f"Incident {ref}: step recorded (Reviewed)")]
    change = AuditEntry.objects.get(sequence=before + 1).changes
    assert change["physical_harm"] == ["moderate", "severe"] and change["status"] == ["reported", "reviewed"]


def test_a_duty_of_candour_step(tree, as_lead):
    incident = _report(tree, as_lead)
    before = last()
    candour.record_notification(incident.candour, as_lead, notified_on=timezone.localdate(), relevant_person="patient",
                                notified_by="Ward manager", apology_given=True, note="Apologised to Alex Example")
    ref = incident.reference
    assert entries_after(before) == [
        ("update", f"Duty of Candour tracker for incident {ref}"),
        ("create", f"Incident {ref}: step recorded (Duty of Candour: in-person notification with apology)"),
    ]
    assert AuditEntry.objects.get(sequence=before + 1).changes["notification_note"] == "[changed]"


def test_a_complaint_from_receipt_to_holding_letter(tree, as_lead):
    today = timezone.localdate()
    before = last()
    complaint = complaints.register_complaint(place=tree["trust_a"], user=as_lead, channel="written", received_on=today,
                                              events_on=today - timedelta(days=3), summary="Long wait", complainant_name="Jo")
    complaints.acknowledge(complaint, as_lead, acknowledged_on=today)
    complaints.send_holding_letter(complaint, as_lead, sent_on=today, reason="Awaiting notes")
    ref = complaint.reference
    assert entries_after(before) == [
        ("create", f"Complaint {ref}"),
        ("create", f"Complaint {ref}: step recorded (Complaint received)"),
        ("update", f"Complaint {ref}"),
        ("create", f"Complaint {ref}: step recorded (Acknowledged)"),
        ("create", f"Complaint {ref}: holding letter sent {today:%d %B %Y}"),
        ("create", f"Complaint {ref}: step recorded (Holding letter sent)"),
    ]


def test_a_professional_concern_and_its_clinician(tree, as_lead):
    before = last()
    clinician = concerns.add_clinician(organisation=tree["trust_a"], name="Dr A Surgeon", profession="doctor",
                                       registration_number="7654321")
    concern = concerns.raise_concern(clinician=clinician, user=as_lead, raised_on=timezone.localdate(), source="colleague",
                                     category="conduct", summary="Shouted at a patient")
    concerns.move_to_stage(concern, as_lead, stage="initial_assessment", note="Group met")
    ref = concern.reference
    assert entries_after(before) == [
        ("create", "Clinician GMC 7654321"),
        ("create", f"Professional concern {ref}"),
        ("create", f"Professional concern {ref}: stage recorded (Concern raised)"),
        ("update", f"Professional concern {ref}"),
        ("create", f"Professional concern {ref}: stage recorded (Initial assessment)"),
    ]


def test_an_action_its_progress_and_its_evidence(tree, as_lead, evidence_storage):
    incident = _report(tree, as_lead)
    before = last()
    action = actions.add_action(incident, as_lead, description="Review falls risk for Alex Example", owner=as_lead,
                                due_on=timezone.localdate())
    actions.update_action(action, as_lead, status="in_progress", progress_note="Started")
    actions.attach_evidence(action, as_lead, SimpleUploadedFile("alex-example.txt", b"notes", content_type="text/plain"))
    ref = incident.reference
    assert entries_after(before) == [
        ("create", f"Action on incident {ref}"),
        ("update", f"Action on incident {ref}"),
        ("create", f"Evidence file (text/plain) for the action on incident {ref}"),
    ]


def test_an_import_is_one_entry_for_the_batch_and_one_for_its_rows(tree):
    before = last()
    result = run(incident_csv([{"ID": "W1"}, {"ID": "W2", "Physical harm": "Moderate"}]))
    assert result.ok, result.problems
    (batch_entry, rows_entry) = AuditEntry.objects.filter(sequence__gt=before).order_by("sequence")
    assert (batch_entry.action, batch_entry.object_repr) == ("create", f"Import of 2 incidents (file {result.batch.sha256[:12]})")
    assert rows_entry.action == "ingest" and rows_entry.object_id == str(result.batch.pk)
    assert rows_entry.changes["rows written"] == {"governance.DutyOfCandourNotification create": 1,
                                                  "governance.Incident create": 2}


def test_opening_a_professional_concern_is_logged_with_the_reason(client, tree):
    ro = user_with_role("responsible_officer", tree["trust_a"])
    with acting_as(Actor(user=ro)):
        clinician = concerns.add_clinician(organisation=tree["trust_a"], name="Dr B", profession="doctor",
                                           registration_number="7000001")
        concern = concerns.raise_concern(clinician=clinician, user=ro, raised_on=timezone.localdate(), source="colleague",
                                         category="conduct", summary="Rude")
    client.force_login(ro)
    before = last()
    assert client.get(reverse("governance:concern-detail", args=[concern.pk])).status_code == 200
    (entry,) = AuditEntry.objects.filter(sequence__gt=before)
    assert (entry.action, entry.actor, entry.object_repr) == ("view", ro, f"Professional concern {concern.reference}")
    assert entry.reason == "Opened the professional concern's page" and entry.organisation_code == "TRA"
