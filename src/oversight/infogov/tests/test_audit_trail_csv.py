"""The audit-trail export goes through the one CSV writer (issue 12, point 9): an actor's label, a
record's description or a reason can carry outside text, and reach the spreadsheet as text."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from oversight.audit.auditor import record
from oversight.audit.context import acting_as, system_actor
from oversight.audit.models import AuditAction
from oversight.testing.factories import build_tree, user_with_role

pytestmark = pytest.mark.django_db


def test_the_audit_trail_csv_neutralises_formulae(client):
    tree = build_tree()
    client.force_login(user_with_role("caldicott_guardian", tree["trust_a"]))
    with acting_as(system_actor("test")):
        record(AuditAction.EXPORT, object_type="test", object_repr="@SUM(A1:A9)", organisation_code="TRA",
               reason='=HYPERLINK("http://attacker.example","Click")')
    response = client.get(reverse("infogov:audit-trail-csv"))
    rows = [row for row in csv.DictReader(io.StringIO(response.content.decode())) if row["object_type"] == "test"]
    assert [(row["object"], row["reason"]) for row in rows] == [
        ("'@SUM(A1:A9)", '\'=HYPERLINK("http://attacker.example","Click")')]
