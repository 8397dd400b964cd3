"""monthly_metrics: the warehouse's shape, counts with zeros, rates by the month the deadline fell."""

from __future__ import annotations

import math
from datetime import date, datetime

import pytest
from django.utils import timezone

from oversight.audit.testing import bulk_writes

from ..metrics import COLUMNS, catalogue, monthly_metrics
from ..models import DutyOfCandourNotification
from .factories import ComplaintFactory, IncidentFactory

pytestmark = pytest.mark.django_db


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=timezone.get_current_timezone())


def value(frame, org, metric, period):
    rows = frame[(frame.org_code == org) & (frame.metric == metric) & (frame.period == period)]
    return None if rows.empty else rows.iloc[0]


def test_shape_and_counts(tree):
    IncidentFactory(organisation=tree["trust_a"], reported_at=at(date(2024, 3, 5)), occurred_on=date(2024, 3, 4), physical_harm="low")
    IncidentFactory(organisation=tree["trust_a"], site=tree["site_a"], reported_at=at(date(2024, 3, 20)),
                    occurred_on=date(2024, 3, 19), physical_harm="moderate", never_event="NE03")
    IncidentFactory(organisation=tree["trust_b"], reported_at=at(date(2024, 3, 9)), occurred_on=date(2024, 3, 8))
    frame = monthly_metrics(["TRA", "TRA01", "QI1"], date(2024, 2, 1), date(2024, 4, 30), today=date(2024, 6, 1))
    assert list(frame.columns) == COLUMNS
    assert set(frame.period) <= {date(2024, 2, 1), date(2024, 3, 1), date(2024, 4, 1)}
    march = date(2024, 3, 1)
    assert value(frame, "TRA", "gov_incidents_reported", march).value == 2
    assert value(frame, "TRA", "gov_incidents_reported", date(2024, 2, 1)).value == 0  # a real zero
    assert math.isnan(value(frame, "TRA", "gov_incidents_reported", march).denominator)
    assert value(frame, "TRA01", "gov_incidents_reported", march).value == 1  # the site's own
    assert value(frame, "QI1", "gov_incidents_reported", march).value == 3  # the ICB: both trusts
    serious = value(frame, "TRA", "gov_incidents_moderate_or_above", march)
    assert (serious.numerator, serious.denominator, serious.value) == (1, 2, 0.5)
    assert value(frame, "TRA", "gov_incidents_harm_low", march).value == 0.5
    assert value(frame, "TRA", "gov_never_events", march).value == 1
    assert value(frame, "TRA", "gov_incidents_moderate_or_above", date(2024, 2, 1)) is None  # nothing to measure
    assert set(frame.metric) <= {d.code for d in catalogue()}


def test_duty_of_candour_compliance_by_the_month_it_fell_due(tree):
    on_time = IncidentFactory(organisation=tree["trust_a"], physical_harm="severe", occurred_on=date(2024, 4, 29),
                              reported_at=at(date(2024, 4, 30)))
    late = IncidentFactory(organisation=tree["trust_a"], physical_harm="moderate", occurred_on=date(2024, 4, 29),
                           reported_at=at(date(2024, 5, 1)))
    open_overdue = IncidentFactory(organisation=tree["trust_a"], physical_harm="fatal", occurred_on=date(2024, 5, 1),
                                   reported_at=at(date(2024, 5, 2)))
    with bulk_writes(DutyOfCandourNotification):  # a bulk update must say what covers it, even in a test
        DutyOfCandourNotification.objects.filter(incident=on_time).update(
            awareness_date=date(2024, 4, 30), notified_on=date(2024, 5, 10), apology_given=True)
        DutyOfCandourNotification.objects.filter(incident=late).update(awareness_date=date(2024, 5, 1), notified_on=date(2024, 5, 31))
        DutyOfCandourNotification.objects.filter(incident=open_overdue).update(awareness_date=date(2024, 5, 2))
    # Due dates: 14 May (30 Apr + 10 working days, 6 May bank holiday), 15 May, 16 May: all in May.
    frame = monthly_metrics(["TRA"], date(2024, 5, 1), date(2024, 5, 31), today=date(2024, 6, 3))
    row = value(frame, "TRA", "gov_doc_notification_in_time", date(2024, 5, 1))
    assert (row.numerator, row.denominator) == (1, 3)
    # As at 13 May, before the deadlines pass, only the notification made by then is counted: the late one
    # (made on 31 May) was still an open clock.
    frame = monthly_metrics(["TRA"], date(2024, 5, 1), date(2024, 5, 31), today=date(2024, 5, 13))
    row = value(frame, "TRA", "gov_doc_notification_in_time", date(2024, 5, 1))
    assert (row.numerator, row.denominator) == (1, 1)


def test_complaints_answered_in_time(tree):
    ComplaintFactory(organisation=tree["trust_a"], received_on=date(2024, 1, 10), events_on=date(2024, 1, 1),
                     acknowledged_on=date(2024, 1, 12), response_sent_on=date(2024, 7, 1))
    ComplaintFactory(organisation=tree["trust_a"], received_on=date(2024, 1, 20), events_on=date(2024, 1, 1),
                     acknowledged_on=date(2024, 1, 30), response_sent_on=date(2024, 7, 30))
    ComplaintFactory(organisation=tree["trust_a"], received_on=date(2024, 1, 25), events_on=date(2024, 1, 1),
                     agreed_response_date=date(2024, 9, 1), response_date_agreed_on=date(2024, 6, 1),
                     response_sent_on=date(2024, 8, 20))
    frame = monthly_metrics(["TRA"], date(2024, 1, 1), date(2024, 9, 30), today=date(2024, 10, 1))
    assert value(frame, "TRA", "gov_complaints_received", date(2024, 1, 1)).value == 3
    ack = value(frame, "TRA", "gov_complaints_acknowledged_in_time", date(2024, 1, 1))
    assert (ack.numerator, ack.denominator) == (1, 3)  # the second was late; the third never acknowledged (due 30 Jan)
    july = value(frame, "TRA", "gov_complaints_responded_in_time", date(2024, 7, 1))
    assert (july.numerator, july.denominator) == (1, 2)
    september = value(frame, "TRA", "gov_complaints_responded_in_time", date(2024, 9, 1))
    assert (september.numerator, september.denominator) == (1, 1)  # agreed date honoured
