"""Governed records are written only through the Auditor: a save, delete or bulk query write that
would leave no audit entry fails, and each Auditor write leaves exactly the entries it should."""

from datetime import date

import pytest
from django.apps import apps

from oversight.audit.auditor import Auditor
from oversight.audit.context import system_actor
from oversight.audit.governed import REDACTED, GovernedQuerySet, GovernedRecord, UnauditedWrite
from oversight.audit.models import AuditAction, AuditEntry
from oversight.governance.models import DutyOfCandourNotification, Incident, IncidentStep
from oversight.governance.tests.factories import IncidentFactory, notifiable_incident
from oversight.testing.factories import build_tree

pytestmark = pytest.mark.django_db
AUDITOR = Auditor(system_actor("tests"))


@pytest.fixture
def tree():
    return build_tree()


def _entries(after: int = 0) -> list[tuple[str, str, str]]:
    return list(AuditEntry.objects.filter(sequence__gt=after).order_by("sequence")
                .values_list("action", "object_type", "object_repr"))


def _last_sequence() -> int:
    return AuditEntry.objects.order_by("-sequence").values_list("sequence", flat=True).first() or 0


def test_a_plain_bulk_update_on_an_audited_model_raises(tree):
    IncidentFactory(organisation=tree["trust_a"])
    before = _last_sequence()
    with pytest.raises(UnauditedWrite, match=r"update\(\) on governance.Incident"):
        Incident.objects.filter(organisation=tree["trust_a"]).update(status="closed")
    assert not Incident.objects.filter(status="closed").exists() and _last_sequence() == before


@pytest.mark.parametrize("write", [
    lambda incident: Incident.objects.filter(pk=incident.pk).delete(),
    lambda incident: incident.steps.all().update(note="x"),  # a related manager is a governed queryset too
    lambda incident: Incident.objects.bulk_update([incident], ["location"]),
    lambda incident: IncidentStep.objects.bulk_create([IncidentStep(incident=incident, action="x", recorded_by_label="t")]),
], ids=["delete", "related update", "bulk_update", "bulk_create"])
def test_every_bulk_query_write_raises_outside_an_audited_bulk(tree, write):
    incident = IncidentFactory(organisation=tree["trust_a"])
    with pytest.raises(UnauditedWrite):
        write(incident)


@pytest.mark.parametrize("write", [
    lambda incident: incident.save(),
    lambda incident: incident.delete(),
    lambda incident: IncidentStep.objects.create(incident=incident, action="reviewed", recorded_by_label="t"),
], ids=["save", "delete", "objects.create"])
def test_saving_or_deleting_a_governed_record_outside_the_auditor_raises(tree, write):
    incident = IncidentFactory(organisation=tree["trust_a"])
    incident.location = "Ward 9"
    with pytest.raises(UnauditedWrite, match="without an audit entry"):
        write(incident)
    assert Incident.objects.get(pk=incident.pk).location == ""


def test_create_records_every_field_with_confidential_ones_redacted(tree):
    incident = Incident(reference="INC-TESTAAAA", organisation=tree["trust_a"], event_type="incident",
                        occurred_on=date(2025, 3, 1), description="Fell", physical_harm="low", psychological_harm="none",
                        patient_name="Alex Example")
    entry = AUDITOR.create(incident)
    assert (entry.action, entry.object_type, entry.object_id) == ("create", "governance.Incident", str(incident.pk))
    assert entry.object_repr == "Incident INC-TESTAAAA" and entry.organisation_code == "TRA"
    assert entry.changes["patient_name"] == REDACTED and entry.changes["physical_harm"] == "low"
    assert entry.changes["requires_psii"] is False  # worked out by the model's save, and recorded


def test_update_records_old_and_new_values_and_nothing_when_nothing_changed(tree):
    incident = Incident.objects.get(pk=IncidentFactory(organisation=tree["trust_a"]).pk)
    incident.location = "Ward 9"
    entry = AUDITOR.update(incident)
    assert entry.changes == {"location": ["", "Ward 9"]}
    before = _last_sequence()
    assert AUDITOR.update(incident) is None and _last_sequence() == before


def test_delete_records_each_governed_record_the_deletion_cascades_to(tree):
    incident = notifiable_incident(tree["trust_a"])
    AUDITOR.create(IncidentStep(incident=incident, action="reviewed", recorded_by_label="t"))
    before = _last_sequence()
    AUDITOR.delete(incident)
    deleted = {(action, kind) for action, kind, _ in _entries(before)}
    assert deleted == {("delete", "governance.Incident"), ("delete", "governance.IncidentStep"),
                       ("delete", "governance.DutyOfCandourNotification")}
    assert not IncidentStep.objects.exists() and not DutyOfCandourNotification.objects.exists()


def test_an_audited_bulk_write_leaves_one_entry_with_the_rows_it_wrote(tree):
    first, second = IncidentFactory(organisation=tree["trust_a"]), IncidentFactory(organisation=tree["trust_a"])
    before = _last_sequence()
    with AUDITOR.bulk(AuditAction.UPDATE, models=(Incident,), object_type="governance.Incident",
                      object_repr="Two incidents moved to Ward 9", reason="Ward renamed"):
        Incident.objects.filter(pk__in=[first.pk, second.pk]).update(location="Ward 9")
        Incident.objects.bulk_update([first], ["location"])
    (entry,) = AuditEntry.objects.filter(sequence__gt=before)
    assert (entry.action, entry.reason, entry.object_repr) == ("update", "Ward renamed", "Two incidents moved to Ward 9")
    assert entry.changes == {"rows written": {"governance.Incident update": 3}}  # bulk_update's inner update counted once


def test_a_failed_bulk_write_leaves_neither_rows_nor_entry(tree):
    IncidentFactory(organisation=tree["trust_a"])
    before = _last_sequence()
    with pytest.raises(ValueError), AUDITOR.bulk(AuditAction.UPDATE, models=(Incident,), object_repr="x"):
        Incident.objects.update(location="Ward 9")
        raise ValueError("stop")
    assert _last_sequence() == before and not Incident.objects.filter(location="Ward 9").exists()


def test_a_bulk_scope_covers_only_the_models_it_names(tree):
    incident = IncidentFactory(organisation=tree["trust_a"])
    with pytest.raises(UnauditedWrite), AUDITOR.bulk(AuditAction.UPDATE, models=(DutyOfCandourNotification,), object_repr="x"):
        Incident.objects.filter(pk=incident.pk).update(location="Ward 9")


def governed_models() -> list[type[GovernedRecord]]:
    return [model for model in apps.get_models() if issubclass(model, GovernedRecord)]


@pytest.mark.parametrize("model", governed_models(), ids=lambda model: model._meta.label)
def test_every_governed_model_uses_the_governed_queryset(model):
    # A subclass that declares its own queryset on plain QuerySet would reopen the bulk loophole.
    assert isinstance(model._default_manager.all(), GovernedQuerySet)
