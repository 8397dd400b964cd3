"""Check the audit trail's keyed hash chain, its head and its checkpoints, and say exactly where
it is broken. What is and is not detected: docs/foundation.md, "What the check detects"."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection

from . import append_only
from .checkpoints import CheckpointFile, read_checkpoints
from .models import GENESIS_HASH, AuditChainHead, AuditEntry


@dataclass
class ChainProblem:
    sequence: int | None
    problem: str
    where: str = ""  # what the problem is about when it is not one entry: the head, a checkpoint file

    def __str__(self) -> str:
        return f"{self.where or f'entry {self.sequence}'}: {self.problem}"


@dataclass
class ChainReport:
    entries_checked: int = 0
    checkpoints_checked: int = 0
    problems: list[ChainProblem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not self.problems


@dataclass
class _Walk:
    """What walking the entries found: the newest entry, and the hashes checkpoints vouch for."""

    last_sequence: int = 0
    last_hash: str = GENESIS_HASH
    hashes_at: dict[int, str] = field(default_factory=dict)
    keyed_checked: int = 0
    keyed_failed: int = 0


def verify_chain(batch_size: int = 5000, checkpoint_dir: Path | None = None) -> ChainReport:
    report = ChainReport()
    head = AuditChainHead.objects.filter(id=1).first()
    files = read_checkpoints(checkpoint_dir)
    keyed_from = _keyed_from(head, files)
    wanted = {f.checkpoint.sequence for f in files if f.checkpoint is not None}
    walk = _walk_entries(report, keyed_from, wanted, batch_size)
    _check_head(report, head, walk)
    _check_checkpoints(report, files, walk, keyed_from)
    if append_only.installed(connection) is False:
        report.warnings.append("The database's append-only triggers are missing: it no longer refuses edits "
                               "to the audit trail (someone dropped them, or a migration rebuilt the table).")
    return report


def _keyed_from(head, files: list[CheckpointFile]) -> int:
    """Where keyed sealing starts: the head says; with the head gone, a genuine checkpoint says."""
    if head is not None:
        return head.keyed_from_sequence
    signed = [f.checkpoint for f in files if f.checkpoint is not None and f.checkpoint.is_signed()]
    return max((c.keyed_from_sequence for c in signed), default=1)


def _walk_entries(report: ChainReport, keyed_from: int, wanted: set[int], batch_size: int) -> _Walk:
    walk = _Walk()
    expected_sequence = 1
    for entry in AuditEntry.objects.order_by("sequence").iterator(chunk_size=batch_size):
        report.entries_checked += 1
        if entry.sequence != expected_sequence:
            report.problems.append(ChainProblem(expected_sequence, f"{_entries(expected_sequence, entry.sequence - 1)} deleted"))
        if entry.previous_hash != walk.last_hash:
            report.problems.append(
                ChainProblem(entry.sequence, "link to the previous entry does not match (an earlier entry was edited or removed)")
            )
        _check_seal(report, walk, entry, keyed=entry.sequence >= keyed_from)
        if entry.sequence in wanted:
            walk.hashes_at[entry.sequence] = entry.entry_hash
        expected_sequence = entry.sequence + 1
        walk.last_sequence, walk.last_hash = entry.sequence, entry.entry_hash
    if walk.keyed_checked and walk.keyed_failed == walk.keyed_checked:
        report.warnings.append("Every entry sealed with the key fails its check: unless all of them were rewritten, "
                               "OVERSIGHT_AUDIT_KEY is not the key they were sealed with.")
    return walk


def _check_seal(report: ChainReport, walk: _Walk, entry: AuditEntry, *, keyed: bool) -> None:
    walk.keyed_checked += keyed
    if entry.compute_hash(keyed=keyed) != entry.entry_hash:
        walk.keyed_failed += keyed
        report.problems.append(ChainProblem(entry.sequence, "content edited: its hash no longer matches"))


def _check_head(report: ChainReport, head, walk: _Walk) -> None:
    def problem(text: str, sequence: int | None = None, where: str = "chain head") -> None:
        report.problems.append(ChainProblem(sequence, text, "" if sequence else where))

    if head is None:
        problem("missing: it was deleted outside Oversight (every database made by the migrations has one)")
        return
    if not head.is_sealed():
        problem("its seal does not match: it was changed outside Oversight (for example wound back to hide entries "
                "deleted from the end), or OVERSIGHT_AUDIT_KEY is not the key it was sealed with")
    if head.last_sequence > walk.last_sequence:
        problem(f"{_entries(walk.last_sequence + 1, head.last_sequence)} deleted from the end", walk.last_sequence + 1)
    elif head.last_sequence < walk.last_sequence:
        problem(f"{_entries(head.last_sequence + 1, walk.last_sequence)} come after it: written outside Oversight, "
                "or the head was wound back")
    elif head.last_hash != walk.last_hash:
        problem(f"entry {walk.last_sequence}'s hash is not the one the head recorded: the newest entry was replaced")


def _check_checkpoints(report: ChainReport, files: list[CheckpointFile], walk: _Walk, keyed_from: int) -> None:
    for file in files:
        report.checkpoints_checked += 1
        problem = _checkpoint_problem(file, walk, keyed_from)
        if problem:
            report.problems.append(ChainProblem(None, problem, f"checkpoint {file.path.name}"))


def _checkpoint_problem(file: CheckpointFile, walk: _Walk, keyed_from: int) -> str:
    checkpoint = file.checkpoint
    if checkpoint is None:
        return file.error
    if not checkpoint.is_signed():
        return "its signature does not match: it was forged or altered, or written with another key"
    if checkpoint.sequence > walk.last_sequence:
        return (f"it vouches for entry {checkpoint.sequence} ({checkpoint.written_at}) but the trail ends at entry "
                f"{walk.last_sequence}: {_entries(walk.last_sequence + 1, checkpoint.sequence)} were removed "
                "(truncated, or the database put back to an earlier state)")
    if checkpoint.sequence and checkpoint.sequence not in walk.hashes_at:
        return f"entry {checkpoint.sequence}, which it vouches for, is missing"
    if checkpoint.sequence and walk.hashes_at[checkpoint.sequence] != checkpoint.entry_hash:
        return (f"entry {checkpoint.sequence} is not the entry it vouched for on {checkpoint.written_at}: "
                "the trail was rewritten")
    if checkpoint.keyed_from_sequence != keyed_from:
        return (f"it records keyed sealing from entry {checkpoint.keyed_from_sequence}, the chain head from entry "
                f"{keyed_from}: the head's marker was moved")
    return ""


def _entries(first: int, last: int) -> str:
    return f"entry {first}" if first == last else f"entries {first}–{last}"
