"""The Oversight fields an import can fill, for incidents and complaints, and how each is read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from django.core.exceptions import ValidationError

from oversight.core.forms.fields import EARLIEST_BIRTH, NHS_FOUNDED, check_plausible_date
from oversight.nhs_number import validate_nhs_number

from ..configuration import reference_set
from ..models import ComplaintOutcome, ComplaintStatus, IncidentStatus, OmbudsmanOutcome


class ValueProblem(ValueError):
    """One cell cannot be read; the message says why."""


@dataclass(frozen=True)
class FieldSpec:
    name: str
    kind: str  # text | longtext | date | time | bool | code | choice | nhs_number | organisation | themes | registration_numbers
    required: bool = False
    option: object = None  # max length, reference set name, or TextChoices class


def _specs(*items) -> tuple[FieldSpec, ...]:
    return tuple(FieldSpec(*item) for item in items)


PATIENT = (("patient_nhs_number", "nhs_number"), ("patient_name", "text", False, 200),
           ("patient_date_of_birth", "date"))

FIELDS: dict[str, tuple[FieldSpec, ...]] = {
    "incidents": _specs(
        ("external_reference", "text", False, 50), ("organisation", "organisation", True),
        ("occurred_on", "date", True), ("occurred_time", "time"), ("reported_on", "date"),
        ("event_type", "code", True, "lfpse_event_types"), ("location", "text", False, 200),
        ("description", "longtext", True), ("immediate_actions", "longtext"),
        ("physical_harm", "code", True, "physical_harm"), ("psychological_harm", "code", True, "psychological_harm"),
        ("prolonged_psychological_harm", "bool"), ("never_event", "code", False, "never_events"),
        ("death_due_to_problems_in_care", "bool"), ("patient_involved", "bool"), ("staff_involved", "bool"),
        ("status", "choice", True, IncidentStatus), ("learning_response", "code", False, "learning_responses"),
        ("themes", "themes"), *PATIENT, ("candour_notified_on", "date"), ("candour_written_on", "date"),
        ("clinicians_involved", "registration_numbers"),
    ),
    "complaints": _specs(
        ("external_reference", "text", False, 50), ("organisation", "organisation", True),
        ("channel", "code", True, "complaint_channels"), ("received_on", "date", True), ("events_on", "date", True),
        ("became_aware_on", "date"), ("summary", "longtext", True), ("complainant_name", "text", False, 200),
        ("complainant_contact", "text", False, 300), ("acknowledged_on", "date"), ("agreed_response_date", "date"),
        ("response_date_agreed_on", "date"), ("response_sent_on", "date"), ("outcome", "choice", False, ComplaintOutcome),
        ("phso_referred_on", "date"), ("phso_outcome", "choice", False, OmbudsmanOutcome),
        ("status", "choice", False, ComplaintStatus), ("themes", "themes"), *PATIENT,
        ("clinicians_named", "registration_numbers"),
    ),
}

# Used when neither the file nor the mapping gives a value.
BUILTIN_DEFAULTS = {
    "incidents": {"event_type": "incident", "psychological_harm": "none", "status": "closed"},
    "complaints": {"channel": "written"},
}

TRUE = {"yes", "y", "true", "t", "1"}
FALSE = {"no", "n", "false", "f", "0"}


class Reader:
    """Reads cells, remembering what it has already parsed (exports repeat the same dates and codes)."""

    def __init__(self, mapping, today: date):
        self.mapping = mapping
        self.today = today
        self._dates: dict[tuple[str, date], date | ValueProblem] = {}
        self._codes: dict[str, dict[str, str]] = {}

    def _text(self, spec, text):
        if spec.option and len(text) > spec.option:
            raise ValueProblem(f"is longer than {spec.option} characters")
        return text

    def _longtext(self, spec, text):
        return text

    def _date(self, spec, text):
        earliest = EARLIEST_BIRTH if spec.name == "patient_date_of_birth" else NHS_FOUNDED
        key = (text, earliest)
        found = self._dates.get(key)
        if found is None:
            found = self._dates[key] = self._parse_date(text, earliest)
        if isinstance(found, ValueProblem):
            raise found
        return found

    def _parse_date(self, text: str, earliest: date) -> date | ValueProblem:
        for pattern in self.mapping.date_formats:
            try:
                found = datetime.strptime(text, pattern).date()
                break
            except ValueError:
                continue
        else:
            return ValueProblem(f"'{text}' is not a date in a known format ({', '.join(self.mapping.date_formats)})")
        spoken = f"{found.day} {found:%B} {found.year:04d}"
        if found > self.today:
            return ValueProblem(f"{spoken} is in the future")
        try:
            # The forms' own rule (core.forms): no case date before the NHS's founding, no birth before 1880.
            check_plausible_date(found, spoken, earliest=earliest, future=True)
        except ValidationError as error:
            return ValueProblem(error.messages[0])
        return found

    def _time(self, spec, text):
        for pattern in self.mapping.time_formats:
            try:
                return datetime.strptime(text, pattern).time()
            except ValueError:
                continue
        raise ValueProblem(f"'{text}' is not a time ({', '.join(self.mapping.time_formats)})")

    def _bool(self, spec, text):
        lowered = text.casefold()
        if lowered in TRUE:
            return True
        if lowered in FALSE:
            return False
        raise ValueProblem(f"'{text}' is not yes or no")

    def _lookup(self, key: str, pairs) -> dict[str, str]:
        table = self._codes.get(key)
        if table is None:
            table = {}
            for code, label in pairs:
                table[str(label).casefold()] = code
                table[str(code).casefold()] = code
            self._codes[key] = table
        return table

    def _code(self, spec, text):
        table = self._codes.get(spec.option) or self._lookup(spec.option, reference_set(spec.option).choices())
        code = table.get(text.casefold())
        if code is None:
            raise ValueProblem(f"'{text}' is not in the configured list ({', '.join(reference_set(spec.option).codes)}); "
                               f"add it to [values.{spec.name}] in the mapping")
        return code

    def _choice(self, spec, text):
        table = self._lookup(spec.option.__name__, spec.option.choices)
        code = table.get(text.casefold())
        if code is None:
            raise ValueProblem(f"'{text}' is not one of {', '.join(spec.option.values)}")
        return code

    def _nhs_number(self, spec, text):
        try:
            return validate_nhs_number(text)
        except (ValueError, TypeError) as exc:
            raise ValueProblem(str(exc)) from None

    def _themes(self, spec, text):
        from ..services.common import parse_theme_names

        return parse_theme_names(text)

    def _registration_numbers(self, spec, text):
        """GMC, NMC or HCPC numbers separated by ";" (whether the register holds them is checked once
        for the whole file, after every row is read)."""
        from ..services.staff import malformed, parse_registration_numbers

        numbers = parse_registration_numbers(text.replace(",", ";"))
        bad = malformed(numbers)
        if bad:
            raise ValueProblem(f"{', '.join(repr(n) for n in bad)} {'is not a' if len(bad) == 1 else 'are not'} "
                               f"GMC, NMC or HCPC registration number{'s' if len(bad) > 1 else ''}")
        return numbers

    def _organisation(self, spec, text):
        return text.strip().upper()


def midnight(day: date) -> datetime:
    from django.utils import timezone

    return datetime.combine(day, time.min, timezone.get_current_timezone())
