"""A doctor's whole record (issue 13, Deliver 5): every incident naming them among the staff involved,
every complaint naming them, every professional concern (with its MHPS case, where there is one),
every note the Responsible Officer's office keeps (claims, inquests, information from other settings,
compliments, GMC conditions, local restrictions), and every final clinical audit result, **across every
organisation of the designated body**.

A doctor is on the register once per organisation that holds a record of them: the record joins every
``Clinician`` row with the same regulator and registration number that the viewer may see
(``access.doctors_for``; their own rows, for the doctor). Each item is a :class:`RecordItem`: date, kind,
organisation, reference, a short plain-English summary built from coded fields only (no patient
identifiers and no free text typed about the case), status, and a link to the case page when the viewer
may open it.

Who may see it is said in access.py; this module only reads:

- ``whole_record(viewer, clinician)``: the RO's and medical director's view (VIEW_DOCTOR_RECORD);
- ``own_record(user, clinician)``: the doctor's own, less what the RO restricts (``RecordRestriction``),
  less professional concerns still at the "raised" stage (the doctor has not been told yet), and only
  the audit results released to them.

docs/doctor-record.md."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from oversight.accounts.access import can
from oversight.accounts.roles import Capability as C
from oversight.core.formatting import format_date
from oversight.workforce.models import Clinician
from oversight.workforce.models.clinicians import Profession, regulator_for

from . import access
from .models import RecordItemKind, RecordNote, RecordRestriction

#: The kinds in the order the record groups them, with their plain-English headings.
KINDS: dict[str, str] = {
    RecordItemKind.INCIDENT: "Incidents (as staff involved)",
    RecordItemKind.COMPLAINT: "Complaints naming the doctor",
    RecordItemKind.CONCERN: "Professional concerns",
    RecordItemKind.NOTE: "Claims, inquests and information from other settings",
    RecordItemKind.AUDIT: "Clinical audit results",
}

#: A concern at this stage has been logged but not yet assessed: the doctor is not told of it yet.
RAISED_STAGE = "raised"


@dataclass(frozen=True)
class RecordItem:
    kind: str  # RecordItemKind
    item_id: str
    on: date
    organisation: str
    organisation_code: str
    reference: str
    summary: str
    status: str
    href: str | None = None
    note: str = ""  # a record note's own text (typed by the RO's office): the page shows it, exports do not
    details: tuple[str, ...] = ()  # e.g. an MHPS case's exclusions
    restricted: bool = False  # withheld from the doctor's own view
    stage: str = ""  # a concern's stage code

    @property
    def kind_label(self) -> str:
        return RecordItemKind(self.kind).label

    @property
    def key(self) -> tuple[str, str]:
        return (self.kind, self.item_id)


@dataclass
class DoctorRecord:
    clinician: Clinician
    rows: list[Clinician]  # every register row joined (one per organisation)
    items: list[RecordItem] = field(default_factory=list)

    @property
    def organisations(self) -> list[str]:
        return sorted({row.organisation.name for row in self.rows})

    def counts(self) -> dict[str, int]:
        counted = Counter(item.kind for item in self.items)
        return {kind: counted.get(kind, 0) for kind in KINDS}

    def grouped(self) -> list[tuple[str, str, list[RecordItem]]]:
        """(kind, heading, items newest first) for each kind, empty kinds included."""
        return [(kind, heading, [i for i in self.items if i.kind == kind]) for kind, heading in KINDS.items()]

    def filtered(self, kinds=None, first: date | None = None, last: date | None = None) -> DoctorRecord:
        items = [i for i in self.items if (not kinds or i.kind in kinds) and (first is None or i.on >= first)
                 and (last is None or i.on <= last)]
        return DoctorRecord(self.clinician, self.rows, items)


# ------------------------------------------------------------------------------ which rows ----


def _same_regulator(clinician: Clinician) -> list[str]:
    regulator = regulator_for(clinician.profession)
    return [code for code, _ in Profession.choices if regulator_for(code) == regulator]


def same_doctor(clinicians: QuerySet[Clinician], clinician: Clinician) -> QuerySet[Clinician]:
    """The rows of ``clinicians`` for the same person: same regulator and registration number."""
    return (clinicians.filter(registration_number=clinician.registration_number, profession__in=_same_regulator(clinician))
            .select_related("organisation"))


def rows_for_viewer(viewer, clinician: Clinician) -> list[Clinician]:
    """Every register row of this doctor whose organisation (or designated body) is in the viewer's scope."""
    rows = list(same_doctor(access.doctors_for(viewer, C.VIEW_DOCTOR_RECORD), clinician))
    return rows or [clinician]


