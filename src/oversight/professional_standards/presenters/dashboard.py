"""The Responsible Officer's dashboard: every doctor in the user's scope with their state (appraisal due or
overdue, under notice, ready, deferred, non-engaged, checks or training expiring, open concerns), the count
in each state, filters, sorting, a page at a time, and the same rows as CSV; and each doctor's deadlines for
the user's task list. The states are professional_standards.revalidation.doctor_state's."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from functools import cached_property

from django.db.models import Count
from django.urls import NoReverseMatch, reverse

from oversight.core.formatting import format_date

from ..models import Appraisal, DoctorRevalidation, Recommendation
from ..revalidation import STATES, DoctorState, doctor_state, revalidation_rules

PAGE_SIZE = 50

COLUMNS = [("name", "Doctor"), ("gmc", "GMC number"), ("organisation", "Organisation"), ("grade", "Grade"),
           ("submission", "GMC submission date"), ("states", "State"), ("deferrals", "Deferrals this cycle"), ("revalidation", "Revalidation")]
CSV_HEADER = ["gmc_number", "name", "designated_body", "organisation", "grade", "submission_due_on", "under_notice",
              "on_hold", "states", "deferrals_this_cycle", "latest_recommendation", "latest_recommendation_submitted_on",
              "gmc_outcome", "appraisal", "appraisal_due_on", "checks_needing_attention", "open_concerns",
              "ready_unmet"]


def record_url(clinician) -> str | None:
    """The doctor's whole record (built by the record pages), if that page exists."""
    try:
        return reverse("professional_standards:record", args=[clinician.pk])
    except NoReverseMatch:
        return None


def revalidation_url(clinician) -> str:
    return reverse("professional_standards:doctor-revalidation", args=[clinician.pk])


def _check_states(clinicians: list, today: date, due_soon_days: int) -> dict:
    if not clinicians:
        return {}
    from oversight.workforce.checks import check_states

    return check_states(clinicians, today, due_soon_days=due_soon_days)


def open_concern_counts(ids: Iterable) -> dict:
    from oversight.governance.models import ProfessionalConcern

    rows = (ProfessionalConcern.objects.filter(clinician_id__in=list(ids), closed_on__isnull=True)
            .values("clinician_id").annotate(n=Count("id")))
    return {row["clinician_id"]: row["n"] for row in rows}


def load_states(clinicians, today: date) -> list[DoctorState]:
    """Each doctor's state, with a handful of queries however many doctors there are."""
    rules = revalidation_rules()
    doctors = list(clinicians.select_related("organisation", "designated_body"))
    ids = [d.pk for d in doctors]
    revalidations = {r.clinician_id: r for r in DoctorRevalidation.objects.filter(clinician_id__in=ids)}
    appraisals, recommendations = defaultdict(list), defaultdict(list)
    for appraisal in Appraisal.objects.filter(clinician_id__in=ids):
        appraisals[appraisal.clinician_id].append(appraisal)
    for recommendation in Recommendation.objects.filter(clinician_id__in=ids).order_by("-created_at"):
        recommendations[recommendation.clinician_id].append(recommendation)
    concerns = open_concern_counts(ids)
    checks = _check_states(doctors, today, rules.due_soon_days)
    return [doctor_state(d, revalidation=revalidations.get(d.pk), appraisals=appraisals[d.pk],
                         recommendations=recommendations[d.pk], open_concerns=concerns.get(d.pk, 0),
                         checks=checks.get(d.pk, []), today=today, rules=rules) for d in doctors]


def _body(clinician):
    return clinician.designated_body or clinician.organisation


def _sort_key(sort: str):
    far = date.max
    keys = {
        "name": lambda s: (s.clinician.name.casefold(),),
        "grade": lambda s: (s.clinician.get_grade_display(), s.clinician.name.casefold()),
        "organisation": lambda s: (s.clinician.organisation.name, s.clinician.name.casefold()),
        "deferrals": lambda s: (-s.deferral_count, s.submission_due_on or far),
    }
    return keys.get(sort, lambda s: (s.submission_due_on or far, s.clinician.name.casefold()))


def filter_states(states: list[DoctorState], *, state: str = "", organisation: str = "", grade: str = "",
                  month: str = "") -> list[DoctorState]:
    chosen = states
    if organisation:
        chosen = [s for s in chosen if organisation in (s.clinician.organisation.ods_code, _body(s.clinician).ods_code)]
    if grade:
        chosen = [s for s in chosen if s.clinician.grade == grade]
    if month:
        chosen = [s for s in chosen if s.submission_due_on and f"{s.submission_due_on:%Y-%m}" == month]
    if state:
        chosen = [s for s in chosen if state in s.states]
    return chosen


