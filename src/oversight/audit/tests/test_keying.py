"""Entries are sealed with the audit key; entries written before the key existed keep their plain
SHA-256, are checked as such up to the head's "keyed from" marker, and nothing is re-sealed."""

from __future__ import annotations

import hashlib
import importlib

import pytest
from django.apps import apps as django_apps

from oversight.audit import keys
from oversight.audit.auditor import record
from oversight.audit.context import acting_as, system_actor
from oversight.audit.models import AuditAction, AuditChainHead, AuditEntry
from oversight.audit.verify import verify_chain

from . import tampering

pytestmark = pytest.mark.django_db

keyed_chain = importlib.import_module("oversight.audit.migrations.0004_keyed_chain")


def _write(n: int) -> None:
    with acting_as(system_actor("test")):
        for i in range(n):
            record(AuditAction.INGEST, object_type="file", object_id=str(i))


def _write_before_the_key(n: int) -> None:
    """A trail as the code before the key wrote it: plain SHA-256, and a head with no marker or seal."""
    _write(n)
    tampering.edit_and_rehash_from(1, "")
    tampering.execute("UPDATE audit_auditchainhead SET keyed_from_sequence = 1, signature = ''")


def test_an_entry_is_sealed_with_the_key_not_plain_sha256(settings):
    _write(1)
    entry = AuditEntry.objects.get()
    assert entry.entry_hash != hashlib.sha256(entry.canonical_content().encode()).hexdigest()
    assert entry.entry_hash == entry.compute_hash()
    settings.OVERSIGHT_AUDIT_KEY = "another-key"
    assert entry.entry_hash != entry.compute_hash()


def test_the_migration_marks_where_keying_starts_and_reseals_nothing():
    _write_before_the_key(3)
    before = list(AuditEntry.objects.order_by("sequence").values_list("entry_hash", flat=True))
    keyed_chain.mark_keyed_from_here(django_apps, None)
    head = AuditChainHead.objects.get()
    assert (head.keyed_from_sequence, head.last_sequence) == (4, 3) and head.is_sealed()
    assert list(AuditEntry.objects.order_by("sequence").values_list("entry_hash", flat=True)) == before
    _write(2)
    assert verify_chain().intact
    assert AuditEntry.objects.get(sequence=3).compute_hash(keyed=False) == before[2]
    assert AuditEntry.objects.get(sequence=4).entry_hash == AuditEntry.objects.get(sequence=4).compute_hash()


def test_an_entry_before_the_marker_rewritten_is_caught_by_the_first_keyed_entry():
    _write_before_the_key(3)
    keyed_chain.mark_keyed_from_here(django_apps, None)
    _write(1)
    tampering.edit_and_rehash_from(2, "rewritten")  # the plain entries re-hash cleanly; entry 4 does not
    problems = [str(p) for p in verify_chain().problems]
    assert "entry 2: content edited: its hash no longer matches" not in problems
    assert "entry 4: content edited: its hash no longer matches" in problems


def test_a_wrong_key_is_named_as_the_likely_cause(settings):
    _write(3)
    settings.OVERSIGHT_AUDIT_KEY = "not-the-key-they-were-sealed-with"
    report = verify_chain()
    assert not report.intact
    assert any("OVERSIGHT_AUDIT_KEY is not the key they were sealed with" in w for w in report.warnings)


def test_no_key_no_audit_trail(settings):
    settings.OVERSIGHT_AUDIT_KEY = ""
    with pytest.raises(Exception, match="OVERSIGHT_AUDIT_KEY is not set"):
        _write(1)


def test_a_seal_for_one_use_is_not_a_seal_for_another():
    fields = keys.head_fields(3, "a" * 64, 1)
    assert keys.seal("head", fields) != keys.seal("checkpoint", fields)
