"""Shifts in: a rota export imported all or nothing, or one shift entered by hand. Each write goes
through the Auditor; an import is one entry for the file and one bulk entry for its shifts.

The rota file's columns (docs/clinician-performance.md): ``registration_number, start, end, service,
site, role``. Every row is checked before anything is written: an end not after its start, a shift
overlapping another of the same clinician (in the file or already recorded), a registration number
no clinician of the organisation has. Any problem: nothing is written and each is reported with its
row (row 1 is the header, as a spreadsheet shows it) and column.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from oversight.audit import auditor
from oversight.audit.models import AuditAction
from oversight.core.csv_export import csv_text
from oversight.core.csv_reading import FileProblem, read_rows
from oversight.workforce.models import Clinician
from oversight.workforce.models.clinicians import normalise_registration_number

from ..models import Shift, ShiftImport

COLUMNS = ("registration_number", "start", "end", "service", "site", "role")
REQUIRED = ("registration_number", "start", "end", "service", "role")
#: How a rota export may write a date and time (day first, as NHS rotas do).
DATETIME_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S",
                    "%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S")
LONGEST_SHIFT_HOURS = 24  # a longer span is a typing error (a wrong date), not a shift
MAX_PROBLEMS_KEPT = 1000
BATCH_SIZE = 2000


@dataclass(frozen=True)
class ShiftProblem:
    row: int
    column: str
    problem: str


@dataclass
class ShiftImportResult:
    rows: int = 0
    created: int = 0
    problems: list[ShiftProblem] = field(default_factory=list)
    problem_count: int = 0
    batch: ShiftImport | None = None

    @property
    def ok(self) -> bool:
        return self.problem_count == 0

    def problem(self, row: int, column: str, message: str) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_PROBLEMS_KEPT:
            self.problems.append(ShiftProblem(row, column, message))

    def problems_csv(self) -> str:
        return csv_text(["row", "column", "problem"], ([p.row, p.column, p.problem] for p in self.problems))


def parse_datetime(text: str) -> datetime:
    """A rota's date and time as an aware datetime in the site's time zone; ValueError names the shapes taken."""
    for shape in DATETIME_FORMATS:
        try:
            return timezone.make_aware(datetime.strptime(text.strip(), shape))
        except ValueError:
            continue
    raise ValueError(f"'{text}' is not a date and time like 2026-01-31 18:00 or 31/01/2026 18:00")


def _heading(name: str) -> str:
    return name.strip().lower().replace(" ", "_")


# ---------------------------------------------------------------------------------------- import ----


def import_shifts(*, data: bytes, organisation) -> ShiftImportResult:
    """Import a rota file for ``organisation``'s clinicians, all or nothing."""
    result = ShiftImportResult()
    try:
        rows = read_rows(data)
    except FileProblem as problem:
        result.problem(problem.line, "", str(problem))
        return result
    headings = {_heading(h): h for h in rows.header}
    missing = [name for name in REQUIRED if name not in headings]
    if missing:
        result.problem(1, ", ".join(missing), f"the header row has no column {', '.join(missing)} "
                                              f"(the file needs {', '.join(COLUMNS)})")
        return result
    shifts = _checked_shifts(rows, headings, organisation, result)
    if result.ok:
        _write(shifts, organisation, hashlib.sha256(data).hexdigest(), result)
    return result


def _checked_shifts(rows, headings: dict, organisation, result: ShiftImportResult) -> list[tuple[int, Shift]]:
    clinicians = {c.registration_number: c for c in Clinician.objects.filter(organisation=organisation)}
    shifts: list[tuple[int, Shift]] = []
    try:
        for number, raw in rows:
            result.rows += 1
            if result.rows > settings.OVERSIGHT_IMPORT_MAX_ROWS:
                result.problem(number, "", f"the file has more than {settings.OVERSIGHT_IMPORT_MAX_ROWS:,} shifts, "
                                           f"the most one import takes: split it")
                return []
            cells = {name: (raw.get(headings[name]) or "").strip() if name in headings else "" for name in COLUMNS}
            shift = _row_shift(number, cells, clinicians, organisation, result)
            if shift is not None:
                shifts.append((number, shift))
    except FileProblem as problem:
        result.problem(problem.line, "", str(problem))
        return []
    _check_overlaps(shifts, result)
    return shifts


