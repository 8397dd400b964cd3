"""One implausible date (a year typed as 0025 or 2106) must never take a list down: every entry point
refuses it with the field named, and a record already holding one shows "Due date could not be
worked out" on its own line while every page around it still answers (issue 12, point 1)."""

from __future__ import annotations

import html
import json
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from oversight.accounts.roles import Role
from oversight.audit.context import acting_as, system_actor
from oversight.audit.testing import update_record
from oversight.testing.factories import user_with_role

from ..configuration import DEADLINE_NOT_WORKED_OUT
from ..models import Complaint, ComplaintStatus
from .conftest import bearer
from .factories import ComplaintFactory, notifiable_incident

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate
API = "/api/v1/governance"


@pytest.fixture
def bad_records(tree):
    """Rows already in the database with dates the forms now refuse, written past the forms."""
    with acting_as(system_actor("test-data")):
        ancient = ComplaintFactory(organisation=tree["trust_a"], received_on=date(25, 1, 2), events_on=date(25, 1, 1))
        far_agreed = ComplaintFactory(organisation=tree["trust_a"], status=ComplaintStatus.ACKNOWLEDGED,
                                      acknowledged_on=TODAY() - timedelta(days=1), agreed_response_date=date(2106, 1, 5),
                                      response_date_agreed_on=TODAY() - timedelta(days=1))
        incident = notifiable_incident(tree["trust_a"])
        incident.candour.awareness_date = date(25, 3, 4)
        update_record(incident.candour)
    return {"ancient": ancient, "far_agreed": far_agreed, "incident": incident}


def last_month() -> str:
    first = TODAY().replace(day=1) - timedelta(days=1)
    return f"{first:%Y-%m}"


PAGES = ["governance:index", "governance:incident-list", "governance:complaint-list", "governance:my-tasks",
         "governance:overdue", "governance:figures", "governance:candour-compliance", "governance:complaint-csv"]
CASE_PAGES = {"governance:incident-list", "governance:complaint-list", "governance:complaint-csv"}


@pytest.mark.parametrize("role, where", [(Role.GOVERNANCE_LEAD, "trust_a"), (Role.CHIEF_MEDICAL_OFFICER, "trust_a"),
                                         (Role.REGIONAL_MEDICAL_DIRECTOR, "region")])
def test_every_list_task_figure_and_report_page_still_answers(client, tree, bad_records, role, where):
    user = user_with_role(role, tree[where])
    client.force_login(user)
    for name in PAGES:
        # A regional director sees figures, not cases: those pages refuse, and must not fail.
        expected = 403 if role == Role.REGIONAL_MEDICAL_DIRECTOR and name in CASE_PAGES else 200
        assert client.get(reverse(name)).status_code == expected, name
    board = reverse("reports:prepare", kwargs={"code": "TRA", "kind": "board", "period": last_month()})
    assert client.get(board).status_code == 200


def test_the_lists_say_which_record_needs_its_dates_checked(client, tree, bad_records, lead):
    client.force_login(lead)
    complaints = client.get(reverse("governance:complaint-list")).content.decode()
    assert complaints.count(DEADLINE_NOT_WORKED_OUT) == 4  # the due date and the clock, for each of the two
    overdue = client.get(reverse("governance:overdue")).content.decode()
    assert bad_records["incident"].reference in overdue and DEADLINE_NOT_WORKED_OUT in overdue
    for case in ("ancient", "far_agreed"):
        page = client.get(reverse("governance:complaint-detail", args=[bad_records[case].pk]))
        assert page.status_code == 200 and DEADLINE_NOT_WORKED_OUT in page.content.decode()
    page = client.get(reverse("governance:incident-detail", args=[bad_records["incident"].pk]))
    assert page.status_code == 200 and DEADLINE_NOT_WORKED_OUT in page.content.decode()


def test_the_api_and_the_metrics_answer_with_the_unknown_deadline_as_null(client, tree, bad_records, lead):
    complaints = client.get(f"{API}/complaints", **bearer(lead))
    assert complaints.status_code == 200
    ancient = next(c for c in complaints.json() if c["reference"] == bad_records["ancient"].reference)
    assert ancient["acknowledgement_due"] is None and ancient["acknowledgement_status"] == "unknown"
    incident = client.get(f"{API}/incidents/{bad_records['incident'].pk}", **bearer(lead)).json()
    assert incident["duty_of_candour"]["notification_due"] is None
    director = user_with_role(Role.REGIONAL_MEDICAL_DIRECTOR, tree["region"])
    for code in ("TRA", "QI1", "YR1"):  # the trust, its ICB and its region
        assert client.get(f"{API}/metrics", {"organisation": code}, **bearer(director)).status_code == 200


def test_the_dates_page_corrects_a_complaint_whose_deadlines_could_not_be_worked_out(client, tree, bad_records, lead):
    client.force_login(lead)
    ancient = bad_records["ancient"]
    url = reverse("governance:complaint-dates", args=[ancient.pk])
    assert client.get(url).status_code == 200
    received = TODAY() - timedelta(days=2)
    data = {"received_on": received.isoformat(), "events_on": (received - timedelta(days=5)).isoformat(),
            "became_aware_on": "", "agreed_response_date": "", "response_date_agreed_on": "",
            "note": "The year was typed as 0025"}
    refused = client.post(url, {**data, "received_on": "0025-01-02"})
    assert "Date received must be on or after 5 July 1948, when the NHS was founded" in refused.content.decode()
    assert client.post(url, data).status_code == 302
    ancient.refresh_from_db()
    assert ancient.received_on == received and ancient.steps.filter(action="dates_corrected").exists()
    page = client.get(reverse("governance:complaint-detail", args=[ancient.pk])).content.decode()
    assert DEADLINE_NOT_WORKED_OUT not in page and "Dates corrected" in page


