"""The nine ways of tampering with the audit trail that the attack on the platform tried (issue 12,
point 4), each made as someone with the database's administrator rights but not the audit key, and
each caught by ``verify_chain`` and by ``oversight audit verify``. Four of them passed the check
before the chain was keyed, its head sealed and protected, and checkpoints added."""

from __future__ import annotations

import json

import pytest

from oversight.audit.checkpoints import write_checkpoint
from oversight.audit.verify import verify_chain
from oversight.cli import main

from . import tampering

pytestmark = pytest.mark.django_db


def _problems() -> list[str]:
    return [str(problem) for problem in verify_chain().problems]


def _cli_says_broken(capsys, *expected: str) -> None:
    capsys.readouterr()
    assert main(["audit", "verify"]) == 1
    out = capsys.readouterr().out
    assert "Audit trail BROKEN" in out
    for text in expected:
        assert text in out


def test_an_intact_trail_passes(checkpoint_dir, capsys):
    tampering.write_entries(5)
    write_checkpoint()
    assert verify_chain().intact
    assert main(["audit", "verify"]) == 0
    assert "intact: 5 entries and 1 checkpoints checked" in capsys.readouterr().out


def test_1_an_edited_entry(checkpoint_dir, capsys):
    tampering.write_entries(5)
    tampering.execute("UPDATE audit_auditentry SET reason = 'nothing to see' WHERE sequence = 3")
    assert _problems() == ["entry 3: content edited: its hash no longer matches"]
    _cli_says_broken(capsys, "entry 3: content edited")


def test_2_a_deleted_middle_entry(checkpoint_dir, capsys):
    tampering.write_entries(5)
    tampering.execute("DELETE FROM audit_auditentry WHERE sequence = 2")
    problems = _problems()
    assert problems[0] == "entry 2: entry 2 deleted"
    assert any(p.startswith("entry 3: link to the previous entry") for p in problems)
    _cli_says_broken(capsys, "entry 2: entry 2 deleted")


def test_3_the_tail_deleted(checkpoint_dir, capsys):
    tampering.write_entries(5)
    tampering.execute("DELETE FROM audit_auditentry WHERE sequence >= 4")
    assert _problems() == ["entry 4: entries 4–5 deleted from the end"]
    _cli_says_broken(capsys, "entries 4–5 deleted from the end")


def test_4_the_tail_deleted_and_the_head_wound_back(checkpoint_dir, capsys):
    tampering.write_entries(5)
    tampering.execute("DELETE FROM audit_auditentry WHERE sequence >= 4")
    tampering.rewind_head_to(3)
    assert _problems() == [
        "chain head: its seal does not match: it was changed outside Oversight (for example wound back to hide "
        "entries deleted from the end), or OVERSIGHT_AUDIT_KEY is not the key it was sealed with"
    ]
    _cli_says_broken(capsys, "chain head: its seal does not match")


def test_5_the_head_deleted(checkpoint_dir, capsys):
    tampering.write_entries(5)
    tampering.execute("DELETE FROM audit_auditchainhead")
    assert _problems() == ["chain head: missing: it was deleted outside Oversight (every database made by the "
                           "migrations has one)"]
    _cli_says_broken(capsys, "chain head: missing")


def test_6_an_entry_edited_and_everything_after_it_rehashed_without_the_key(checkpoint_dir, capsys):
    tampering.write_entries(5)
    tampering.edit_and_rehash_from(3, "nothing to see")
    problems = _problems()
    # The links hold (the attacker re-made them), but no seal from 3 on is the key's, nor is the head's.
    assert [p for p in problems if "content edited" in p] == [
        f"entry {n}: content edited: its hash no longer matches" for n in (3, 4, 5)
    ]
    assert any(p.startswith("chain head: its seal does not match") for p in problems)
    assert not any("link to the previous entry" in p for p in problems)
    _cli_says_broken(capsys, "entry 3: content edited", "entry 5: content edited")


def test_7_everything_truncated(checkpoint_dir, capsys):
    tampering.write_entries(5)
    write_checkpoint()
    tampering.execute("DELETE FROM audit_auditentry")
    tampering.execute("DELETE FROM audit_auditchainhead")
    problems = _problems()
    assert problems[0].startswith("chain head: missing")
    assert any("it vouches for entry 5" in p and "entries 1–5 were removed" in p for p in problems)
    _cli_says_broken(capsys, "chain head: missing", "entries 1–5 were removed")


def test_8_a_forged_checkpoint(checkpoint_dir, capsys):
    tampering.write_entries(5)
    path = write_checkpoint()
    forged = json.loads(path.read_text()) | {"sequence": 2}  # to make a truncation to entry 2 look vouched for
    path.write_text(json.dumps(forged))
    assert _problems() == [f"checkpoint {path.name}: its signature does not match: it was forged or altered, "
                           "or written with another key"]
    _cli_says_broken(capsys, f"checkpoint {path.name}: its signature does not match")


def test_9_a_checkpoint_ahead_of_the_database(checkpoint_dir, capsys):
    """Deleting the newest entries and putting back a head copied earlier (its seal genuine) leaves
    a chain that checks out on its own: only a checkpoint made since catches it."""
    tampering.write_entries(3)
    copied_head = tampering.head_row()
    tampering.write_entries(2)
    path = write_checkpoint()
    tampering.execute("DELETE FROM audit_auditentry WHERE sequence >= 4")
    tampering.put_back_head(copied_head)
    checkpoint = path.read_text()
    path.unlink()
    assert verify_chain().intact, "without the checkpoint this rewind is not detectable (docs/foundation.md)"
    path.write_text(checkpoint)
    written_at = json.loads(checkpoint)["written_at"]
    assert _problems() == [
        f"checkpoint {path.name}: it vouches for entry 5 ({written_at}) but the trail ends at entry 3: "
        "entries 4–5 were removed (truncated, or the database put back to an earlier state)"
    ]
    _cli_says_broken(capsys, "it vouches for entry 5")
