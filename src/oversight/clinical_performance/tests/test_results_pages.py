"""Results, productivity and the clinician's record as pages, CSVs and API answers: who sees what, every
view audited, productivity never shown without its disposition mix and audit outcome."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from oversight.accounts.roles import Role
from oversight.audit.context import Actor, acting_as
from oversight.audit.models import AuditAction, AuditEntry
from oversight.clinical_performance.models import CaseStatus
from oversight.clinical_performance.services.shifts import record_shift
from oversight.testing.factories import api_token_for, build_tree, user_with_role
from oversight.workforce.tests.factories import ClinicianFactory

from .factories import audited, consultations, quarter_round

APRIL = date(2026, 4, 1)
DATES = "?first=2026-04-01&last=2026-06-30"


@pytest.fixture
def world(db):
    tree = build_tree()
    trust = tree["trust_a"]
    lead = user_with_role(Role.CLINICAL_LEAD, trust, username="lead-a")
    appraiser = user_with_role(Role.CLINICAL_AUDITOR, trust, username="appraiser")
    own = user_with_role(Role.CLINICIAN, trust, username="own")
    with acting_as(Actor(user=lead)):
        audit_round = quarter_round(trust, APRIL)
        clinicians = [ClinicianFactory(organisation=trust, name=f"Dr {n}") for n in "ABCDEF"]
        clinicians[0].user, clinicians[0].appraiser = own, appraiser
        from oversight.audit.testing import update_record

        update_record(clinicians[0])
        for index, clinician in enumerate(clinicians):
            seen = consultations(clinician, 10, start=timezone.make_aware(datetime(2026, 4, 2 + index, 9)))
            # Dr F has 8 of 10 below the standard (70%); the others 1 of 10.
            scores = [40.0] * 8 + [90.0] * 2 if clinician.name == "Dr F" else [60.0] + [95.0] * 9
            audited(seen[:-1], audit_round, scores[:-1], status=CaseStatus.RELEASED)  # feedback released
            # The last passed at screening, its feedback not yet released: the clinician does not see it yet.
            audited(seen[-1:], audit_round, scores[-1:])
            start = timezone.make_aware(datetime(2026, 4, 2 + index, 8))
            record_shift(clinician=clinician, starts_at=start, ends_at=start + timedelta(hours=5), service="Out of hours",
                         role="GP")
        # A result the panel has not yet released: the RO sees it, the clinician does not yet.
        held = consultations(clinicians[0], 1, start=timezone.make_aware(datetime(2026, 5, 20, 9)), prefix="H")
        audited(held, audit_round, [30.0], status=CaseStatus.PANEL_REVIEWED)
    return {"tree": tree, "lead": lead, "appraiser": appraiser, "own": own, "clinicians": clinicians}


def views_recorded() -> int:
    return AuditEntry.objects.filter(action=AuditAction.VIEW).count()


def test_results_page_names_the_outlier_and_is_audited(world, client):
    client.force_login(world["lead"])
    before = views_recorded()
    page = client.get(reverse("clinical_performance:results") + DATES).content.decode()
    assert "More cases below the standard than the funnel allows at 95%: Dr F." in page
    chart = page[page.index('<figure class="app-chart">'):page.index("</figure>")]
    assert '<svg aria-hidden="true"' in chart and "Dr F" in chart  # drawn, the outlier labelled by name
    assert "By service" in page and "Out of hours" in page
    assert views_recorded() == before + 1


def test_results_csv_is_audited_and_has_the_limits(world, client):
    client.force_login(world["lead"])
    response = client.get(reverse("clinical_performance:results-csv") + DATES)
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 6
    flagged = [r for r in rows if r["outlier"] == "1"]
    assert [r["clinician"] for r in flagged] == ["Dr F"] and flagged[0]["direction"] == "high"
    assert float(rows[0]["od95ucl"]) > 0
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT, object_repr__startswith="Audit results funnel").exists()


def test_a_funnel_needs_enough_clinicians(world, client):
    client.force_login(world["lead"])
    page = client.get(reverse("clinical_performance:results") + "?first=2026-04-01&last=2026-06-30&service=Nowhere")
    assert "A funnel needs at least 5 audited clinicians" in page.content.decode()


def test_productivity_is_never_shown_without_the_mix_and_audit_outcome(world, client):
    client.force_login(world["lead"])
    page = client.get(reverse("clinical_performance:productivity") + DATES).content.decode()
    assert "No national target for cases per clinician hour exists" in page
    assert "Self care 100%" in page  # the disposition mix, in the same row
    assert "10 audited, mean 91.5%, 1 below the standard" in page  # the audit outcome, in the same row
    rows = list(csv.DictReader(io.StringIO(client.get(reverse("clinical_performance:productivity-csv") + DATES)
                                           .content.decode())))
    dr_a = next(r for r in rows if r["clinician"] == "Dr A")
    # Dr A's unreleased panel case counts for the RO's view of the audit outcome (11 audited).
    assert dr_a["cases_per_hour"] == "2.2" and dr_a["disposition_mix"].startswith("Self care: 11")
    assert dr_a["cases_audited"] == "11" and dr_a["compared_with_same_role"]


def test_the_record_is_audited_with_its_reason(world, client):
    client.force_login(world["lead"])
    dr_a = world["clinicians"][0]
    page = client.get(reverse("clinical_performance:record", args=[dr_a.pk]) + DATES).content.decode()
    assert "Audit scores over time" in page and "Fewer than 12 points" in page
    assert "Self care" in page  # productivity with its mix
    entry = AuditEntry.objects.filter(action=AuditAction.VIEW, object_id=str(dr_a.pk)).latest("sequence")
    assert "Responsible Officer or clinical lead" in entry.reason


def test_an_appraiser_sees_only_their_appraisees(world, client):
    client.force_login(world["appraiser"])
    dr_a, dr_b = world["clinicians"][:2]
    assert client.get(reverse("clinical_performance:record", args=[dr_a.pk])).status_code == 200
    assert client.get(reverse("clinical_performance:record", args=[dr_b.pk])).status_code == 403
    assert client.get(reverse("clinical_performance:record-csv", args=[dr_b.pk])).status_code == 403
    assert client.get(reverse("clinical_performance:results")).status_code == 403


def test_a_clinician_sees_only_themself_and_only_what_was_released(world, client):
    client.force_login(world["own"])
    dr_a, dr_b = world["clinicians"][:2]
    page = client.get(reverse("clinical_performance:my-record")).content.decode()
    assert "H" + dr_a.registration_number not in page  # the panel has not released that case
    assert "C" + dr_a.registration_number + "-0009" not in page  # passed, its feedback not released yet
    assert "C" + dr_a.registration_number + "-0000" in page
    assert client.get(reverse("clinical_performance:record", args=[dr_b.pk])).status_code == 403
    rows = list(csv.DictReader(io.StringIO(client.get(reverse("clinical_performance:record-csv", args=[dr_a.pk]))
                                           .content.decode())))
    assert len(rows) == 9  # the released results only


def test_a_clinician_without_a_linked_record_is_told_so(db, client):
    tree = build_tree()
    client.force_login(user_with_role(Role.CLINICIAN, tree["trust_a"]))
    assert "not linked to a clinician record" in client.get(reverse("clinical_performance:my-record")).content.decode()


def test_shift_pages(world, client):
    client.force_login(world["lead"])
    assert "Dr A" in client.get(reverse("clinical_performance:shift-list")).content.decode()
    data = io.BytesIO(b"registration_number,start,end,service,site,role\n0000000,2026-04-01 09:00,2026-04-01 08:00,OOH,,GP\n")
    data.name = "rota.csv"
    page = client.post(reverse("clinical_performance:shift-import"),
                       {"organisation": world["tree"]["trust_a"].pk, "file": data}).content.decode()
    assert "Nothing was imported" in page and "before or when it starts" in page
    response = client.post(reverse("clinical_performance:shift-new"), {
        "clinician": world["clinicians"][1].pk, "start_date": "2026-04-03", "start_time": "10:00",
        "end_date": "2026-04-03", "end_time": "12:00", "role": "GP", "service": "Out of hours"})
    assert response.status_code == 200 and "overlaps a shift already recorded" in response.content.decode()


def bearer(user) -> dict:
    _, token = api_token_for(user)
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_api_funnel_and_productivity_come_with_their_context(world, client):
    headers = bearer(world["lead"])
    funnel = client.get("/api/v1/clinical-performance/results/funnel" + DATES, **headers).json()
    assert funnel["outliers_high"] == ["Dr F"] and len(funnel["clinicians"]) == 6
    answer = client.get("/api/v1/clinical-performance/productivity" + DATES, **headers).json()
    assert "No national target" in answer["note"]
    row = next(r for r in answer["clinicians"] if r["clinician"] == "Dr B")
    assert row["cases_per_hour"] == 2 and row["disposition_mix"][0]["disposition"] == "Self care"
    assert row["audit_outcome"] == {"cases_audited": 10, "mean_score": 91.5, "below_standard": 1}
    assert answer["by_role"][0]["audit_outcome"]["cases_audited"] == 61


def test_api_record_has_the_pages_access(world, client):
    dr_a, dr_b = world["clinicians"][:2]
    url = "/api/v1/clinical-performance/clinicians/{}/record"
    mine = client.get(url.format(dr_a.pk), **bearer(world["own"]))
    assert mine.status_code == 200 and len(mine.json()["cases"]) == 9  # released only
    assert client.get(url.format(dr_b.pk), **bearer(world["own"])).status_code == 403
    assert client.get(url.format(dr_a.pk), **bearer(world["appraiser"])).status_code == 200
    assert client.get(url.format(dr_b.pk), **bearer(world["appraiser"])).status_code == 403
    lead = client.get(url.format(dr_a.pk), **bearer(world["lead"])).json()
    assert len(lead["cases"]) == 11 and lead["scores"][0]["cases_audited"] == 11
    assert client.get("/api/v1/clinical-performance/productivity", **bearer(world["appraiser"])).status_code == 403
