"""The audit trail carries no confidential text to its readers (issue 12, point 15): the Caldicott
Guardian holds no right to professional concerns, so an action's text on a concern must reach them
neither in the entry's description nor in its change list, on the page or in the CSV."""

from __future__ import annotations

import pytest
from django.urls import reverse

from oversight.audit.auditor import Auditor, record
from oversight.audit.context import Actor, acting_as, system_actor
from oversight.audit.governed import REDACTED
from oversight.audit.models import AuditAction, AuditEntry
from oversight.governance.tests.factories import ActionFactory, ConcernFactory
from oversight.testing.factories import build_tree, user_with_role
from oversight.workforce.tests.factories import ClinicianFactory

pytestmark = pytest.mark.django_db

WHAT_NEEDS_DOING = "Tell Dr Example's clinical lead about the second complaint"
PROGRESS = "Spoke to Dr Example; occupational health referral made"


@pytest.fixture
def action_on_a_concern():
    tree = build_tree()
    officer = user_with_role("responsible_officer", tree["trust_a"])
    with acting_as(Actor(user=officer)):
        concern = ConcernFactory(clinician=ClinicianFactory(organisation=tree["trust_a"]), reference="PC-TRUSTA01")
        action = ActionFactory(incident=None, concern=concern, organisation=tree["trust_a"],
                               description=WHAT_NEEDS_DOING, owner=officer)
        action.progress_note, action.status = PROGRESS, "in_progress"
        Auditor(Actor(user=officer)).update(action)
    return user_with_role("caldicott_guardian", tree["trust_a"])


def test_the_change_list_records_that_an_actions_text_changed_never_the_text(action_on_a_concern):
    created, updated = AuditEntry.objects.filter(object_type="governance.Action").order_by("sequence")
    assert created.changes["description"] == REDACTED
    assert updated.changes["progress_note"] == REDACTED and updated.changes["status"] == ["open", "in_progress"]
    assert WHAT_NEEDS_DOING not in str(created.changes) and PROGRESS not in str(updated.changes)


def test_the_guardian_reads_which_fields_changed_not_what_they_say(client, action_on_a_concern):
    client.force_login(action_on_a_concern)
    page = client.get(reverse("infogov:audit-trail")).content.decode()
    export = client.get(reverse("infogov:audit-trail-csv"))
    export = (b"".join(export.streaming_content) if export.streaming else export.content).decode()
    assert "Action on professional concern PC-TRUSTA01" in page and "progress note, status" in page
    for text in (page, export):
        assert "Dr Example" not in text and "occupational health" not in text


def test_the_page_shows_no_value_from_a_change_list(client):
    """Whatever a change list holds (an entry written before a field was redacted), the page shows
    only the names of the fields."""
    tree = build_tree()
    with acting_as(system_actor("test")):
        record(AuditAction.UPDATE, object_type="governance.ProfessionalConcern", object_repr="Professional concern PC-1",
               organisation_code="TRA", changes={"summary": ["", "Concern about Dr Example"]})
    client.force_login(user_with_role("caldicott_guardian", tree["trust_a"]))
    page = client.get(reverse("infogov:audit-trail")).content.decode()
    assert "Professional concern PC-1" in page and ">summary<" in page and "Dr Example" not in page
