"""Bulk import of historical incidents and complaints: all or nothing, with a row-level report.

Every row is read and checked first; if any cell in any row is wrong, nothing is written and the
report lists each problem (row number, column, problem). Row 1 is the header, so the first data row
is row 2, as a spreadsheet shows it. When every row is good, the records are written with
``bulk_create`` in batches inside one transaction: the batch's own creation is audited, and one
``Auditor.bulk`` entry (Data loaded) covers every row, with the counts written to each table.
"""

from __future__ import annotations

import hashlib
import random
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from oversight.audit import auditor
from oversight.audit.models import AuditAction
from oversight.core.csv_export import csv_text
from oversight.core.csv_reading import FileProblem, read_rows
from oversight.organisations.models import Organisation, OrganisationKind
from oversight.workforce.models import Clinician

from ..models import (
    Complaint,
    ComplaintStatus,
    DutyOfCandourNotification,
    ImportBatch,
    Incident,
    IncidentStatus,
    new_reference,
)
from ..models.complaints import time_limit_ends
from ..services.common import themes_named
from .fields import FIELDS, Reader, ValueProblem, midnight
from .mapping import ColumnMapping

# The field naming each kind's staff (registration numbers), and the case's M2M to the register.
STAFF_FIELDS = {"incidents": "clinicians_involved", "complaints": "clinicians_named"}
BATCH_SIZE = 2000
MAX_PROBLEMS_KEPT = 1000
PROGRESS_EVERY = 1000  # rows between progress reports while checking
# Told how far an import has got: phase ("checking" or "writing"), rows done, rows expected.
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Limits:
    """The most one import takes (settings OVERSIGHT_IMPORT_MAX_MB, OVERSIGHT_IMPORT_MAX_ROWS): one
    file of a million rows once held a worker for 7 minutes and 2.9 GB."""

    max_bytes: int
    max_rows: int

    @classmethod
    def from_settings(cls) -> Limits:
        return cls(max_bytes=settings.OVERSIGHT_IMPORT_MAX_MB * 1024 * 1024, max_rows=settings.OVERSIGHT_IMPORT_MAX_ROWS)


def previous_import(kind: str, sha256: str) -> ImportBatch | None:
    return ImportBatch.objects.filter(kind=kind, sha256=sha256).order_by("-created_at").first()


def already_imported_message(batch: ImportBatch) -> str:
    when = timezone.localtime(batch.created_at)
    return (f"This file was imported on {when.day} {when:%B %Y at %H:%M} by {batch.imported_by_label} "
            f"({batch.rows:,} {batch.kind}); confirm to import it again")


@dataclass(frozen=True)
class ImportProblem:
    row: int
    column: str
    problem: str


@dataclass
class ImportResult:
    kind: str
    rows: int = 0
    created: int = 0
    problems: list[ImportProblem] = field(default_factory=list)
    problem_count: int = 0
    batch: ImportBatch | None = None
    # The earlier import of this very file (same SHA-256), when the import was refused for it.
    previous: ImportBatch | None = None

    @property
    def ok(self) -> bool:
        return self.problem_count == 0

    def problems_csv(self) -> str:
        # The problems quote the file's own cells and headings: formula-safe, like every export.
        return csv_text(["row", "column", "problem"], ([p.row, p.column, p.problem] for p in self.problems))


class _Rows:
    """Collects good rows and problems while reading."""

    def __init__(self, result: ImportResult):
        self.result = result

    def problem(self, row: int, column: str, message: str) -> None:
        self.result.problem_count += 1
        if len(self.result.problems) < MAX_PROBLEMS_KEPT:
            self.result.problems.append(ImportProblem(row, column, message))


