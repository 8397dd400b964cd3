"""Appraisal pages' shapes: the list of doctors for one appraisal year (status, category, appraiser; filters,
sorting, CSV), one doctor's appraisals by year with the supporting information checklist and feedback once
per cycle, and the appraiser's list of appraisees. The rules are professional_standards.appraisals'."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from django.urls import reverse

from oversight.accounts.access import scope_ids
from oversight.accounts.models import User
from oversight.accounts.roles import Capability as C
from oversight.accounts.roles import roles_with
from oversight.core.formatting import format_date

from .. import appraisals as rules_of
from ..forms.appraisals import LIST_STATUSES, NOT_SCHEDULED
from ..models import Appraisal, DoctorRevalidation

PAGE_SIZE = 50

COLUMNS = [("name", "Doctor"), ("gmc", "GMC number"), ("organisation", "Organisation"), ("due", "Due month"),
           ("appraiser", "Appraiser"), ("meeting", "Meeting"), ("signed_off", "Signed off"), ("category", "Category"),
           ("status", "Status")]
CSV_HEADER = ["gmc_number", "name", "organisation", "designated_body", "appraisal_year", "due_month", "appraiser",
              "conflict_of_interest_declared", "meeting_on", "signed_off_on", "category", "category_meaning", "status",
              "pdp_agreed", "supporting_information_types", "colleague_feedback_on", "patient_feedback_on",
              "missed_approved", "missed_reason"]
APPRAISEE_COLUMNS = [("name", "Doctor"), ("gmc", "GMC number"), ("organisation", "Organisation"), ("due", "Due month"),
                     ("state", "Appraisal")]
YEAR_COLUMNS = [("year", "Appraisal year"), ("due", "Due month"), ("appraiser", "Appraiser"), ("meeting", "Meeting"),
                ("signed_off", "Signed off"), ("category", "Category"), ("status", "Status")]

STATUS_ORDER = {key: index for index, key in enumerate(("overdue", "due", NOT_SCHEDULED, "not_due", "approved_missed", "done"))}


def doctor_appraisals_url(clinician) -> str:
    return reverse("professional_standards:doctor-appraisals", args=[clinician.pk])


def month(day: date | None) -> str:
    return f"{day:%B %Y}" if day else "Not set"


def appraisers_for(user, capability: str = C.MANAGE_APPRAISAL):
    """Active users holding the appraiser role for an organisation in the user's scope (the allocation choices)."""
    ids = scope_ids(user, capability)
    if not ids:
        return User.objects.none()
    from django.utils import timezone

    today = timezone.localdate()
    return (User.objects.filter(is_active=True, role_assignments__role__in=roles_with(C.VIEW_APPRAISEE_APPRAISALS),
                                role_assignments__organisation_id__in=ids, role_assignments__starts_on__lte=today)
            .filter(Q(role_assignments__ends_on__isnull=True) | Q(role_assignments__ends_on__gte=today))
            .distinct().order_by("last_name", "first_name", "username"))


def _name(user) -> str:
    return user.display_name if user is not None else "Not allocated"


# ---------------------------------------------------------------------------------- the list ----


@dataclass
class YearRow:
    clinician: object
    appraisal: Appraisal | None
    status: str
    category: str | None

    @property
    def status_label(self) -> str:
        return LIST_STATUSES[self.status]


def load_year(clinicians, year: int, today: date) -> list[YearRow]:
    """Each doctor's appraisal for ``year`` with its status and category (one query for the appraisals)."""
    doctors = list(clinicians.select_related("organisation", "designated_body"))
    by_doctor = {a.clinician_id: a for a in Appraisal.objects.filter(clinician__in=doctors, appraisal_year=year)
                 .select_related("appraiser")}
    rows = []
    for doctor in doctors:
        appraisal = by_doctor.get(doctor.pk)
        if appraisal is None:
            rows.append(YearRow(doctor, None, NOT_SCHEDULED, None))
        else:
            rows.append(YearRow(doctor, appraisal, rules_of.year_status(appraisal, today),
                                rules_of.category_of(appraisal, today=today)))
    return rows


def filter_rows(rows: list[YearRow], *, status: str = "", category: str = "", appraiser: str = "") -> list[YearRow]:
    chosen = rows
    if status:
        chosen = [r for r in chosen if r.status == status]
    if category == "none":
        chosen = [r for r in chosen if r.category is None]
    elif category:
        chosen = [r for r in chosen if r.category == category]
    if appraiser == "none":
        chosen = [r for r in chosen if r.appraisal is None or r.appraisal.appraiser_id is None]
    elif appraiser:
        chosen = [r for r in chosen if r.appraisal is not None and str(r.appraisal.appraiser_id) == appraiser]
    return chosen


