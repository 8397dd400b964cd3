"""Importing the clinician register from an ESR extract or a GMC Connect list: all or nothing.

Every row is read and checked first, against the same rules the register's services apply (the
registration number's format for the regulator, the dates' order, doctor-only fields), and against the
file itself and the register: an organisation that is not known or not in the user's scope, the same
registration number twice in the file, a clinician already on the register of that organisation (unless
``update_existing``: their register fields are then updated from the row). If any cell in any row is
wrong nothing is written, and the report names each problem's row and column (row 1 is the header, as a
spreadsheet shows it). When every row is good, each clinician is written through the register's
services (each write audited) inside one transaction.

A GMC Connect list's "Submission Date" and "Under Notice" are not register fields: they are returned in
the result (``revalidation``) for professional standards to record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from oversight.core.csv_export import csv_text
from oversight.core.csv_reading import FileProblem, read_rows
from oversight.organisations.models import Organisation, OrganisationKind

from ..models import (
    Clinician,
    Grade,
    LicenceStatus,
    PerformersListStatus,
    Profession,
    Regulator,
    normalise_registration_number,
    regulator_for,
)
from ..services.clinicians import _check, add_clinician, set_organisations_worked_at, update_clinician
from .mapping import FIELDS, TEXT_LIMITS, RegisterMapping

MAX_PROBLEMS_KEPT = 1000
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0"}
CHOICES = {"regulator": Regulator, "profession": Profession, "staff_group": Profession, "licence_status": LicenceStatus,
           "grade": Grade, "performers_list_status": PerformersListStatus}
DOCTOR_ONLY = ("licence_status", "on_gp_register", "on_specialist_register", "grade", "designated_body",
               "connection_started_on", "connection_ended_on", "performers_list_status")
# Written to the register (the rest are read to work these out, or returned).
STORED = ("employee_number", "email", "licence_status", "on_gp_register", "on_specialist_register", "specialty", "grade",
          "designated_body", "connection_started_on", "connection_ended_on", "performers_list_status")
# Dates that have happened (the submission date is the doctor's next revalidation date: it may be ahead).
PAST_DATES = ("connection_started_on", "connection_ended_on", "assignment_started_on")
ORDERS = (("connection_ended_on", "connection_started_on", "is before the connection date"),
          ("assignment_ended_on", "assignment_started_on", "is before the assignment start date"))


class CellProblem(ValueError):
    """One cell cannot be read; the message says why."""


@dataclass(frozen=True)
class RegisterImportProblem:
    row: int
    column: str
    problem: str


@dataclass(frozen=True)
class RevalidationFacts:
    """What a GMC Connect list says of a doctor's revalidation, for professional standards to record."""

    row: int
    registration_number: str
    clinician_id: object
    submission_date: date | None
    under_notice: bool | None


@dataclass
class RegisterImportResult:
    source: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[RegisterImportProblem] = field(default_factory=list)
    problem_count: int = 0
    revalidation: list[RevalidationFacts] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.problem_count == 0

    def problem(self, row: int, column: str, message: str) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_PROBLEMS_KEPT:
            self.problems.append(RegisterImportProblem(row, column, message))

    def problems_csv(self) -> str:
        return csv_text(["row", "column", "problem"], ([p.row, p.column, p.problem] for p in self.problems))


@dataclass
class _Row:
    number: int
    values: dict
    organisation: Organisation
    worked_at: Organisation | None
    existing: Clinician | None = None


def _turn_round(name: str) -> str:
    """ESR's "Surname, Forename" as "Forename Surname"."""
    if name.count(",") == 1:
        last, first = (part.strip() for part in name.split(","))
        return f"{first} {last}".strip()
    return name