def own_rows(clinician: Clinician) -> list[Clinician]:
    """Every register row of the doctor themself, wherever it is held (it is their own record)."""
    return list(same_doctor(Clinician.objects.all(), clinician)) or [clinician]


# ------------------------------------------------------------------------------ the items ----


def _label(set_name: str, code: str, empty: str = "Not recorded") -> str:
    from oversight.governance.configuration import label

    return label(set_name, code, empty)


def _link(viewer, name: str, capability: str, target, pk) -> str | None:
    return reverse(name, args=[pk]) if can(viewer, capability, target) else None


def _incidents(viewer, ids) -> list[RecordItem]:
    from oversight.governance.models import Incident

    items = []
    for i in Incident.objects.filter(clinicians_involved__in=ids).distinct().select_related("organisation"):
        harm = _label("physical_harm", i.physical_harm)
        summary = f"{_label('lfpse_event_types', i.event_type)}; physical harm: {harm.lower()}"
        if i.never_event:
            summary += "; Never Event"
        items.append(RecordItem(
            RecordItemKind.INCIDENT, str(i.pk), i.occurred_on, i.organisation.name, i.organisation.ods_code, i.reference,
            summary, i.get_status_display(), _link(viewer, "governance:incident-detail", C.VIEW_CASES, i, i.pk)))
    return items


def _complaints(viewer, ids) -> list[RecordItem]:
    from oversight.governance.models import Complaint

    items = []
    for c in Complaint.objects.filter(clinicians_named__in=ids).distinct().select_related("organisation"):
        status = c.get_status_display()
        if c.outcome:
            status = f"{status}: {c.get_outcome_display().lower()}"
        items.append(RecordItem(
            RecordItemKind.COMPLAINT, str(c.pk), c.received_on, c.organisation.name, c.organisation.ods_code, c.reference,
            f"Complaint made {_label('complaint_channels', c.channel).lower()}", status,
            _link(viewer, "governance:complaint-detail", C.VIEW_CASES, c, c.pk)))
    return items


def _kind_word(obj) -> str:
    display = getattr(obj, "get_kind_display", None)
    return display() if callable(display) else type(obj)._meta.verbose_name.capitalize()


def _mhps_details(concern) -> tuple[str, ...]:
    """The MHPS case's facts in words (governance's MhpsCase), if the concern has one: dates and kinds only,
    never the names of the case manager or investigator, nor the terms typed in."""
    try:
        case = concern.mhps
    except (ObjectDoesNotExist, AttributeError):  # no MHPS case, or MHPS not installed
        return ()
    if case is None:
        return ()
    started = getattr(case, "started_on", None)
    details = ["Managed under Maintaining High Professional Standards (MHPS)"
               + (f" from {format_date(started)}" if started else "")]
    for exclusion in getattr(case, "exclusions", None).all() if hasattr(case, "exclusions") else ():
        line = f"{_kind_word(exclusion)} from {format_date(getattr(exclusion, 'starts_on', None))}"
        if getattr(exclusion, "lifted_on", None):
            line += f", lifted {format_date(exclusion.lifted_on)}"
        details.append(line)
    for action in getattr(case, "performers_list_actions", None).all() if hasattr(case, "performers_list_actions") else ():
        decided = getattr(action, "decided_on", None)
        details.append(f"Performers List: {_kind_word(action)}" + (f", decided {format_date(decided)}" if decided else ""))
    if getattr(case, "gmc_referred_on", None):
        details.append(f"Referred to the GMC {format_date(case.gmc_referred_on)}")
    if getattr(case, "outcome", ""):
        details.append(f"Outcome: {case.get_outcome_display()}")
    return tuple(details)


