"""Actions: owners, overdue, evidence uploads with size and type checks, downloads in scope."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from oversight.testing.factories import user_with_role

from ..models import Action, ActionEvidence
from ..services import actions
from .factories import ActionFactory, IncidentFactory

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF"


def test_add_an_action_update_it_and_attach_evidence(client, tree, lead, evidence_storage):
    incident = IncidentFactory(organisation=tree["trust_a"])
    client.force_login(lead)
    due = (timezone.localdate() + timedelta(days=7)).isoformat()
    response = client.post(f"/governance/incidents/{incident.pk}/actions/new/",
                           {"description": "Re-train on bed rails", "owner": lead.pk, "due_on": due})
    assert response.status_code == 302
    action = Action.objects.get()
    url = f"/governance/actions/{action.pk}/"
    upload = SimpleUploadedFile("Training record.pdf", PDF, content_type="application/pdf")
    assert client.post(url, {"form": "evidence", "file": upload}).status_code == 302
    evidence = ActionEvidence.objects.get()
    assert evidence.original_name == "Training record.pdf" and "Training record" not in evidence.file.name
    assert str(evidence_storage) in evidence.file.path
    download = client.get(f"/governance/evidence/{evidence.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert client.post(url, {"form": "update", "status": "completed", "progress_note": "Done", "completed_on": "",
                             "due_on": ""}).status_code == 302
    action.refresh_from_db()
    assert action.status == "completed" and action.completed_on == timezone.localdate()


@pytest.mark.parametrize("name, content, message", [
    ("virus.exe", b"MZ....", "The file must be a"),
    ("fake.pdf", b"not a pdf at all", "is not a PDF file"),
    ("empty.txt", b"", "The selected file is empty"),
    ("big.txt", b"a" * (actions.MAX_EVIDENCE_BYTES + 1), "smaller than 10MB"),
])
def test_uploads_are_checked(client, tree, lead, evidence_storage, name, content, message):
    action = ActionFactory(incident=IncidentFactory(organisation=tree["trust_a"]))
    client.force_login(lead)
    response = client.post(f"/governance/actions/{action.pk}/", {"form": "evidence", "file": SimpleUploadedFile(name, content)})
    assert message in response.content.decode()
    assert not ActionEvidence.objects.exists()


def test_the_owner_must_work_for_the_organisation(client, tree, lead):
    incident = IncidentFactory(organisation=tree["trust_a"])
    outsider = user_with_role("governance_lead", tree["trust_b"])
    client.force_login(lead)
    response = client.post(f"/governance/incidents/{incident.pk}/actions/new/",
                           {"description": "x", "owner": outsider.pk, "due_on": timezone.localdate().isoformat()})
    assert "Select a valid choice" in response.content.decode() and not Action.objects.exists()


def test_my_tasks_and_overdue(client, tree, lead):
    late = ActionFactory(incident=IncidentFactory(organisation=tree["trust_a"]), owner=lead,
                         due_on=timezone.localdate() - timedelta(days=3), description="Late action for me")
    elsewhere = ActionFactory(incident=IncidentFactory(organisation=tree["trust_b"]),
                              due_on=timezone.localdate() - timedelta(days=3), description="Late action elsewhere")
    client.force_login(lead)
    tasks = client.get("/governance/tasks/").content.decode()
    assert late.description in tasks and elsewhere.description not in tasks
    overdue = client.get("/governance/overdue/").content.decode()
    assert late.description in overdue and elsewhere.description not in overdue


def test_evidence_from_another_trust_is_refused(client, tree, lead, evidence_storage):
    action = ActionFactory(incident=IncidentFactory(organisation=tree["trust_b"]))
    other = user_with_role("governance_lead", tree["trust_b"])
    client.force_login(other)
    client.post(f"/governance/actions/{action.pk}/", {"form": "evidence", "file": SimpleUploadedFile("a.txt", b"hello")})
    evidence = ActionEvidence.objects.get()
    client.force_login(lead)
    assert client.get(f"/governance/evidence/{evidence.pk}/").status_code == 403
    assert client.post(f"/governance/actions/{action.pk}/", {"form": "update", "status": "cancelled"}).status_code == 403
