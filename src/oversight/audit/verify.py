"""Check the audit trail's hash chain and say exactly where it is broken."""

from __future__ import annotations

from dataclasses import dataclass, field

from .models import GENESIS_HASH, AuditChainHead, AuditEntry


@dataclass
class ChainProblem:
    sequence: int
    problem: str

    def __str__(self) -> str:
        return f"entry {self.sequence}: {self.problem}"


@dataclass
class ChainReport:
    entries_checked: int = 0
    problems: list[ChainProblem] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not self.problems


def verify_chain(batch_size: int = 5000) -> ChainReport:
    report = ChainReport()
    expected_sequence = 1
    expected_previous = GENESIS_HASH
    entries = AuditEntry.objects.order_by("sequence")
    for entry in entries.iterator(chunk_size=batch_size):
        report.entries_checked += 1
        if entry.sequence != expected_sequence:
            missing = (
                f"entry {expected_sequence}"
                if entry.sequence == expected_sequence + 1
                else f"entries {expected_sequence}–{entry.sequence - 1}"
            )
            report.problems.append(ChainProblem(expected_sequence, f"{missing} deleted"))
        if entry.previous_hash != expected_previous:
            report.problems.append(
                ChainProblem(entry.sequence, "link to the previous entry does not match (an earlier entry was edited or removed)")
            )
        if entry.compute_hash() != entry.entry_hash:
            report.problems.append(ChainProblem(entry.sequence, "content edited: its hash no longer matches"))
        expected_sequence = entry.sequence + 1
        expected_previous = entry.entry_hash
    head = AuditChainHead.objects.filter(id=1).first()
    if head is not None and head.last_sequence >= expected_sequence:
        report.problems.append(
            ChainProblem(expected_sequence, f"entries {expected_sequence}–{head.last_sequence} deleted from the end")
        )
    return report
