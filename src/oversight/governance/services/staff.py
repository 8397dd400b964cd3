"""The staff named on a case (issue 13): the clinicians involved in an incident, or whom a complaint
is about, linked to the register so that each doctor's whole record finds the case.

Staff are named by registration number (GMC, NMC or HCPC), resolved against the register of the
case's organisation: the clinicians it holds records for, or who work at it or one of its sites. A
number the register does not hold is refused, naming it. Each change is a step in the case's
timeline, noted by registration number only (as a theme change is noted by the themes' names)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet

from oversight.organisations.models import Organisation
from oversight.workforce.models import Clinician
from oversight.workforce.models.clinicians import REGISTRATION_FORMATS, normalise_registration_number

# The M2M field of each kind of case, and the form field (and import column) that names its staff.
STAFF_FIELD = {"incident": "clinicians_involved", "complaint": "clinicians_named"}
FORM_FIELD = "staff_registration_numbers"
STAFF_STEP = "staff"


def parse_registration_numbers(text: str) -> list[str]:
    """Registration numbers separated by semicolons, commas or line breaks, normalised (spaces and
    hyphens dropped, upper case), each once, in the order given."""
    seen, numbers = set(), []
    for raw in re.split(r"[;,\n]", text or ""):
        number = normalise_registration_number(raw)
        if number and number not in seen:
            seen.add(number)
            numbers.append(number)
    return numbers


def looks_like_registration_number(number: str) -> bool:
    return any(pattern.fullmatch(number) for pattern, _ in REGISTRATION_FORMATS.values())


def malformed(numbers: Iterable[str]) -> list[str]:
    return [number for number in numbers if not looks_like_registration_number(number)]


def register_ids(organisation: Organisation) -> list:
    """The organisation and its sites: the places whose clinicians are on its register."""
    return [organisation.id, *Organisation.objects.filter(parent=organisation).values_list("id", flat=True)]


def register_of(organisation: Organisation) -> QuerySet[Clinician]:
    """The clinicians on the register of ``organisation`` (a trust): recorded there or at one of its
    sites, or working there."""
    ids = register_ids(organisation)
    return Clinician.objects.filter(Q(organisation_id__in=ids) | Q(organisations_worked_at__in=ids)).distinct()


def _list(numbers: list[str]) -> str:
    return numbers[0] if len(numbers) == 1 else f"{', '.join(numbers[:-1])} and {numbers[-1]}"


def resolve(organisation: Organisation, numbers: list[str], field: str = FORM_FIELD) -> list[Clinician]:
    """The register's clinicians with these numbers; a number that is not a registration number, or
    that the register does not hold, is refused naming it (``field`` names the form field)."""
    if not numbers:
        return []
    bad = malformed(numbers)
    if bad:
        raise ValidationError({field: f"{_list(bad)} {'is not a' if len(bad) == 1 else 'are not'} GMC, NMC or HCPC "
                                      f"registration number{'s' if len(bad) > 1 else ''}"})
    found = list(register_of(organisation).filter(registration_number__in=numbers).order_by("name"))
    unknown = [number for number in numbers if number not in {c.registration_number for c in found}]
    if unknown:
        raise ValidationError({field: f"No one with registration number {_list(unknown)} is on the register of "
                                      f"{organisation.name}: add them to the clinician register first"})
    return found


def numbers_text(case, kind: str) -> str:
    return "; ".join(getattr(case, STAFF_FIELD[kind]).order_by("registration_number")
                     .values_list("registration_number", flat=True))


def set_staff(case, kind: str, numbers: list[str], record_step) -> bool:
    """Name the staff on ``case`` (``kind``: incident or complaint). ``record_step(action, note)``
    adds the timeline step that audits the change. Returns whether anything changed."""
    clinicians = resolve(case.organisation, numbers)
    related = getattr(case, STAFF_FIELD[kind])
    before = set(related.values_list("id", flat=True))
    if before == {c.id for c in clinicians}:
        return False
    related.set(clinicians)
    labels = sorted(c.registration_label for c in clinicians)
    record_step(STAFF_STEP, f"Staff named: {', '.join(labels)}" if labels else "No staff named")
    return True