def _sort_key(sort: str):
    far = date.max

    def due(r: YearRow):
        return r.appraisal.due_on if r.appraisal else far

    keys = {
        "name": lambda r: (r.clinician.name.casefold(),),
        "status": lambda r: (STATUS_ORDER.get(r.status, 99), due(r), r.clinician.name.casefold()),
        "category": lambda r: (r.category or "~", r.clinician.name.casefold()),
        "appraiser": lambda r: (_name(r.appraisal.appraiser if r.appraisal else None).casefold(), r.clinician.name.casefold()),
    }
    return keys.get(sort, lambda r: (due(r), r.clinician.name.casefold()))


class AppraisalListPresenter:
    def __init__(self, rows: list[YearRow], filters: dict):
        self.filters = filters
        self.year = int(filters["year"])
        self.all = rows
        self.rows_chosen = sorted(filter_rows(rows, status=filters.get("status") or "", category=filters.get("category") or "",
                                              appraiser=filters.get("appraiser") or ""),
                                  key=_sort_key(filters.get("sort") or "due"))

    @property
    def year_label(self) -> str:
        return rules_of.year_label(self.year)

    @property
    def total(self) -> int:
        return len(self.rows_chosen)

    @property
    def counts(self) -> list[dict]:
        """How many doctors of the year are in each category (UNCONFIRMED categories, configuration)."""
        out = []
        for key, label in rules_of.category_choices():
            out.append({"label": label, "count": sum(r.category == key for r in self.all)})
        out.append({"label": "Not yet due or under way", "count": sum(r.category is None for r in self.all)})
        return out

    def rows(self, chosen: Iterable[YearRow]) -> list[dict]:
        return [list_row(r) for r in chosen]

    def csv_rows(self) -> list[list]:
        return [csv_row(r, self.year) for r in self.rows_chosen]


def _category_text(category: str | None) -> str:
    return f"{category}: {rules_of.category_label(category)}" if category else "Not yet due or under way"


def list_row(row: YearRow) -> dict:
    c, a = row.clinician, row.appraisal
    return {
        "name": {"text": c.name, "href": doctor_appraisals_url(c), "sort": c.name.casefold()},
        "gmc": c.registration_number,
        "organisation": c.organisation.name,
        "due": {"text": month(a.due_on if a else None), "sort": a.due_on.isoformat() if a else ""},
        "appraiser": _name(a.appraiser if a else None),
        "meeting": {"text": format_date(a.meeting_on) if a and a.meeting_on else "", "sort": a.meeting_on.isoformat() if a and a.meeting_on else ""},
        "signed_off": {"text": format_date(a.signed_off_on) if a and a.signed_off_on else "",
                       "sort": a.signed_off_on.isoformat() if a and a.signed_off_on else ""},
        "category": _category_text(row.category),
        "status": row.status_label,
    }


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def csv_row(row: YearRow, year: int) -> list:
    c, a = row.clinician, row.appraisal
    body = c.designated_body or c.organisation
    if a is None:
        return [c.registration_number, c.name, c.organisation.ods_code, body.ods_code, rules_of.year_label(year), "", "",
                "no", "", "", "", "", row.status_label, "", 0, "", "", "no", ""]
    types = sum(item.present for item in rules_of.supporting_information(a))
    return [c.registration_number, c.name, c.organisation.ods_code, body.ods_code, a.year_label, f"{a.due_on:%Y-%m}",
            _name(a.appraiser) if a.appraiser else "", "yes" if a.conflict_of_interest_note else "no", _iso(a.meeting_on),
            _iso(a.signed_off_on), row.category or "", rules_of.category_label(row.category) if row.category else "",
            row.status_label, "yes" if a.pdp_agreed else "no", types, _iso(a.colleague_feedback_on),
            _iso(a.patient_feedback_on), "yes" if a.missed_approved else "no", a.get_missed_reason_display() if a.missed_reason else ""]


# ------------------------------------------------------------------------------ one doctor ----


def _yes_no(value: bool | None) -> str:
    return {True: "Yes", False: "No"}.get(value, "Not recorded")


