"""``oversight audit checkpoint`` anchors the chain head outside the database, in a signed file, and
only for a chain that checks out."""

from __future__ import annotations

import json

import pytest

from oversight.audit.checkpoints import Checkpoint, read_checkpoints
from oversight.audit.models import AuditChainHead
from oversight.audit.verify import verify_chain
from oversight.cli import main

from . import tampering

pytestmark = pytest.mark.django_db


def test_the_command_writes_a_signed_checkpoint_of_the_head(checkpoint_dir, capsys):
    tampering.write_entries(4)
    assert main(["audit", "checkpoint"]) == 0
    [file] = read_checkpoints()
    head = AuditChainHead.objects.get()
    assert file.path.parent == checkpoint_dir and str(file.path) in capsys.readouterr().out
    assert (file.checkpoint.sequence, file.checkpoint.entry_hash) == (4, head.last_hash)
    assert file.checkpoint.is_signed()
    assert not list(checkpoint_dir.glob("*.partial"))


def test_the_command_refuses_to_vouch_for_a_broken_chain(checkpoint_dir, capsys):
    tampering.write_entries(4)
    tampering.execute("UPDATE audit_auditentry SET reason = 'x' WHERE sequence = 2")
    assert main(["audit", "checkpoint"]) == 1
    assert "No checkpoint written" in capsys.readouterr().out
    assert read_checkpoints() == []


def test_checkpoints_accumulate_and_each_is_checked(checkpoint_dir):
    tampering.write_entries(2)
    assert main(["audit", "checkpoint"]) == 0
    tampering.write_entries(2)
    assert main(["audit", "checkpoint"]) == 0
    report = verify_chain()
    assert report.intact and report.checkpoints_checked == 2


def test_an_entry_rewritten_before_a_checkpoint_is_named_by_it(checkpoint_dir):
    tampering.write_entries(3)
    main(["audit", "checkpoint"])
    tampering.execute("UPDATE audit_auditentry SET entry_hash = %s WHERE sequence = 3", ["e" * 64])
    assert any("entry 3 is not the entry it vouched for" in str(p) for p in verify_chain().problems)


def test_an_unreadable_checkpoint_is_a_problem_not_a_crash(checkpoint_dir):
    tampering.write_entries(1)
    checkpoint_dir.mkdir()
    (checkpoint_dir / "audit-checkpoint-000000000001-x.json").write_text("not json")
    assert [p.problem for p in verify_chain().problems] == ["cannot be read as a checkpoint (JSONDecodeError)"]


def test_a_checkpoint_signed_with_another_key_is_not_genuine(checkpoint_dir, settings):
    tampering.write_entries(1)
    main(["audit", "checkpoint"])
    [file] = read_checkpoints()
    settings.OVERSIGHT_AUDIT_KEY = "someone-elses-key"
    assert not file.checkpoint.is_signed()
    forged = Checkpoint(**json.loads(file.path.read_text()))
    assert forged == file.checkpoint


def test_no_checkpoint_folder_yet_means_no_checkpoints(checkpoint_dir):
    tampering.write_entries(1)
    report = verify_chain()
    assert report.intact and report.checkpoints_checked == 0
