"""Importing consultations from the clinical system: all or nothing, with a row-level report, as the
governance import does. Every row is checked first; if any is wrong nothing is written and each
problem is reported (row, column, problem; row 1 is the header). No patient identifier is accepted:
a column whose heading names one, or any cell holding a valid NHS number, refuses the file."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from oversight.audit import auditor
from oversight.audit.context import current_actor
from oversight.audit.models import AuditAction
from oversight.core.csv_reading import FileProblem, read_rows
from oversight.nhs_number import is_valid_nhs_number
from oversight.workforce.models import Clinician, normalise_registration_number

from ..configuration import ExportShape, read_export_shape
from ..models import Consultation, ConsultationImport

MAX_BYTES = 20 * 1024 * 1024
MAX_PROBLEMS = 500
# Headings that name a patient identifier: refused whatever the shape maps.
PATIENT_HEADING = re.compile(
    r"nhs\s*_?(number|no\b|num)|\bchi\b|patient|forename|surname|first\s*name|last\s*name|\bname\b|"
    r"date\s*of\s*birth|\bdob\b|birth|address|post\s*code|mrn|hospital\s*number|phone|mobile|email", re.I)
FIELD_LABELS = {
    "case_reference": "case reference", "registration_number": "clinician's registration number", "role": "role",
    "consulted_at": "date and time", "service": "service", "contact_type": "contact type", "disposition": "disposition",
}
LIMITS = {"case_reference": 40, "role": 80, "service": 120, "disposition": 120}


@dataclass(frozen=True)
class ImportProblem:
    row: int
    column: str
    problem: str


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    problems: list[ImportProblem] = field(default_factory=list)
    batch: ConsultationImport | None = None

    @property
    def imported(self) -> bool:
        return self.batch is not None


def import_consultations(*, organisation, shape: str | ExportShape, data: bytes) -> ImportResult:
    """Check every row of the export and, only if all are good, write them in one transaction."""
    export = shape if isinstance(shape, ExportShape) else read_export_shape(shape)
    result = ImportResult()
    rows, header_problems = _read(data, export)
    if header_problems:
        result.problems = header_problems
        return result
    clinicians = {c.registration_number: c for c in Clinician.objects.filter(organisation=organisation)}
    checked = [_check_row(number, row, export, clinicians, result.problems) for number, row in rows]
    result.rows = len(checked)
    _refuse_repeats(checked, organisation, result.problems)
    if not result.problems and not checked:
        result.problems.append(ImportProblem(1, "", "The file has no consultations in it"))
    if result.problems:
        result.problems = result.problems[:MAX_PROBLEMS]
        return result
    result.batch = _write(organisation, export, data, [values for _, values in checked])
    result.created = len(checked)
    return result


def _read(data: bytes, export: ExportShape) -> tuple[list[tuple[int, dict]], list[ImportProblem]]:
    if len(data) > MAX_BYTES:
        return [], [ImportProblem(1, "", f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB")]
    # The reader the governance import uses: UTF-8, UTF-16 or Windows-1252, any line ending; a workbook, a
    # PDF or a line that is not CSV is named by its line.
    try:
        reader = read_rows(data)
        headings = [(h or "").strip() for h in reader.header]
    except FileProblem as problem:
        return [], [ImportProblem(problem.line, "", str(problem))]
    problems = [ImportProblem(1, h, "This column looks like a patient identifier: remove it and import again")
                for h in headings if PATIENT_HEADING.search(h)]
    problems += [ImportProblem(1, heading, f"The column for the {FIELD_LABELS[name]} is missing")
                 for name, heading in export.columns.items() if heading not in headings]
    if problems:
        return [], problems
    try:
        rows = [(number, {(k or "").strip(): (v or "").strip() if isinstance(v, str) else "" for k, v in row.items()})
                for number, row in reader]
    except FileProblem as problem:
        return [], [ImportProblem(problem.line, "", str(problem))]
    return rows, []


def _check_row(number: int, row: dict, export: ExportShape, clinicians: dict, problems: list) -> tuple[int, dict]:
    def fail(name: str, problem: str) -> None:
        problems.append(ImportProblem(number, export.columns.get(name, name), problem))

    for heading, value in row.items():
        if is_valid_nhs_number(re.sub(r"[\s-]", "", value)):
            problems.append(ImportProblem(number, heading, "This looks like an NHS number: no patient identifiers may be imported"))
    values = {}
    for name, heading in export.columns.items():
        value = row.get(heading, "")
        if not value:
            fail(name, f"Enter the {FIELD_LABELS[name]}")
        elif name in LIMITS and len(value) > LIMITS[name]:
            fail(name, f"The {FIELD_LABELS[name]} must be {LIMITS[name]} characters or fewer")
        values[name] = value
    values["clinician"] = _clinician(values.get("registration_number", ""), clinicians, fail)
    values["consulted_at"] = _when(values.get("consulted_at", ""), export, fail)
    values["contact_type"] = _contact_type(values.get("contact_type", ""), export, fail)
    return number, values


def _clinician(number: str, clinicians: dict, fail) -> Clinician | None:
    if not number:
        return None
    clinician = clinicians.get(normalise_registration_number(number))
    if clinician is None:
        fail("registration_number", f"No clinician with registration number {number} is on this organisation's register")
    return clinician


def _when(value: str, export: ExportShape, fail) -> datetime | None:
    if not value:
        return None
    for fmt in export.datetime_formats:
        try:
            return timezone.make_aware(datetime.strptime(value, fmt))
        except ValueError:
            continue
    fail("consulted_at", f"{value!r} is not a date and time in the form {export.datetime_formats[0]}")
    return None


def _contact_type(value: str, export: ExportShape, fail) -> str:
    if not value:
        return ""
    mapped = export.contact_types.get(value.casefold())
    if mapped is None:
        fail("contact_type", f"{value!r} is not a contact type this export's mapping knows "
                             f"({', '.join(sorted(export.contact_types))})")
        return ""
    return mapped


def _refuse_repeats(checked: list[tuple[int, dict]], organisation, problems: list) -> None:
    def key(values):
        clinician = values.get("clinician")
        return (values.get("case_reference"), clinician.pk if clinician else None, values.get("consulted_at"))

    seen: dict = {}
    for number, values in checked:
        if None in key(values) or "" in key(values):
            continue
        if key(values) in seen:
            problems.append(ImportProblem(number, "", f"The same consultation is on row {seen[key(values)]}"))
        seen.setdefault(key(values), number)
    existing = set(Consultation.objects.filter(organisation=organisation, case_reference__in=[k[0] for k in seen])
                   .values_list("case_reference", "clinician_id", "consulted_at"))
    for k, number in seen.items():
        if k in existing:
            problems.append(ImportProblem(number, "", f"Case {k[0]} by this clinician at this time is already imported"))


@transaction.atomic
def _write(organisation, export: ExportShape, data: bytes, rows: list[dict]) -> ConsultationImport:
    actor = current_actor()
    batch = ConsultationImport(organisation=organisation, export_shape=export.key, rows=len(rows),
                               sha256=hashlib.sha256(data).hexdigest(), imported_by_label=actor.label if actor else "")
    auditor.create(batch)
    consultations = [
        Consultation(organisation=organisation, source=batch, case_reference=v["case_reference"], clinician=v["clinician"],
                     role=v["role"], consulted_at=v["consulted_at"], service=v["service"],
                     contact_type=v["contact_type"], disposition=v["disposition"])
        for v in rows
    ]
    with auditor.bulk(AuditAction.INGEST, batch, models=(Consultation,)):
        Consultation.objects.bulk_create(consultations, batch_size=2000)
    return batch