def test_the_dates_page_corrects_an_agreed_date_years_ahead(client, tree, bad_records, lead):
    client.force_login(lead)
    far = bad_records["far_agreed"]
    url = reverse("governance:complaint-dates", args=[far.pk])
    data = {"received_on": far.received_on.isoformat(), "events_on": far.events_on.isoformat(), "became_aware_on": "",
            "acknowledged_on": far.acknowledged_on.isoformat(), "agreed_response_date": "2106-01-05",
            "response_date_agreed_on": far.response_date_agreed_on.isoformat(), "note": "2106 was a typing error"}
    assert "must be within 5 years from today" in client.post(url, data).content.decode()
    data["agreed_response_date"] = (TODAY() + timedelta(days=60)).isoformat()
    assert client.post(url, data).status_code == 302
    far.refresh_from_db()
    assert far.response_clock(TODAY()).status == "not_due"


# --- every entry point refuses implausible dates -------------------------------------------------


def api_post(client, user, url, body):
    return client.post(url, json.dumps(body), content_type="application/json", **bearer(user))


def complaint_body(**overrides):
    return {"organisation": "TRA", "channel": "electronic", "received_on": TODAY().isoformat(),
            "events_on": (TODAY() - timedelta(days=10)).isoformat(), "summary": "Lost property",
            "complainant_name": "Pat", "complainant_relationship": "patient", **overrides}


@pytest.mark.parametrize("field, value, message", [
    ("received_on", "0025-01-02", "Date received must be on or after 5 July 1948"),
    ("events_on", "1947-12-31", "must be on or after 5 July 1948"),
    ("received_on", "2106-01-02", "Date received must be today or in the past"),
    ("patient_date_of_birth", "0025-01-02", "Patient's date of birth must be on or after 1 January 1880"),
])
def test_the_api_refuses_implausible_complaint_dates_naming_the_field(client, tree, lead, field, value, message):
    response = api_post(client, lead, f"{API}/complaints", complaint_body(**{field: value}))
    assert response.status_code == 422
    errors = response.json()["detail"]
    assert [e["loc"][-1] for e in errors] == [field] and message in errors[0]["msg"]
    assert not Complaint.objects.exists()


def test_an_agreed_response_date_must_be_within_the_configured_months_of_receipt(client, tree, lead, settings):
    with acting_as(system_actor("test-data")):
        complaint = ComplaintFactory(organisation=tree["trust_a"], received_on=TODAY() - timedelta(days=20),
                                     status=ComplaintStatus.ACKNOWLEDGED, acknowledged_on=TODAY() - timedelta(days=19))
    url = f"{API}/complaints/{complaint.pk}/steps/agreed_date"
    agreed_on = TODAY().isoformat()
    response = api_post(client, lead, url, {"agreed_date": "2106-01-05", "agreed_on": agreed_on})
    assert response.status_code == 422 and response.json()["detail"][0]["loc"][-1] == "agreed_date"
    settings.OVERSIGHT_MAX_AGREED_MONTHS = 3
    four_months = (complaint.received_on + timedelta(days=125)).isoformat()
    response = api_post(client, lead, url, {"agreed_date": four_months, "agreed_on": agreed_on})
    assert response.status_code == 422 and "no more than 3 months after the date received" in response.json()["detail"][0]["msg"]
    two_months = (complaint.received_on + timedelta(days=60)).isoformat()
    assert api_post(client, lead, url, {"agreed_date": two_months, "agreed_on": agreed_on}).status_code == 200


def test_the_public_form_refuses_a_date_before_the_nhs(client, tree):
    from .test_incident_pages import report_data

    page = client.post("/governance/report/", report_data(occurred_on="1900-05-01")).content.decode()
    assert "Date it happened must be on or after 5 July 1948, when the NHS was founded" in page


# --- a step that needs the response period of a complaint whose dates cannot place it ------------

DATES_FIRST = "correct the complaint's dates first"


@pytest.fixture
def unplaceable(tree, monkeypatch):
    """A complaint whose date received the deployment's calendar cannot place (legacy data): working
    out whether an agreement came in time raises DateOutOfRange, as a calendar that stops short does."""
    from oversight.deadlines import DateOutOfRange
    from oversight.deadlines.policy import DeadlineRule

    def cannot_place(self, start, agreed_on, calendar=None):
        raise DateOutOfRange(f"no bank holidays for {start.year}")

    monkeypatch.setattr(DeadlineRule, "agreement_is_valid", cannot_place)
    received = TODAY() - timedelta(days=20)
    with acting_as(system_actor("test-data")):
        return ComplaintFactory(organisation=tree["trust_a"], received_on=received, events_on=received,
                                status=ComplaintStatus.ACKNOWLEDGED, acknowledged_on=received)


def agreement():
    return {"agreed_date": (TODAY() + timedelta(days=60)).isoformat(), "agreed_on": TODAY().isoformat()}


def test_the_agreed_date_page_asks_for_the_dates_to_be_corrected_first(client, lead, unplaceable):
    client.force_login(lead)
    page = client.post(reverse("governance:complaint-step", args=[unplaceable.pk, "agreed_date"]), agreement())
    assert page.status_code == 200 and DATES_FIRST in html.unescape(page.content.decode())
    unplaceable.refresh_from_db()
    assert unplaceable.agreed_response_date is None


def test_the_api_refuses_the_agreed_date_naming_the_field_until_the_dates_are_corrected(client, lead, unplaceable):
    response = api_post(client, lead, f"{API}/complaints/{unplaceable.pk}/steps/agreed_date", agreement())
    assert response.status_code == 422
    error = response.json()["detail"][0]
    assert error["loc"][-1] == "agreed_on" and DATES_FIRST in error["msg"]
