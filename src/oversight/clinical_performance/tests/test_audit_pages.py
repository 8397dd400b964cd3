"""The clinician audit pages: the cycle through the forms, the problem report, and who sees what."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from oversight.audit.models import AuditEntry
from oversight.testing.factories import build_tree

from ..configuration import read_template
from ..models import AuditCase, AuditRound, CaseStatus, Consultation
from .factories import audit_world

CODES = [c.code for c in read_template().criteria]


@pytest.fixture
def world(db):
    tree = build_tree()
    world = audit_world(tree["trust_a"])
    world["tree"] = tree
    return world


def test_import_page_reports_problems_by_row_and_imports_nothing(world, client):
    client.force_login(world["lead"])
    csv = ("Case No,Clinician Registration,Clinician Role,Consultation Start,Service,Case Type,Outcome\n"
           "X1,9999999,GP,01/04/2026 10:00,OOH,Telephone,Self care\n")
    before = Consultation.objects.count()
    response = client.post(reverse("clinical_performance:audit-import"), {
        "organisation": world["tree"]["trust_a"].pk, "shape": "adastra",
        "file": SimpleUploadedFile("export.csv", csv.encode(), content_type="text/csv")})
    assert response.status_code == 200
    assert "No clinician with registration number 9999999" in response.content.decode()
    assert Consultation.objects.count() == before


def screen_post(outcome, rating="compliant", comment=""):
    return {"outcome": outcome, "comment": comment, **{f"criterion_{code}": rating for code in CODES}}


def test_the_cycle_through_the_pages(world, client):
    client.force_login(world["lead"])
    response = client.post(reverse("clinical_performance:audit-round-new"), {
        "organisation": world["tree"]["trust_a"].pk, "name": "Q1", "period_start": "2026-04-01",
        "sampling_method": "per_clinician", "per_clinician": "1"})
    audit_round = AuditRound.objects.get()
    assert response.url == reverse("clinical_performance:audit-round", args=[audit_round.pk])
    client.post(response.url, {"seed": "42"})
    audit_round.refresh_from_db()
    assert audit_round.seed == 42
    page = client.get(reverse("clinical_performance:audit-round", args=[audit_round.pk])).content.decode()
    assert "Sample by clinician" in page and "42" in page
    assert AuditEntry.objects.filter(action="view", object_id=str(audit_round.pk)).exists()

    case = AuditCase.objects.filter(clinician=world["first"]).first()
    client.force_login(case.auditor)
    queue = client.get(reverse("clinical_performance:audit-queue")).content.decode()
    assert case.consultation.case_reference in queue
    response = client.post(reverse("clinical_performance:audit-case", args=[case.pk]),
                           screen_post("refer", "non_compliant", "Red flags missing"))
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.REFERRED

    client.force_login(world["lead"])
    response = client.post(reverse("clinical_performance:audit-release", args=[case.pk]), {"feedback": "Learn."})
    assert "at least 3 auditors" in response.content.decode()
    for reviewer in world["auditors"]:
        client.force_login(reviewer)
        panel_page = client.get(reverse("clinical_performance:audit-panel", args=[case.pk])).content.decode()
        assert "Score" not in panel_page.split("<form")[0]  # each panel member judges without the screen's score
        body = {"decision": "concerns_confirmed", **{f"criterion_{code}": "partially_compliant" for code in CODES}}
        assert client.post(reverse("clinical_performance:audit-panel", args=[case.pk]), body).status_code == 302
    client.force_login(world["lead"])
    client.post(reverse("clinical_performance:audit-release", args=[case.pk]), {"feedback": "Please ask about red flags."})
    case.refresh_from_db()
    assert case.status == CaseStatus.RELEASED and case.feedback_kind == "negative"

    client.force_login(world["clinician_user"])
    mine = client.get(reverse("clinical_performance:my-audits")).content.decode()
    assert case.consultation.case_reference in mine
    client.post(reverse("clinical_performance:my-audit", args=[case.pk]), {"reflection": "I will ask every time."})
    case.refresh_from_db()
    assert case.reflection == "I will ask every time."


def test_only_the_assigned_auditor_opens_a_screen_and_no_one_else_sees_my_audits(world, client):
    from oversight.audit.context import Actor, acting_as

    from ..services import rounds

    with acting_as(Actor(user=world["lead"])):
        audit_round = rounds.create_round(organisation=world["tree"]["trust_a"], name="Q1",
                                          period_start=__import__("datetime").date(2026, 4, 1))
        rounds.draw_sample(audit_round=audit_round, seed=1, auditors=world["auditors"])
    case = AuditCase.objects.filter(clinician=world["first"]).first()
    other = next(a for a in world["auditors"] if a.pk != case.auditor_id)
    client.force_login(other)
    assert client.get(reverse("clinical_performance:audit-case", args=[case.pk])).status_code == 403
    client.force_login(world["clinician_user"])
    # Not released yet: the clinician's page does not show it
    assert client.get(reverse("clinical_performance:my-audit", args=[case.pk])).status_code == 404
