"""Signed checkpoints: the chain head anchored outside the database.

The keyed chain stops someone without the key from rewriting entries, but not someone who deletes
the newest entries and puts back a head row they copied earlier (its seal was genuine then). A
checkpoint records the head's sequence and hash at a moment, signed with the audit key, in a file
outside the database (``OVERSIGHT_AUDIT_CHECKPOINT_DIR``). ``oversight audit verify`` checks the
chain against every checkpoint: a trail that ends before one, or whose entry differs from one, was
truncated or rewritten. Run ``oversight audit checkpoint`` on a schedule (docs/security.md).
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings

from . import keys
from .models import AuditChainHead

PATTERN = "audit-checkpoint-*.json"


@dataclass(frozen=True)
class Checkpoint:
    sequence: int
    entry_hash: str
    keyed_from_sequence: int
    written_at: str
    signature: str = ""

    def signed_fields(self) -> dict:
        fields = asdict(self)
        fields.pop("signature")
        return fields

    def is_signed(self) -> bool:
        return keys.matches(keys.seal("checkpoint", self.signed_fields()), self.signature)

    def describe(self) -> str:
        return f"the checkpoint of {self.written_at} (entry {self.sequence})"


@dataclass(frozen=True)
class CheckpointFile:
    path: Path
    checkpoint: Checkpoint | None  # None: the file could not be read as a checkpoint
    error: str = ""


def checkpoint_dir() -> Path:
    return Path(settings.OVERSIGHT_AUDIT_CHECKPOINT_DIR).expanduser()


def write_checkpoint(directory: Path | None = None, *, now: datetime | None = None) -> Path:
    """Write a signed checkpoint of the chain head as it is now; return the file's path. The caller
    checks the chain first: a checkpoint vouches for everything up to its entry."""
    head = AuditChainHead.objects.get(id=1)
    written_at = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    unsigned = Checkpoint(head.last_sequence, head.last_hash, head.keyed_from_sequence, written_at.isoformat())
    checkpoint = Checkpoint(**unsigned.signed_fields(), signature=keys.seal("checkpoint", unsigned.signed_fields()))
    directory = directory or checkpoint_dir()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"audit-checkpoint-{checkpoint.sequence:012d}-{written_at:%Y%m%dT%H%M%SZ}.json"
    temporary = path.with_suffix(".partial")
    temporary.write_text(json.dumps(asdict(checkpoint), indent=2) + "\n", encoding="utf-8")
    os.replace(temporary, path)  # whole or not at all: a half-written checkpoint would read as forged
    return path


def read_checkpoints(directory: Path | None = None) -> list[CheckpointFile]:
    """Every checkpoint file in the folder, oldest entry first; a folder not yet made has none."""
    directory = directory or checkpoint_dir()
    if not directory.is_dir():
        return []
    return [_read(path) for path in sorted(directory.glob(PATTERN))]


def _read(path: Path) -> CheckpointFile:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        checkpoint = Checkpoint(
            sequence=int(data["sequence"]), entry_hash=str(data["entry_hash"]),
            keyed_from_sequence=int(data["keyed_from_sequence"]), written_at=str(data["written_at"]),
            signature=str(data["signature"]),
        )
    except (OSError, ValueError, KeyError, TypeError) as error:
        return CheckpointFile(path, None, f"cannot be read as a checkpoint ({error.__class__.__name__})")
    return CheckpointFile(path, checkpoint)