class DoctorAppraisalsPresenter:
    """One doctor's appraisals by year, newest first, with what the user may do."""

    def __init__(self, clinician, today: date, *, may_manage: bool = False):
        self.clinician = clinician
        self.today = today
        self.may_manage = may_manage
        self.appraisals = list(Appraisal.objects.filter(clinician=clinician).select_related("appraiser")
                               .order_by("-appraisal_year"))
        self.state = rules_of.appraisal_state(self.appraisals, today)
        self.revalidation = DoctorRevalidation.objects.filter(clinician=clinician).first()
        start = getattr(self.revalidation, "cycle_started_on", None)
        end = getattr(self.revalidation, "submission_due_on", None)
        self.feedback = rules_of.cycle_feedback(clinician, start, min(end, today) if end else today, appraisals=self.appraisals)

    @property
    def title(self) -> str:
        return f"{self.clinician.name}: appraisals"

    @property
    def allocate_url(self) -> str:
        return reverse("professional_standards:appraisal-allocate", args=[self.clinician.pk])

    @property
    def cycle_text(self) -> str:
        start = self.feedback.cycle_start
        if start is None:
            return "No revalidation cycle start is recorded: every appraisal on record is counted."
        return f"The revalidation cycle from {format_date(start)} to {format_date(self.feedback.cycle_end)}."

    def feedback_rows(self) -> list[dict]:
        rows = []
        for what, dates, met in (("Colleague feedback (MSF)", self.feedback.colleague_on, self.feedback.colleague_met),
                                 ("Patient feedback", self.feedback.patient_on, self.feedback.patient_met)):
            rows.append({"what": what, "met": "Yes" if met else "Not yet in this cycle",
                         "dates": ", ".join(format_date(d) for d in dates) or "None recorded"})
        return rows

    @property
    def year_rows(self) -> list[dict]:
        rows = []
        for a in self.appraisals:
            category = rules_of.category_of(a, today=self.today)
            rows.append({"year": {"text": a.year_label, "href": f"#year-{a.appraisal_year}"}, "due": month(a.due_on),
                         "appraiser": _name(a.appraiser), "meeting": format_date(a.meeting_on) if a.meeting_on else "",
                         "signed_off": format_date(a.signed_off_on) if a.signed_off_on else "",
                         "category": _category_text(category),
                         "status": rules_of.STATUSES[rules_of.year_status(a, self.today)]})
        return rows

    @property
    def years(self) -> list[dict]:
        out = []
        for a in self.appraisals:
            category = rules_of.category_of(a, today=self.today)
            window = rules_of.standards_window(a)
            out.append({
                "appraisal": a, "anchor": f"year-{a.appraisal_year}", "label": a.year_label,
                "category": _category_text(category), "status": rules_of.STATUSES[rules_of.year_status(a, self.today)],
                "standards": (f"For category 1a: a meeting from {format_date(window[0])} to {format_date(window[1])}, "
                              f"the outputs signed off within {rules_of.appraisal_rules().sign_off_days} days of it."),
                "summary": [
                    ("Due month", month(a.due_on)),
                    ("Appraiser", _name(a.appraiser)),
                    ("Conflict of interest declared", a.conflict_of_interest_note or "None declared"),
                    ("Appraisal meeting", format_date(a.meeting_on) if a.meeting_on else "Not yet held"),
                    ("Outputs signed off", format_date(a.signed_off_on) if a.signed_off_on else "Not yet signed off"),
                    ("Personal development plan agreed", "Yes" if a.pdp_agreed else "No"),
                    ("Declared issues", _yes_no(a.declared_issues)),
                    ("On track for revalidation", _yes_no(a.on_track)),
                ],
                "outputs": a.outputs,
                "checklist": [{"label": item.label, "present": item.present,
                               "text": (format_date(item.on) if item.on else "Yes") if item.present else "Not recorded"}
                              for item in rules_of.supporting_information(a)],
                "missed": ({"reason": a.get_missed_reason_display(), "note": a.missed_note,
                            "on": format_date(a.missed_approved_on) if a.missed_approved_on else ""} if a.missed_approved else None),
                "record_url": reverse("professional_standards:appraisal-record", args=[a.pk]) if self.may_manage else "",
                "missed_url": (reverse("professional_standards:appraisal-missed", args=[a.pk])
                               if self.may_manage and a.signed_off_on is None and not a.missed_approved else ""),
            })
        return out


# ------------------------------------------------------------------------- my appraisees ----


def appraisee_rows(clinicians, today: date) -> list[dict]:
    doctors = list(clinicians.select_related("organisation"))
    by_doctor = defaultdict(list)
    for appraisal in Appraisal.objects.filter(clinician__in=doctors):
        by_doctor[appraisal.clinician_id].append(appraisal)
    rows = []
    for c in doctors:
        state = rules_of.appraisal_state(by_doctor[c.pk], today)
        rows.append({"name": {"text": c.name, "href": doctor_appraisals_url(c), "sort": c.name.casefold()},
                     "gmc": c.registration_number, "organisation": c.organisation.name,
                     "due": {"text": month(state.due_on) if state.due_on else "", "sort": _iso(state.due_on)},
                     "state": state.label, "_due": state.due_on or date.max})
    rows.sort(key=lambda r: (r["_due"], r["name"]["sort"]))
    for row in rows:
        row.pop("_due")
    return rows