def _concerns(viewer, ids) -> list[RecordItem]:
    from oversight.governance.models import ConcernCategory, ConcernSource, ProfessionalConcern

    items = []
    for c in ProfessionalConcern.objects.filter(clinician_id__in=ids).select_related("organisation"):
        summary = (f"{ConcernCategory(c.category).label} concern, from "
                   f"{ConcernSource(c.source).label[0].lower()}{ConcernSource(c.source).label[1:]}")
        status = _label("professional_concern_stages", c.stage)
        if c.closed_on:
            status = f"{status} (closed {format_date(c.closed_on)})"
        items.append(RecordItem(
            RecordItemKind.CONCERN, str(c.pk), c.raised_on, c.organisation.name, c.organisation.ods_code, c.reference,
            summary, status, _link(viewer, "governance:concern-detail", C.VIEW_PROFESSIONAL_CONCERNS, c, c.pk),
            details=_mhps_details(c), stage=c.stage))
    return items


def _notes(ids) -> list[RecordItem]:
    items = []
    for n in RecordNote.objects.filter(clinician_id__in=ids).select_related("clinician__organisation"):
        organisation = n.clinician.organisation
        summary = n.get_kind_display() + (f" ({n.setting})" if n.setting else "")
        status = f"Closed {format_date(n.closed_on)}" if n.closed_on else "Open"
        items.append(RecordItem(
            RecordItemKind.NOTE, str(n.pk), n.occurred_on, organisation.name, organisation.ods_code, n.reference or "",
            summary, status, None, note=n.summary))
    return items


def _audits(viewer, rows: list[Clinician], own: bool) -> list[RecordItem]:
    from oversight.clinical_performance.access import relationship
    from oversight.clinical_performance.selectors import audited_cases

    by_id = {row.pk: row for row in rows}
    items = []
    for case in audited_cases(list(by_id), own=own):
        row = by_id[case.clinician_id]
        organisation = row.organisation
        score = f"score {case.score:.0f}%" + (f", {case.grade}" if case.grade else "")
        href = None
        if own:
            href = reverse("clinical_performance:my-audit", args=[case.pk])
        elif relationship(viewer, row):
            href = reverse("clinical_performance:record", args=[row.pk])
        items.append(RecordItem(
            RecordItemKind.AUDIT, str(case.pk), case.round.period_end, organisation.name, organisation.ods_code,
            case.round.name, f"Clinical audit result: {score}", case.get_status_display(), href))
    return items


def _restricted_keys(rows: list[Clinician]) -> set[tuple[str, str]]:
    return set(RecordRestriction.objects.filter(clinician__in=rows).values_list("item_kind", "item_id"))


def _assemble(viewer, clinician: Clinician, rows: list[Clinician], own: bool) -> DoctorRecord:
    ids = [row.pk for row in rows]
    items = [*_incidents(viewer, ids), *_complaints(viewer, ids), *_concerns(viewer, ids), *_notes(ids),
             *_audits(viewer, rows, own)]
    restricted = _restricted_keys(rows)
    items = [RecordItem(**{**item.__dict__, "restricted": item.key in restricted}) for item in items]
    items.sort(key=lambda i: (i.on, i.reference), reverse=True)
    return DoctorRecord(clinician, rows, items)


def whole_record(viewer, clinician: Clinician) -> DoctorRecord:
    """The doctor's whole record for the Responsible Officer or medical director (the caller has checked
    ``access.may(viewer, VIEW_DOCTOR_RECORD, clinician)``)."""
    return _assemble(viewer, clinician, rows_for_viewer(viewer, clinician), own=False)


def own_record(user, clinician: Clinician) -> DoctorRecord:
    """The doctor's own record: less what the RO restricts, less concerns they have not been told of yet."""
    record = _assemble(user, clinician, own_rows(clinician), own=True)
    record.items = [i for i in record.items if not i.restricted
                    and not (i.kind == RecordItemKind.CONCERN and i.stage == RAISED_STAGE)]
    # The doctor opens no case pages (they hold no case rights); their own audits they may.
    record.items = [RecordItem(**{**i.__dict__, "href": i.href if i.kind == RecordItemKind.AUDIT else None})
                    for i in record.items]
    return record


def find_item(record: DoctorRecord, kind: str, item_id: str) -> RecordItem | None:
    return next((i for i in record.items if i.kind == kind and i.item_id == str(item_id)), None)


def today() -> date:
    return timezone.localdate()


__all__ = ["KINDS", "RAISED_STAGE", "DoctorRecord", "RecordItem", "find_item", "own_record", "rows_for_viewer",
           "same_doctor", "whole_record"]