class RegisterImporter:
    """``organisation``: the organisation for rows that name none (a GMC Connect list names none: its
    designated body). ``allowed_organisation_ids``: where the user may manage the register (None: anywhere,
    for the command line)."""

    def __init__(self, mapping: RegisterMapping, *, organisation: Organisation | None = None,
                 allowed_organisation_ids: set | None = None, update_existing: bool = False, user=None,
                 today: date | None = None):
        self.mapping = mapping
        self.default_organisation = organisation
        self.allowed = allowed_organisation_ids
        self.update_existing = update_existing
        self.user = user
        self.today = today or timezone.localdate()
        self._places: dict[str, Organisation | None] = {}
        self.header: list[str] = []

    # --- cells ---------------------------------------------------------------------------------

    def column(self, name: str) -> str:
        return self.mapping.heading(name, self.header)

    def _cell(self, raw: dict, name: str) -> str:
        text = ""
        if name in self.mapping.columns:
            text = (raw.get(self.column(name)) or "").strip()
        return text or self.mapping.defaults.get(name, "")

    def _translate(self, name: str, text: str) -> str:
        table = self.mapping.values.get(name)
        if not table:
            return text
        key = text.casefold()
        if key in table:
            return table[key]
        return table.get("*", text)

    def _read(self, name: str, text: str):
        kind = FIELDS[name][0]
        if kind == "text":
            limit = TEXT_LIMITS.get(name, 200)
            if len(text) > limit:
                raise CellProblem(f"is longer than {limit} characters")
            return text
        if kind == "date":
            for fmt in self.mapping.date_formats:
                try:
                    return datetime.strptime(text, fmt).date()
                except ValueError:
                    continue
            raise CellProblem(f"'{text}' is not a date in the form dd/mm/yyyy")
        if kind == "bool":
            if text.casefold() in YES:
                return True
            if text.casefold() in NO:
                return False
            raise CellProblem(f"'{text}' is not Yes or No")
        if kind == "choice":
            choices = CHOICES[name]
            if text in choices.values:
                return text
            known = ", ".join(str(label) for label in choices.labels if label)
            raise CellProblem(f"'{text}' is not one Oversight knows ({known}): add it to the mapping's [values.{name}]")
        return text  # organisation: looked up later

    def _place(self, text: str) -> Organisation | None:
        """An organisation by ODS code or name (ignoring case); ESR's "RXX Some NHS Trust" by its code."""
        key = text.strip().casefold()
        if key not in self._places:
            found = (Organisation.objects.filter(ods_code__iexact=text.strip()).first()
                     or Organisation.objects.filter(name__iexact=text.strip()).first())
            if found is None and " " in text.strip():
                found = Organisation.objects.filter(ods_code__iexact=text.strip().split()[0]).first()
            self._places[key] = found
        return self._places[key]

    # --- rows ----------------------------------------------------------------------------------

    def _read_row(self, number: int, raw: dict, result: RegisterImportResult) -> tuple[dict, bool]:
        values, ok = {}, True
        for name in FIELDS:
            text = self._cell(raw, name)
            if text:
                text = self._translate(name, text)
            if not text:
                values[name] = None
                continue
            if name in ("profession", "staff_group"):
                values[name] = text  # which one says the profession is worked out with the row (_profession_of)
                continue
            try:
                values[name] = self._read(name, text)
            except CellProblem as problem:
                if name == "grade" and not self._is_doctor(raw):
                    values[name] = None  # ESR's bands of other staff groups: not a register grade
                    continue
                result.problem(number, self.column(name), str(problem))
                values[name] = None
                values.setdefault("_failed", set()).add(name)
                ok = False
        return values, ok

    def _is_doctor(self, raw: dict) -> bool:
        return self._profession_of(raw) == Profession.DOCTOR

    def _profession_of(self, raw: dict) -> str:
        """The profession: from the job role, else the staff group, else the regulator (GMC: a doctor)."""
        for name in ("profession", "staff_group"):
            text = self._cell(raw, name)
            if text:
                code = self._translate(name, text)
                if code in Profession.values:
                    return code
        regulator = self._translate("regulator", self._cell(raw, "regulator"))
        if regulator == Regulator.GMC:
            return Profession.DOCTOR
        return ""

    def _check_row(self, number: int, raw: dict, values: dict, result: RegisterImportResult) -> _Row | None:
        ok = True
        failed = values.pop("_failed", set())
        # The name: one column or two.
        name = values.get("name") or " ".join(v for v in (values.get("first_name"), values.get("last_name")) if v)
        if not name:
            if not failed & {"name", "first_name", "last_name"}:
                result.problem(number, self.column("name" if "name" in self.mapping.columns else "last_name"), "is empty")
            ok = False
        values["name"] = _turn_round(name) if values.get("name") else name
        profession = self._profession_of(raw)
        if not profession:
            heading = self.column("profession" if "profession" in self.mapping.columns else "staff_group")
            result.problem(number, heading, "does not say the profession: add the job role or staff group to the mapping's "
                                            "[values.profession] or [values.staff_group]")
            ok = False
        values["profession"] = profession
        number_text = normalise_registration_number(values.get("registration_number") or "")
        values["registration_number"] = number_text
        if not number_text:
            if "registration_number" not in failed:
                result.problem(number, self.column("registration_number"), "is empty")
            ok = False
        if profession and values.get("regulator") and values["regulator"] != regulator_for(profession):
            result.problem(number, self.column("regulator"), f"a {Profession(profession).label.lower()} is registered with "
                                                             f"the {Regulator(regulator_for(profession)).label}, not the "
                                                             f"{Regulator(values['regulator']).label}")
            ok = False
        if values.get("email"):
            try:
                validate_email(values["email"])
            except ValidationError:
                result.problem(number, self.column("email"), f"'{values['email']}' is not an email address")
                ok = False
        for name_ in PAST_DATES:
            if values.get(name_) and values[name_] > self.today:
                result.problem(number, self.column(name_), "is in the future")
                ok = False
        for later, earlier, message in ORDERS:
            if values.get(later) and values.get(earlier) and values[later] < values[earlier]:
                result.problem(number, self.column(later), message)
                ok = False
        if profession and profession != Profession.DOCTOR:
            for name_ in DOCTOR_ONLY:
                if name_ == "grade":
                    values[name_] = None
                elif values.get(name_) not in (None, False) and name_ in self.mapping.columns:
                    result.problem(number, self.column(name_), "is for doctors only")
                    ok = False
                else:
                    values[name_] = None
        places = self._places_of(number, values, result)
        if places is None or not ok:
            return None
        organisation, worked_at = places
        if profession == Profession.DOCTOR and self.mapping.source == "gmc_connect" and values.get("designated_body") is None:
            values["designated_body"] = organisation  # every doctor on the list is connected to it
        return _Row(number, values, organisation, worked_at)

    def _places_of(self, number: int, values: dict, result: RegisterImportResult) -> tuple | None:
        """(the trust holding the record, a site worked at or None); the designated body looked up too."""
        text = values.get("organisation")
        if text:
            place = self._place(text)
            if place is None or place.kind not in (OrganisationKind.TRUST, OrganisationKind.SITE):
                result.problem(number, self.column("organisation"), f"'{text}' is not the ODS code or name of a known trust or site")
                return None
        elif self.default_organisation is not None:
            place = self.default_organisation
        else:
            result.problem(number, self.column("organisation"), "is empty, and no organisation was chosen for rows without one")
            return None
        if not self._may(place):
            result.problem(number, self.column("organisation") if text else "organisation",
                           f"you cannot manage the register of {place.name} ({place.ods_code})")
            return None
        holder, worked_at = (place.parent, place) if place.kind == OrganisationKind.SITE and place.parent else (place, None)
        body_text = values.get("designated_body")
        if isinstance(body_text, str):
            body = self._place(body_text)
            if body is None:
                result.problem(number, self.column("designated_body"), f"'{body_text}' is not the ODS code or name of a known "
                                                                       f"organisation")
                return None
            if not self._may(body):
                result.problem(number, self.column("designated_body"), f"{body.name} ({body.ods_code}) is not a designated "
                                                                       f"body in your scope")
                return None
            values["designated_body"] = body
        return holder, worked_at

    def _may(self, place: Organisation) -> bool:
        return self.allowed is None or place.id in self.allowed

    def _against_register(self, rows: list[_Row], result: RegisterImportResult) -> None:
        """Duplicates in the file and on the register; then each row as the register's services check it."""
        seen: dict[tuple, int] = {}
        good = []
        for row in rows:
            key = (row.organisation.pk, row.values["registration_number"])
            if key in seen:
                result.problem(row.number, self.column("registration_number"),
                               f"{row.values['registration_number']} is also on row {seen[key]}: a clinician appears once")
                continue
            seen[key] = row.number
            good.append(row)
        existing = {(c.organisation_id, c.registration_number): c for c in Clinician.objects.filter(
            organisation_id__in={r.organisation.pk for r in good},
            registration_number__in={r.values["registration_number"] for r in good})}
        for row in good:
            row.existing = existing.get((row.organisation.pk, row.values["registration_number"]))
            if row.existing is not None and not self.update_existing:
                result.problem(row.number, self.column("registration_number"),
                               f"{row.existing.registration_label} is already on the register of {row.organisation.name}: "
                               f"tick \"update clinicians already on the register\" to update them")
                continue
            self._service_check(row, result)

    def _stored(self, row: _Row) -> dict:
        return {name: row.values[name] for name in STORED if row.values.get(name) not in (None, "")}

    def _service_check(self, row: _Row, result: RegisterImportResult) -> None:
        if row.existing is not None:
            probe = Clinician.objects.get(pk=row.existing.pk)
            for name, value in self._stored(row).items():
                setattr(probe, name, value)
            probe.name = row.values["name"]
        else:
            probe = Clinician(organisation=row.organisation, name=row.values["name"], profession=row.values["profession"],
                              registration_number=row.values["registration_number"], **self._stored(row))
        try:
            _check(probe)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                column = self.column(name) if name in FIELDS else name
                for message in messages:
                    result.problem(row.number, column, message)

    # --- the whole file ------------------------------------------------------------------------

    def run(self, data: bytes) -> RegisterImportResult:
        result = RegisterImportResult(source=self.mapping.source)
        limit = settings.OVERSIGHT_IMPORT_MAX_MB * 1024 * 1024
        if len(data) > limit:
            result.problem(1, "", f"the file is larger than {settings.OVERSIGHT_IMPORT_MAX_MB} MB")
            return result
        try:
            rows = read_rows(data)
            self.header = [h.strip() for h in rows.header]
            self._check_header(result)
            checked = []
            for number, raw in rows:
                raw = {(k or "").strip(): v for k, v in raw.items() if isinstance(v, str)}
                result.rows += 1
                if result.rows > settings.OVERSIGHT_IMPORT_MAX_ROWS:
                    result.problem(number, "", f"the file has more than {settings.OVERSIGHT_IMPORT_MAX_ROWS:,} rows")
                    return result
                # A row with a bad cell is still checked as far as it can be, so every problem is reported.
                values, cells_ok = self._read_row(number, raw, result)
                row = self._check_row(number, raw, values, result)
                if row is not None and cells_ok:
                    checked.append(row)
        except FileProblem as problem:
            result.problem(problem.line, "", str(problem))
            return result
        if result.rows == 0 and result.ok:
            result.problem(2, "", "the file has a header row but no clinicians")
        # The rows whose cells are good are checked against each other and the register even when others
        # are not, so one upload reports every problem.
        self._against_register(checked, result)
        if result.ok:
            self._write(checked, result)
        return result

    def _check_header(self, result: RegisterImportResult) -> None:
        needed = ["registration_number"]
        needed += ["name"] if "name" in self.mapping.columns and any(
            h in self.header for h in self.mapping.columns["name"]) else ["first_name", "last_name"]
        if self.default_organisation is None:
            needed.append("organisation")
        for name in needed:
            headings = self.mapping.columns.get(name, ())
            if name not in self.mapping.defaults and not any(h in self.header for h in headings):
                result.problem(1, " or ".join(headings) or name, f"the column for {name.replace('_', ' ')} is not in the "
                                                                 f"file's header row")

    def _write(self, rows: list[_Row], result: RegisterImportResult) -> None:
        reason = f"Register import ({self.mapping.name})"
        try:
            with transaction.atomic():
                for row in rows:
                    try:
                        clinician = self._write_row(row, result, reason)
                    except ValidationError as error:
                        for name, messages in error.message_dict.items():
                            for message in messages:
                                result.problem(row.number, self.column(name) if name in FIELDS else name, message)
                        raise
                    except IntegrityError:
                        # Someone added the same clinician while the file was being checked: refused whole, as any
                        # other row problem, rather than a server error.
                        result.problem(row.number, self.column("registration_number"),
                                       "this clinician was added to the register while the file was being imported: "
                                       "import the file again")
                        raise ValidationError("a row conflicts with the register") from None
                    if self.mapping.source == "gmc_connect" or row.values.get("submission_date") or \
                            row.values.get("under_notice") is not None:
                        result.revalidation.append(RevalidationFacts(
                            row.number, clinician.registration_number, clinician.pk, row.values.get("submission_date"),
                            row.values.get("under_notice")))
        except ValidationError:
            result.created = result.updated = result.unchanged = 0
            result.revalidation = []

    def _write_row(self, row: _Row, result: RegisterImportResult, reason: str) -> Clinician:
        fields = self._stored(row)
        if row.existing is None:
            clinician = add_clinician(organisation=row.organisation, name=row.values["name"],
                                      profession=row.values["profession"],
                                      registration_number=row.values["registration_number"],
                                      organisations_worked_at=[row.worked_at] if row.worked_at else None, reason=reason,
                                      **fields)
            result.created += 1
            return clinician
        clinician = Clinician.objects.get(pk=row.existing.pk)
        changed = any(getattr(clinician, name) != value for name, value in fields.items()) or clinician.name != row.values["name"]
        clinician = update_clinician(clinician, self.user, name=row.values["name"], reason=reason, **fields)
        if row.worked_at is not None and row.worked_at not in clinician.organisations_worked_at.all():
            changed = set_organisations_worked_at(
                clinician, [*clinician.organisations_worked_at.all(), row.worked_at], reason=reason) or changed
        if changed:
            result.updated += 1
        else:
            result.unchanged += 1
        return clinician


def import_register(data: bytes, mapping: RegisterMapping, **options) -> RegisterImportResult:
    return RegisterImporter(mapping, **options).run(data)