class Importer:
    def __init__(self, mapping: ColumnMapping, *, default_organisation: Organisation | None = None,
                 allowed_organisation_ids: set | None = None, today: date | None = None, limits: Limits | None = None):
        self.mapping = mapping
        self.limits = limits or Limits.from_settings()
        self.kind = mapping.kind
        self.default_organisation = default_organisation
        self.allowed = allowed_organisation_ids
        self.today = today or timezone.localdate()
        self.reader = Reader(mapping, self.today)
        self.specs = FIELDS[self.kind]
        # For each field, worked out once: (spec, column heading, default, read function, value translations).
        self.plan = [
            (spec, mapping.columns.get(spec.name), mapping.defaults.get(spec.name, ""),
             getattr(self.reader, f"_{spec.kind}"), mapping.values.get(spec.name))
            for spec in self.specs
        ]
        self._places: dict[str, Organisation | None] = {}
        self._rules: dict[tuple, tuple[bool, bool]] = {}
        self._midnights: dict[date, object] = {}
        self._time_limits: dict[tuple, date] = {}
        self.rng = random.Random(secrets.randbits(128))

    # --- reading -------------------------------------------------------------------------------

    def column(self, field_name: str) -> str:
        return self.mapping.columns.get(field_name, field_name)

    def check_header(self, header: list[str], rows: _Rows) -> None:
        present = set(header)
        for spec in self.specs:
            heading = self.mapping.columns.get(spec.name)
            if heading is None or heading in present:
                continue
            needed = spec.required and spec.name not in self.mapping.defaults
            if spec.name == "organisation":
                needed = self.default_organisation is None
            if needed:
                rows.problem(1, heading, f"the column for {spec.name} is not in the file's header row")

    def read_row(self, number: int, raw: dict, rows: _Rows) -> dict | None:
        values, ok = {}, True
        for spec, heading, default, read, translations in self.plan:
            text = (raw.get(heading) or "").strip() if heading else ""
            if not text:
                text = default
            if not text:
                if spec.required and not (spec.name == "organisation" and self.default_organisation):
                    rows.problem(number, self.column(spec.name), "is empty")
                    ok = False
                values[spec.name] = None
                continue
            if translations:
                text = translations.get(text.casefold(), text)
            try:
                values[spec.name] = read(spec, text)
            except ValueProblem as problem:
                rows.problem(number, self.column(spec.name), str(problem))
                ok = False
        if ok:
            ok = self._place(number, values, rows) and self._cross_checks(number, values, rows)
        return values if ok else None

    def _place(self, number: int, values: dict, rows: _Rows) -> bool:
        code = values.get("organisation")
        if code is None:
            place = self.default_organisation
            return self._may_write(number, place, f"{place.name} ({place.ods_code}), the organisation chosen for rows "
                                                  f"without one", rows, values)
        if code not in self._places:
            place = Organisation.objects.filter(ods_code=code, kind__in=[OrganisationKind.TRUST, OrganisationKind.SITE]).first()
            self._places[code] = place
        place = self._places[code]
        if place is None:
            rows.problem(number, self.column("organisation"), f"'{code}' is not the ODS code of a known trust or site")
            return False
        return self._may_write(number, place, f"{place.name} ({code})", rows, values)

    def _may_write(self, number: int, place: Organisation, named: str, rows: _Rows, values: dict) -> bool:
        # The rights are checked for every row's place, the default organisation's too: a queued job's
        # user may have lost their role since choosing it.
        if self.allowed is not None and place.id not in self.allowed:
            rows.problem(number, self.column("organisation"), f"you cannot import records for {named}")
            return False
        values["place"] = place
        return True

    def _order(self, number: int, values: dict, rows: _Rows, later: str, earlier: str, message: str) -> bool:
        if values.get(later) and values.get(earlier) and values[later] < values[earlier]:
            rows.problem(number, self.column(later), message)
            return False
        return True

    def _cross_checks(self, number: int, values: dict, rows: _Rows) -> bool:
        if self.kind == "incidents":
            checks = [("reported_on", "occurred_on", "is before the date the incident happened"),
                      ("candour_notified_on", "occurred_on", "is before the date the incident happened"),
                      ("candour_written_on", "candour_notified_on", "is before the Duty of Candour notification")]
            ok = all(self._order(number, values, rows, a, b, m) for a, b, m in checks)
            if ok and values.get("patient_date_of_birth") and values["patient_date_of_birth"] > values["occurred_on"]:
                rows.problem(number, self.column("patient_date_of_birth"), "is after the date the incident happened")
                ok = False
            return ok and self._psii(number, values, rows)
        checks = [("received_on", "events_on", "is before the date of the events"),
                  ("became_aware_on", "events_on", "is before the date of the events"),
                  ("received_on", "became_aware_on", "is before the date the complainant became aware"),
                  ("acknowledged_on", "received_on", "is before the date received"),
                  ("response_sent_on", "received_on", "is before the date received"),
                  ("response_date_agreed_on", "received_on", "is before the date received"),
                  ("phso_referred_on", "received_on", "is before the date received")]
        ok = all(self._order(number, values, rows, a, b, m) for a, b, m in checks)
        if ok and bool(values.get("agreed_response_date")) != bool(values.get("response_date_agreed_on")):
            rows.problem(number, self.column("response_date_agreed_on"),
                         "give both the agreed response date and the date it was agreed, or neither")
            ok = False
        return ok

    def _national_rules(self, values: dict) -> tuple[bool, bool]:
        key = (values["physical_harm"], values["psychological_harm"], values.get("prolonged_psychological_harm"),
               values.get("never_event"), bool(values.get("death_due_to_problems_in_care")))
        if key not in self._rules:
            probe = Incident(physical_harm=key[0], psychological_harm=key[1], prolonged_psychological_harm=key[2],
                             never_event=key[3] or "", death_due_to_problems_in_care=key[4])
            probe.apply_national_rules()
            self._rules[key] = (probe.is_notifiable, probe.requires_psii)
        return self._rules[key]

    def _psii(self, number: int, values: dict, rows: _Rows) -> bool:
        notifiable, psii = self._national_rules(values)
        values["_notifiable"], values["_psii"] = notifiable, psii
        response = values.get("learning_response")
        if psii and response and response != "psii":
            rows.problem(number, self.column("learning_response"),
                         "a Never Event or a death thought more likely than not due to problems in care requires a PSII")
            return False
        return True

    # --- building ------------------------------------------------------------------------------

    def _midnight(self, day: date):
        moment = self._midnights.get(day)
        if moment is None:
            moment = self._midnights[day] = midnight(day)
        return moment

    def _outside_time_limit(self, values: dict) -> bool:
        key = (values["events_on"], values.get("became_aware_on"))
        ends = self._time_limits.get(key)
        if ends is None:
            ends = self._time_limits[key] = time_limit_ends(*key)
        # None: the calendar cannot place the limit (the dates were checked as plausible, so this is
        # only a guard); such a complaint is not marked as outside it.
        return ends is not None and values["received_on"] > ends

    def _trust(self, place: Organisation) -> Organisation:
        if place.kind == OrganisationKind.SITE:
            return place.parent
        return place

    def build_incident(self, values: dict, batch_id) -> Incident:
        place = values["place"]
        reported_on = values.get("reported_on") or values["occurred_on"]
        status = values["status"]
        return Incident(
            reference=new_reference("INC", self.rng), organisation=self._trust(place),
            site=place if place.kind == OrganisationKind.SITE else None, location=values.get("location") or "",
            event_type=values["event_type"], occurred_on=values["occurred_on"], occurred_time=values.get("occurred_time"),
            reported_at=self._midnight(reported_on), description=values["description"],
            immediate_actions=values.get("immediate_actions") or "", physical_harm=values["physical_harm"],
            psychological_harm=values["psychological_harm"],
            prolonged_psychological_harm=values.get("prolonged_psychological_harm"),
            patient_involved=values.get("patient_involved") if values.get("patient_involved") is not None else True,
            staff_involved=bool(values.get("staff_involved")), never_event=values.get("never_event") or "",
            death_due_to_problems_in_care=bool(values.get("death_due_to_problems_in_care")),
            is_notifiable=values["_notifiable"], requires_psii=values["_psii"], status=status,
            learning_response=values.get("learning_response") or "",
            patient_nhs_number=values.get("patient_nhs_number") or "", patient_name=values.get("patient_name") or "",
            patient_date_of_birth=values.get("patient_date_of_birth"),
            external_reference=values.get("external_reference") or "", import_batch_id=batch_id,
            closed_at=self._midnight(reported_on) if status == IncidentStatus.CLOSED else None,
        )

    def build_complaint(self, values: dict, batch_id) -> Complaint:
        place = values["place"]
        outside = self._outside_time_limit(values)
        status = values.get("status") or (
            ComplaintStatus.RESPONDED if values.get("response_sent_on")
            else ComplaintStatus.ACKNOWLEDGED if values.get("acknowledged_on") else ComplaintStatus.RECEIVED)
        return Complaint(
            reference=new_reference("COM", self.rng), organisation=self._trust(place),
            site=place if place.kind == OrganisationKind.SITE else None, channel=values["channel"],
            received_on=values["received_on"], events_on=values["events_on"], became_aware_on=values.get("became_aware_on"),
            complainant_name=values.get("complainant_name") or "", complainant_contact=values.get("complainant_contact") or "",
            summary=values["summary"], outside_time_limit=outside,
            time_limit_note="Imported: made after the 12-month time limit" if outside else "",
            acknowledged_on=values.get("acknowledged_on"), agreed_response_date=values.get("agreed_response_date"),
            response_date_agreed_on=values.get("response_date_agreed_on"), response_sent_on=values.get("response_sent_on"),
            outcome=values.get("outcome") or "", phso_referred_on=values.get("phso_referred_on"),
            phso_outcome=values.get("phso_outcome") or "", status=status,
            patient_nhs_number=values.get("patient_nhs_number") or "", patient_name=values.get("patient_name") or "",
            patient_date_of_birth=values.get("patient_date_of_birth"),
            external_reference=values.get("external_reference") or "", import_batch_id=batch_id,
            closed_at=self._midnight(values["received_on"]) if status == ComplaintStatus.CLOSED else None,
        )

    # --- the whole file ------------------------------------------------------------------------

    def run(self, data: bytes, *, file_name: str, actor_label: str, again: bool = False,
            progress: Progress | None = None) -> ImportResult:
        """Check every row, then write them all or none. ``again``: the user confirmed importing a
        file already imported; ``progress(phase, done, total)`` is told how far it has got."""
        result = ImportResult(kind=self.kind)
        rows = _Rows(result)
        sha256 = hashlib.sha256(data).hexdigest()
        if not self._within_limits(data, rows) or not self._new_file(sha256, again, result, rows):
            return result
        try:
            good = self._check_file(read_rows(data), result, rows, progress)
        except FileProblem as problem:
            rows.problem(problem.line, "", str(problem))
            return result
        if result.ok:
            if progress:
                progress("writing", len(good), len(good))
            self._write(good, result, sha256, file_name, actor_label, again)
        return result

    def _within_limits(self, data: bytes, rows: _Rows) -> bool:
        if len(data) > self.limits.max_bytes:
            rows.problem(1, "", f"the file is {len(data) / 1024 / 1024:,.1f} MB; one import takes at most "
                                f"{self.limits.max_bytes // 1024 // 1024:,} MB: split it into smaller files")
            return False
        return True

    def _new_file(self, sha256: str, again: bool, result: ImportResult, rows: _Rows) -> bool:
        """A file already imported (the same bytes) is refused unless the user confirms."""
        previous = None if again else previous_import(self.kind, sha256)
        if previous is not None:
            result.previous = previous
            rows.problem(1, "", already_imported_message(previous))
        return previous is None

    def _check_file(self, table, result: ImportResult, rows: _Rows, progress) -> list[dict]:
        header = table.header
        if not header:
            rows.problem(1, "", "the file is empty: it needs a header row and at least one data row")
            return []
        self.check_header(header, rows)
        good, seen = [], {}
        for number, raw in table:
            result.rows += 1
            if result.rows > self.limits.max_rows:
                rows.problem(number, "", f"the file has more than {self.limits.max_rows:,} rows, the most one import "
                                         f"takes: split it into smaller files")
                return []
            if progress and result.rows % PROGRESS_EVERY == 0:
                progress("checking", result.rows, table.lines)
            values = self._good_row(number, raw, header, rows, seen)
            if values is not None:
                good.append(values)
        if result.rows == 0:
            rows.problem(1, "", "the file has a header row but no data rows")
        self._resolve_staff(good, rows)
        return good

    def _resolve_staff(self, good: list[dict], rows: _Rows) -> None:
        """Each row's staff (registration numbers) found on the register of its organisation: the
        clinicians recorded at the trust or one of its sites, or working at either. One query for the
        whole file; a number the register does not hold is a problem on its row."""
        field_name = STAFF_FIELDS[self.kind]
        wanted = {number for values in good for number in (values.get(field_name) or [])}
        if not wanted:
            return
        on_register: dict[tuple, list] = {}
        found = (Clinician.objects.filter(registration_number__in=wanted)
                 .values_list("id", "registration_number", "organisation_id", "organisation__parent_id",
                              "organisations_worked_at", "organisations_worked_at__parent_id"))
        for clinician_id, number, *places in found:
            for place in {p for p in places if p is not None}:
                ids = on_register.setdefault((place, number), [])
                if clinician_id not in ids:
                    ids.append(clinician_id)
        for values in good:
            numbers = values.get(field_name) or []
            if not numbers:
                continue
            trust = self._trust(values["place"])
            unknown = [n for n in numbers if (trust.id, n) not in on_register]
            if unknown:
                rows.problem(values["_row"], self.column(field_name),
                             f"{', '.join(repr(n) for n in unknown)} {'is' if len(unknown) == 1 else 'are'} not on the "
                             f"clinician register of {trust.name}")
                continue
            values["_clinician_ids"] = [cid for n in numbers for cid in on_register[(trust.id, n)]]

    def _good_row(self, number: int, raw: dict, header: list[str], rows: _Rows, seen: dict) -> dict | None:
        if None in raw:
            rows.problem(number, "", f"has {len(header) + len(raw[None])} cells but the header has {len(header)}")
            return None
        values = self.read_row(number, raw, rows)
        if values is None:
            return None
        values["_row"] = number
        reference = values.get("external_reference")
        if reference:
            key = (self._trust(values["place"]).id, reference)
            if key in seen:
                rows.problem(number, self.column("external_reference"), f"'{reference}' is also on row {seen[key]}")
                return None
            seen[key] = number
        return values

    def _already_imported(self, good: list[dict], rows: _Rows) -> None:
        if not any(v.get("external_reference") for v in good):
            return
        model = Incident if self.kind == "incidents" else Complaint
        trusts = {self._trust(v["place"]).id for v in good}
        existing = set(model.objects.filter(organisation_id__in=trusts).exclude(external_reference="")
                       .values_list("organisation_id", "external_reference"))
        for values in good:
            key = (self._trust(values["place"]).id, values.get("external_reference"))
            if key in existing:
                rows.problem(values["_row"], self.column("external_reference"),
                             f"'{key[1]}' has already been imported for {self._trust(values['place']).name}")

    def _write(self, good: list[dict], result: ImportResult, sha256: str, file_name: str, actor_label: str,
               again: bool) -> None:
        """The duplicate checks and the write under one lock, so two imports of one file at the same
        time cannot both pass the checks: the organisations' rows locked on PostgreSQL; on SQLite the
        IMMEDIATE transaction holds the database's write lock from its start. The unique constraint
        on (organisation, external reference) is the last guard."""
        try:
            with transaction.atomic():
                organisations = self._lock({self._trust(v["place"]).id for v in good})
                self._already_imported(good, _Rows(result))
                if result.ok and self._new_file(sha256, again, result, _Rows(result)):
                    self._write_rows(good, result, sha256, organisations, file_name, actor_label)
        except IntegrityError:
            result.created, result.batch = 0, None
            _Rows(result).problem(1, "", "another import of these records finished first: nothing was imported "
                                         "from this file")

    def _lock(self, organisation_ids: set) -> list:
        # Ordered, so two imports naming the same organisations lock them in the same order (no deadlock).
        return list(Organisation.objects.select_for_update().filter(id__in=organisation_ids)
                    .order_by("id").values_list("id", flat=True))

    def _write_rows(self, good: list[dict], result: ImportResult, sha256: str, organisations: list, file_name: str,
                    actor_label: str) -> None:
        batch = ImportBatch(
            organisation_id=organisations[0] if len(organisations) == 1 else None, kind=self.kind,
            file_name=file_name[:255], sha256=sha256, rows=len(good),
            mapping_name=self.mapping.name[:200], imported_by_label=actor_label,
        )
        auditor.create(batch)
        build = self.build_incident if self.kind == "incidents" else self.build_complaint
        model = Incident if self.kind == "incidents" else Complaint
        # One entry for the whole file (a row-by-row entry would make a 50,000-row import crawl).
        with auditor.bulk(
            AuditAction.INGEST, batch, models=(model, DutyOfCandourNotification),
            reason=f"Imported {len(good)} {self.kind} from {file_name}",
            changes={"rows": len(good), "sha256": batch.sha256, "mapping": self.mapping.name},
        ):
            for start in range(0, len(good), BATCH_SIZE):
                chunk = good[start:start + BATCH_SIZE]
                cases = [build(values, batch.id) for values in chunk]
                model.objects.bulk_create(cases, batch_size=BATCH_SIZE)
                self._themes(model, cases, chunk)
                self._staff(model, cases, chunk)
                if self.kind == "incidents":
                    self._candour(cases, chunk)
        result.created = len(good)
        result.batch = batch

    def _themes(self, model, cases: list, chunk: list[dict]) -> None:
        names = sorted({name for values in chunk for name in (values.get("themes") or [])})
        if not names:
            return
        themes = {theme.name.casefold(): theme for theme in themes_named(names)}
        through = model.themes.through
        field = "incident_id" if model is Incident else "complaint_id"
        links = [through(**{field: case.id, "theme_id": themes[name.casefold()].id})
                 for case, values in zip(cases, chunk, strict=True) for name in (values.get("themes") or [])]
        through.objects.bulk_create(links, batch_size=BATCH_SIZE, ignore_conflicts=True)

    def _staff(self, model, cases: list, chunk: list[dict]) -> None:
        through = getattr(model, STAFF_FIELDS[self.kind]).through
        field = "incident_id" if model is Incident else "complaint_id"
        links = [through(**{field: case.id, "clinician_id": clinician_id})
                 for case, values in zip(cases, chunk, strict=True) for clinician_id in values.get("_clinician_ids", ())]
        if links:
            through.objects.bulk_create(links, batch_size=BATCH_SIZE, ignore_conflicts=True)

    def _candour(self, cases: list[Incident], chunk: list[dict]) -> None:
        trackers = [
            DutyOfCandourNotification(
                incident_id=case.id, awareness_date=timezone.localdate(case.reported_at),
                notified_on=values.get("candour_notified_on"), apology_given=bool(values.get("candour_notified_on")),
                written_follow_up_on=values.get("candour_written_on"),
            )
            for case, values in zip(cases, chunk, strict=True) if case.is_notifiable
        ]
        DutyOfCandourNotification.objects.bulk_create(trackers, batch_size=BATCH_SIZE)


def import_file(data: bytes, mapping: ColumnMapping, *, file_name: str, actor_label: str,
                default_organisation: Organisation | None = None, allowed_organisation_ids: set | None = None,
                again: bool = False, progress: Progress | None = None) -> ImportResult:
    importer = Importer(mapping, default_organisation=default_organisation, allowed_organisation_ids=allowed_organisation_ids)
    return importer.run(data, file_name=file_name, actor_label=actor_label, again=again, progress=progress)