class DashboardPresenter:
    def __init__(self, states: list[DoctorState], filters: dict, query: str = ""):
        self.all = states
        self.filters = filters
        self.query = query
        base = {k: v for k, v in filters.items() if k in ("organisation", "grade", "month") and v}
        self.unstated = filter_states(states, **base)
        self.rows_states = sorted(filter_states(self.unstated, state=filters.get("state") or ""),
                                  key=_sort_key(filters.get("sort") or "submission"))

    @cached_property
    def counts(self) -> list[dict]:
        """Each state, how many doctors are in it (with the other filters), and a link listing them."""
        from urllib.parse import urlencode

        kept = {k: v for k, v in self.filters.items() if k in ("organisation", "grade", "month", "sort") and v}
        out = []
        for key, label in STATES.items():
            n = sum(key in s.states for s in self.unstated)
            out.append({"key": key, "label": label, "count": n, "current": self.filters.get("state") == key,
                        "href": "?" + urlencode({**kept, "state": key})})
        return out

    @property
    def total(self) -> int:
        return len(self.rows_states)

    def rows(self, states: Iterable[DoctorState]) -> list[dict]:
        return [dashboard_row(s) for s in states]

    def csv_rows(self) -> list[list]:
        return [csv_row(s) for s in self.rows_states]


def dashboard_row(state: DoctorState) -> dict:
    c = state.clinician
    record = record_url(c)
    return {
        "name": {"text": c.name, "href": record or revalidation_url(c), "sort": c.name.casefold()},
        "record": record,
        "revalidation": {"text": "Revalidation page", "href": revalidation_url(c)},
        "gmc": c.registration_number,
        "organisation": c.organisation.name,
        "grade": c.get_grade_display() or "Not recorded",
        "submission": {"text": format_date(state.submission_due_on),
                       "sort": state.submission_due_on.isoformat() if state.submission_due_on else ""},
        "states": ", ".join(state.state_labels) or "Nothing needs attention",
        "state_keys": state.states,
        "deferrals": str(state.deferral_count),
    }


def csv_row(state: DoctorState) -> list:
    c = state.clinician
    latest = state.latest
    return [c.registration_number, c.name, _body(c).ods_code, c.organisation.ods_code, c.get_grade_display(),
            state.submission_due_on.isoformat() if state.submission_due_on else "", "yes" if state.under_notice else "no",
            "yes" if state.on_hold else "no", "; ".join(state.state_labels), state.deferral_count,
            latest.get_kind_display() if latest else "",
            latest.submitted_at.date().isoformat() if latest and latest.submitted_at else "",
            latest.get_gmc_outcome_display() if latest and latest.gmc_outcome else "",
            state.appraisal.label, state.appraisal.due_on.isoformat() if state.appraisal.due_on else "",
            "; ".join(f"{c.label} ({c.status})" for c in state.checks), state.open_concerns,
            "; ".join(state.ready.unmet)]


# --------------------------------------------------------------------------------- task list ----

TASK_COLUMNS = [("doctor", "Doctor"), ("what", "What is due"), ("due", "Due"), ("link", "")]


def task_rows(states: Iterable[DoctorState]) -> list[dict]:
    """Each doctor's deadlines: a submission date in the window with nothing submitted, an appraisal overdue,
    a check or training item expiring (or expired, or missing). Soonest first."""
    rows = []
    for state in states:
        c = state.clinician
        page = revalidation_url(c)

        def add(what: str, due: date | None, href: str = page, c=c):
            rows.append({"doctor": {"text": f"{c.name} ({c.registration_label})", "href": record_url(c) or href},
                         "what": what, "due": {"text": format_date(due, "Now"), "sort": due.isoformat() if due else ""},
                         "link": {"text": "Revalidation", "href": href}, "_due": due or date.min})

        if state.awaiting_recommendation:
            add("Revalidation recommendation to the GMC", state.submission_due_on)
        if state.appraisal.status == "overdue":
            add(state.appraisal.label, state.appraisal.due_on)
        for check in state.checks:
            add(f"{check.label}: {'expired' if check.status == 'expired' else 'expiring'}", check.expires_on)
    rows.sort(key=lambda r: r["_due"])
    for row in rows:
        row.pop("_due")
    return rows


def professional_standards_tasks(user, today: date) -> list[dict]:
    """The task list's professional standards section, for the doctors the user may see."""
    from oversight.accounts.roles import Capability as C

    from ..access import doctors_for

    doctors = doctors_for(user, C.VIEW_PROFESSIONAL_STANDARDS)
    if not doctors.exists():
        return []
    return task_rows(load_states(doctors, today))