def _row_shift(number: int, cells: dict, clinicians: dict, organisation, result: ShiftImportResult) -> Shift | None:
    ok = True
    for name in REQUIRED:
        if not cells[name]:
            result.problem(number, name, "is empty")
            ok = False
    times = {}
    for name in ("start", "end"):
        if cells[name]:
            try:
                times[name] = parse_datetime(cells[name])
            except ValueError as error:
                result.problem(number, name, str(error))
                ok = False
    clinician = None
    if cells["registration_number"]:
        clinician = clinicians.get(normalise_registration_number(cells["registration_number"]))
        if clinician is None:
            result.problem(number, "registration_number", f"no clinician of {organisation.name} has the registration "
                                                          f"number '{cells['registration_number']}'")
            ok = False
    if len(times) == 2:
        ok = _times_problem(number, times["start"], times["end"], result) and ok
    for name, limit in (("service", 120), ("site", 120), ("role", 80)):
        if len(cells[name]) > limit:
            result.problem(number, name, f"is longer than {limit} characters")
            ok = False
    if not ok:
        return None
    return Shift(organisation=organisation, clinician=clinician, starts_at=times["start"], ends_at=times["end"],
                 service=cells["service"], site=cells["site"], role=cells["role"])


def _times_problem(number: int, start: datetime, end: datetime, result: ShiftImportResult) -> bool:
    if end <= start:
        result.problem(number, "end", f"the shift ends ({end:%d/%m/%Y %H:%M}) before or when it starts "
                                      f"({start:%d/%m/%Y %H:%M})")
        return False
    if (end - start).total_seconds() > LONGEST_SHIFT_HOURS * 3600:
        result.problem(number, "end", f"the shift is longer than {LONGEST_SHIFT_HOURS} hours: check the dates")
        return False
    return True


def _check_overlaps(shifts: list[tuple[int, Shift]], result: ShiftImportResult) -> None:
    """Refuse a shift overlapping another of the same clinician, in the file or already recorded."""
    by_clinician: dict = defaultdict(list)
    for number, shift in shifts:
        by_clinician[shift.clinician_id].append((shift.starts_at, shift.ends_at, number))
    for clinician_id, spans in by_clinician.items():
        spans.sort()
        # The latest-ending shift so far: a long shift can overlap several after it, not only the next.
        latest_end, latest_row = spans[0][1], spans[0][2]
        for start, end, row in spans[1:]:
            if start < latest_end:
                result.problem(row, "start", f"overlaps the shift in row {latest_row} for the same clinician")
            if end > latest_end:
                latest_end, latest_row = end, row
        first, last = spans[0][0], max(s[1] for s in spans)
        recorded = list(Shift.objects.filter(clinician_id=clinician_id, starts_at__lt=last, ends_at__gt=first)
                        .values_list("starts_at", "ends_at"))
        for start, end, row in spans:
            clash = next((r for r in recorded if r[0] < end and start < r[1]), None)
            if clash:
                result.problem(row, "start", f"overlaps a shift already recorded for this clinician "
                                             f"({timezone.localtime(clash[0]):%d/%m/%Y %H:%M} to "
                                             f"{timezone.localtime(clash[1]):%d/%m/%Y %H:%M})")


def _write(shifts: list[tuple[int, Shift]], organisation, sha256: str, result: ShiftImportResult) -> None:
    actor = auditor.Auditor.for_current().actor
    with transaction.atomic():
        batch = ShiftImport(organisation=organisation, sha256=sha256, rows=len(shifts), imported_by_label=actor.label)
        auditor.create(batch)
        with auditor.bulk(AuditAction.CREATE, batch, models=(Shift,), reason="Shifts imported from a rota file"):
            for _number, shift in shifts:
                shift.source = batch
            Shift.objects.bulk_create([s for _n, s in shifts], batch_size=BATCH_SIZE)
    result.created, result.batch = len(shifts), batch


# ------------------------------------------------------------------------------------ one shift ----


def record_shift(*, clinician: Clinician, starts_at: datetime, ends_at: datetime, service: str, role: str,
                 site: str = "") -> Shift:  # fmt: skip
    """Enter one shift by hand: the same checks as a rota row. ValidationError names the field."""
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": "The shift must end after it starts"})
    if (ends_at - starts_at).total_seconds() > LONGEST_SHIFT_HOURS * 3600:
        raise ValidationError({"ends_at": f"A shift cannot be longer than {LONGEST_SHIFT_HOURS} hours: check the dates"})
    with transaction.atomic():
        clash = (Shift.objects.select_for_update().filter(clinician=clinician, starts_at__lt=ends_at, ends_at__gt=starts_at)
                 .order_by("starts_at").first())
        if clash:
            raise ValidationError({"starts_at": f"This overlaps a shift already recorded for {clinician.name} "
                                                f"({timezone.localtime(clash.starts_at):%d/%m/%Y %H:%M} to "
                                                f"{timezone.localtime(clash.ends_at):%d/%m/%Y %H:%M})"})
        shift = Shift(organisation=clinician.organisation, clinician=clinician, starts_at=starts_at, ends_at=ends_at,
                      service=service.strip(), site=site.strip(), role=role.strip())
        auditor.create(shift)
    return shift
