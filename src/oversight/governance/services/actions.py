"""Actions owned by cases: owner, due date, status and evidence files."""

from __future__ import annotations

from datetime import date
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from oversight.accounts.models import RoleAssignment, User
from oversight.audit import auditor

from ..models import Action, ActionEvidence, ActionStatus, Complaint, Incident, ProfessionalConcern
from .common import actor_label, not_before, not_in_future, today

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
# Extension: (content type stored and served, the bytes a genuine file starts with; None for text).
EVIDENCE_TYPES: dict[str, tuple[str, tuple[bytes, ...] | None]] = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (b"PK\x03\x04",)),
    ".odt": ("application/vnd.oasis.opendocument.text", (b"PK\x03\x04",)),
    ".txt": ("text/plain", None),
    ".csv": ("text/csv", None),
}


def case_field(case) -> str:
    return {Incident: "incident", Complaint: "complaint", ProfessionalConcern: "concern"}[type(case)]


def possible_owners(organisation):
    """People holding a role for the organisation or an organisation above it (who can act on it)."""
    above = [organisation.id] + [o.id for o in organisation.ancestors()]
    holders = RoleAssignment.objects.current().filter(organisation_id__in=above).values("user_id")
    return User.objects.filter(Q(id__in=holders), is_active=True).order_by("first_name", "last_name")


@transaction.atomic
def add_action(case, user, *, description: str, owner: User, due_on: date) -> Action:
    if not possible_owners(case.organisation).filter(pk=owner.pk).exists():
        raise ValidationError({"owner": "Choose someone who works for this organisation"})
    action = Action(
        organisation=case.organisation, description=description, owner=owner, due_on=due_on, **{case_field(case): case}
    )
    auditor.create(action)
    return action


@transaction.atomic
def update_action(action: Action, user, *, status: str, progress_note: str = "", completed_on: date | None = None,
                  due_on: date | None = None) -> Action:
    if status == ActionStatus.COMPLETED:
        completed_on = completed_on or today()
        not_in_future(completed_on, "completed_on", "The completion date")
        not_before(completed_on, action.created_at.date(), "completed_on", "The completion date", "the date the action was set")
    else:
        completed_on = None
    action.status, action.completed_on = status, completed_on
    if progress_note:
        action.progress_note = progress_note
    if due_on:
        action.due_on = due_on
    auditor.update(action)
    return action


# Text may hold tabs, line and page breaks; any other control byte means the file is not text.
_TEXT_CONTROLS = {"\t", "\n", "\r", "\f"}
_UTF16_MARKS = (b"\xff\xfe", b"\xfe\xff")


def is_text(uploaded) -> bool:
    """True if the whole file reads as text (UTF-8, UTF-16 with its byte-order mark, or Windows-1252
    as older Notepad saves it) without control characters: a .txt of control bytes is not evidence."""
    data = b"".join(uploaded.chunks())
    uploaded.seek(0)
    encodings = ("utf-16",) if data.startswith(_UTF16_MARKS) else ("utf-8-sig", "cp1252")
    for encoding in encodings:
        try:
            content = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return not any((ord(ch) < 32 and ch not in _TEXT_CONTROLS) or ch == "\x7f" for ch in content)
    return False


def check_evidence(uploaded) -> tuple[str, str]:
    """Return (clean file name, content type) or raise a ValidationError naming the problem."""
    name = PurePath(uploaded.name or "").name
    suffix = PurePath(name).suffix.lower()
    if suffix not in EVIDENCE_TYPES:
        allowed = ", ".join(sorted(s.lstrip(".").upper() for s in EVIDENCE_TYPES))
        raise ValidationError({"file": f"The file must be a {allowed}"})
    if uploaded.size == 0:
        raise ValidationError({"file": "The selected file is empty"})
    if uploaded.size > MAX_EVIDENCE_BYTES:
        raise ValidationError({"file": f"The file must be smaller than {MAX_EVIDENCE_BYTES // (1024 * 1024)}MB"})
    content_type, signatures = EVIDENCE_TYPES[suffix]
    head = uploaded.read(2048)
    uploaded.seek(0)
    if signatures is None:
        if not is_text(uploaded):
            raise ValidationError({"file": f"The file is not a {suffix.lstrip('.').upper()} text file"})
    elif not head.startswith(signatures):
        raise ValidationError({"file": f"The file's content is not a {suffix.lstrip('.').upper()} file"})
    return name[:255], content_type


@transaction.atomic
def attach_evidence(action: Action, user, uploaded) -> ActionEvidence:
    name, content_type = check_evidence(uploaded)
    evidence = ActionEvidence(
        action=action, original_name=name, content_type=content_type, size=uploaded.size, uploaded_by_label=actor_label(user)
    )
    evidence.file.save(name, uploaded, save=False)
    auditor.create(evidence)
    return evidence
