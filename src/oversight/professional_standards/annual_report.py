"""The Annual Board Report and Statement of Compliance (issue 13, Deliver 8; rules §6): generated from the
records for one designated body and one appraisal year (1 April to 31 March), in Annex D's sections:

1. General: the doctors with a prescribed connection, joining and leaving in the year;
2. Effective appraisal: appraisals by reporting category (``appraisals.category_of``: 1a, 1b, 2, 3);
3. Recommendations to the GMC: made in the year, by kind, on time or late, and the GMC's outcomes;
4. Medical governance: professional concerns opened, closed and open at the year's end, MHPS cases and
   exclusions, claims and inquests noted;
5. Employment checks: each check and training item the doctors need, in date at the year's end
   (``oversight.workforce.checks.check_states``);
6. Summary and overall conclusion, and 7. the Statement of Compliance, with its signature block (the Chair
   or Chief Executive) and the submission deadline (``rules/annual_report.toml``: 30 September, UNCONFIRMED).

Each section has a narrative the Responsible Officer writes, kept by the reports app's narratives
(``MetricNarrative`` of kind ``ro_annual``, keyed by the year's first day and the section's code). The report
holds aggregates only: no doctor is named in it, so board members (VIEW_REPORTS) may read it.
docs/annual-board-report.md."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib.resources import files

from django.db.models import Q
from django.utils import timezone

from oversight.core.formatting import format_date
from oversight.rulefiles import Confidence, RuleFileError, read_rule_file

RULES_FILE = files("oversight.professional_standards") / "rules" / "annual_report.toml"
SECTION_CODES = ("general", "appraisal", "recommendations", "governance", "checks", "summary", "statement")
#: The narratives' kind in the reports app (reports.models.ReportKind.RO_ANNUAL).
NARRATIVE_KIND = "ro_annual"
TITLE = "Annual Board Report and Statement of Compliance"


class AnnualReportRulesError(RuleFileError):
    pass


@dataclass(frozen=True)
class AnnualReportRules:
    deadline_month: int
    deadline_day: int
    send_to: str
    signatories: tuple[str, ...]
    section_titles: dict[str, str]
    deadline_confidence: Confidence = Confidence.UNCONFIRMED

    def deadline_for(self, year: int) -> date:
        """The Statement's submission deadline for appraisal year ``year`` (in the calendar year after it starts)."""
        return date(year + 1, self.deadline_month, self.deadline_day)


def read_rules(source=None) -> AnnualReportRules:
    rules = read_rule_file(source or RULES_FILE, error=AnnualReportRulesError)
    rules.known_keys("submission", ["deadline_month", "deadline_day", "send_to", "confidence"])
    rules.known_keys("sections", [*SECTION_CODES, "confidence"])
    month = rules.require("submission", "deadline_month", int, minimum=1)
    day = rules.require("submission", "deadline_day", int, minimum=1)
    if month > 12:
        raise rules.fail("deadline_month must be 1 to 12", table="submission", key="deadline_month")
    try:
        date(2001, month, day)
    except ValueError:
        raise rules.fail(f"there is no day {day} in month {month}", table="submission", key="deadline_day") from None
    signatories = tuple(rules.require("signatory", "roles", list[str]))
    if not signatories:
        raise rules.fail("name at least one signatory role", table="signatory", key="roles")
    return AnnualReportRules(
        deadline_month=month, deadline_day=day, send_to=rules.require("submission", "send_to", str),
        signatories=signatories, section_titles={code: rules.require("sections", code, str) for code in SECTION_CODES},
        deadline_confidence=rules.require("submission", "confidence", Confidence),
    )


@cache
def annual_report_rules() -> AnnualReportRules:
    return read_rules()


# ------------------------------------------------------------------------------ the figures ----


@dataclass(frozen=True)
class Row:
    label: str
    count: int
    of: int | None = None  # the denominator, where a percentage means something

    @property
    def percent(self) -> float | None:
        return (self.count / self.of) if self.of else None


@dataclass
class Section:
    code: str
    number: int
    title: str
    rows: list[Row] = field(default_factory=list)
    table: list[dict] = field(default_factory=list)  # several columns (recommendations, checks)
    table_columns: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    narrative: str = ""


@dataclass
class AnnualReport:
    body: object  # Organisation
    year: int
    start: date
    end: date
    as_at: date  # the year's end, or today while the year is running
    doctors: int
    sections: list[Section]
    deadline: date
    signatories: tuple[str, ...]
    send_to: str
    deadline_confidence: str
    generated_on: date

    @property
    def year_label(self) -> str:
        return f"{self.year}/{(self.year + 1) % 100:02d}"

    @property
    def title(self) -> str:
        return TITLE

    @property
    def complete(self) -> bool:
        return self.as_at == self.end

    @property
    def file_stem(self) -> str:
        return f"annual-board-report-{self.body.ods_code}-{self.year}-{(self.year + 1) % 100:02d}"

    def section(self, code: str) -> Section:
        return next(s for s in self.sections if s.code == code)


def connected_doctors(body, start: date, end: date):
    """The doctors with a prescribed connection to ``body`` at any time in ``start`` to ``end``."""
    from oversight.workforce.models import Clinician, Profession

    return (Clinician.objects.filter(designated_body=body, profession=Profession.DOCTOR)
            .filter(Q(connection_started_on__isnull=True) | Q(connection_started_on__lte=end))
            .filter(Q(connection_ended_on__isnull=True) | Q(connection_ended_on__gte=start)))


def _connected_on(doctor, day: date) -> bool:
    return ((doctor.connection_started_on is None or doctor.connection_started_on <= day)
            and (doctor.connection_ended_on is None or doctor.connection_ended_on >= day))


def _general(doctors, start: date, end: date, as_at: date) -> Section:
    from oversight.workforce.models import Grade

    at_end = [d for d in doctors if _connected_on(d, as_at)]
    joined = sum(1 for d in doctors if d.connection_started_on and start <= d.connection_started_on <= end)
    left = sum(1 for d in doctors if d.connection_ended_on and start <= d.connection_ended_on <= end)
    grades = Counter(d.grade for d in at_end)
    rows = [Row(f"Doctors with a prescribed connection on {format_date(as_at)}", len(at_end)),
            Row("Connected during the year", joined), Row("Connection ended during the year", left)]
    rows += [Row(f"{label}", grades[code], len(at_end)) for code, label in Grade.choices if grades.get(code)]
    if grades.get(""):
        rows.append(Row("Grade not recorded", grades[""], len(at_end)))
    return Section("general", 1, "", rows=rows)


def _appraisal(doctors, year: int, today: date) -> Section:
    from . import appraisals
    from .models import Appraisal

    by_doctor = {a.clinician_id: a for a in Appraisal.objects.filter(clinician__in=doctors, appraisal_year=year)}
    counted: Counter = Counter()
    for doctor in doctors:
        appraisal = by_doctor.get(doctor.pk)
        counted[appraisals.category_of(appraisal, today=today) if appraisal else "none"] += 1
    total = len(doctors)
    rows = [Row(f"{code}: {appraisals.category_label(code)}", counted.get(code, 0), total) for code in appraisals.CATEGORIES]
    rows.append(Row("Not yet due or under way", counted.get(None, 0), total))
    rows.append(Row("No appraisal recorded for the year", counted.get("none", 0), total))
    notes = ["The categories and their time standards are the AOA's as Oversight configures them (UNCONFIRMED: "
             "rules/appraisal.toml)."]
    return Section("appraisal", 2, "", rows=rows, notes=notes)


def _recommendations(doctors, start: date, end: date) -> Section:
    from .models import GmcOutcome, Recommendation, RecommendationKind, RecommendationStatus

    made = [r for r in Recommendation.objects.filter(clinician__in=doctors, status=RecommendationStatus.SUBMITTED,
                                                     submitted_at__isnull=False)
            if start <= timezone.localdate(r.submitted_at) <= end]
    table = []
    for kind, label in RecommendationKind.choices:
        of_kind = [r for r in made if r.kind == kind]
        on_time = sum(1 for r in of_kind if timezone.localdate(r.submitted_at) <= r.submission_due_on)
        table.append({"label": label, "made": len(of_kind), "on_time": on_time, "late": len(of_kind) - on_time,
                      "approved": sum(1 for r in of_kind if r.gmc_outcome == GmcOutcome.APPROVED),
                      "not_approved": sum(1 for r in of_kind if r.gmc_outcome == GmcOutcome.NOT_APPROVED)})
    on_time = sum(row["on_time"] for row in table)
    table.append({"label": "All recommendations", "made": len(made), "on_time": on_time, "late": len(made) - on_time,
                  "approved": sum(row["approved"] for row in table), "not_approved": sum(row["not_approved"] for row in table)})
    columns = [("label", "Recommendation"), ("made", "Made"), ("on_time", "On time"), ("late", "Late"),
               ("approved", "Approved by the GMC"), ("not_approved", "Not approved")]
    notes = ["On time: submitted on or before the doctor's GMC submission date."]
    return Section("recommendations", 3, "", table=table, table_columns=columns, notes=notes)


def _dated_field(model, names) -> str | None:
    fields = {f.name for f in model._meta.get_fields()}
    return next((n for n in names if n in fields), None)


def _mhps_rows(concerns, start: date, end: date) -> list[Row]:
    """MHPS cases, exclusions and restrictions, and Performers List actions (governance's MhpsCase)."""
    from oversight.governance.models import ProfessionalConcern

    related = getattr(getattr(ProfessionalConcern, "mhps", None), "related", None)
    if related is None:
        return [Row("Cases managed under MHPS (not recorded in Oversight yet)", 0)]
    case_model = related.related_model
    cases = case_model.objects.filter(concern__in=concerns)
    started = _dated_field(case_model, ("started_on",))
    in_year = cases.filter(**{f"{started}__gte": start, f"{started}__lte": end}) if started else cases
    rows = [Row("Cases started under MHPS in the year", in_year.count()),
            Row(f"Cases under MHPS open on {format_date(end)}", cases.filter(
                **({f"{started}__lte": end} if started else {})).filter(Q(closed_on__isnull=True) | Q(closed_on__gt=end)).count()
                if _dated_field(case_model, ("closed_on",)) else cases.count())]
    for name, what in (("exclusions", "started in the year"), ("performers_list_actions", "in the year")):
        manager = getattr(case_model, name, None)
        if manager is None:
            continue
        model, link = manager.rel.related_model, manager.rel.field.name
        queryset = model.objects.filter(**{f"{link}__in": cases})
        dated = _dated_field(model, ("starts_on", "decided_on"))
        if dated:
            queryset = queryset.filter(**{f"{dated}__gte": start, f"{dated}__lte": end})
        if _dated_field(model, ("kind",)):
            kinds = Counter(queryset.values_list("kind", flat=True))
            rows += [Row(f"{label}: {what}", kinds.get(code, 0)) for code, label in model._meta.get_field("kind").choices]
        else:
            rows.append(Row(f"{model._meta.verbose_name_plural.capitalize()} {what}", queryset.count()))
    return rows


def _governance(doctors, start: date, end: date) -> Section:
    from oversight.governance.models import ProfessionalConcern

    from .models import RecordNote, RecordNoteKind

    concerns = ProfessionalConcern.objects.filter(clinician__in=doctors)
    in_year = concerns.filter(raised_on__gte=start, raised_on__lte=end)
    rows = [
        Row("Professional concerns raised in the year", in_year.count()),
        Row("Professional concerns closed in the year", concerns.filter(closed_on__gte=start, closed_on__lte=end).count()),
        Row(f"Professional concerns open on {format_date(end)}", concerns.filter(raised_on__lte=end).filter(
            Q(closed_on__isnull=True) | Q(closed_on__gt=end)).count()),
        Row("Doctors with a concern raised in the year", in_year.values("clinician__registration_number").distinct().count()),
        *_mhps_rows(concerns, start, end),
    ]
    notes = RecordNote.objects.filter(clinician__in=doctors, occurred_on__gte=start, occurred_on__lte=end)
    noted = Counter(notes.values_list("kind", flat=True))
    for kind, words in ((RecordNoteKind.CLAIM, "Clinical negligence claims"), (RecordNoteKind.INQUEST, "Inquests"),
                        (RecordNoteKind.GMC_CONDITIONS, "GMC conditions or undertakings"),
                        (RecordNoteKind.LOCAL_RESTRICTION, "Local restrictions on practice")):
        rows.append(Row(f"{words} noted in the year", noted.get(kind, 0)))
    return Section("governance", 4, "", rows=rows)


def _checks(doctors, as_at: date) -> Section:
    from oversight.workforce.checks import check_states

    current = [d for d in doctors if _connected_on(d, as_at)]
    states = check_states(current, as_at)
    needed: Counter = Counter()
    in_date: Counter = Counter()
    order: list[str] = []
    for clinician_states in states.values():
        for state in clinician_states:
            if state.label not in needed:
                order.append(state.label)
            needed[state.label] += 1
            in_date[state.label] += state.in_date
    table = [{"label": label, "needed": needed[label], "in_date": in_date[label],
              "out": needed[label] - in_date[label], "percent": in_date[label] / needed[label]} for label in order]
    fully = sum(1 for s in states.values() if all(state.in_date for state in s))
    rows = [Row(f"Doctors with every check and training item in date on {format_date(as_at)}", fully, len(current))]
    columns = [("label", "Check or training"), ("needed", "Doctors needing it"), ("in_date", "In date"),
               ("out", "Expired or missing"), ("percent", "In date (%)")]
    return Section("checks", 5, "", rows=rows, table=table, table_columns=columns)


def build(body, year: int, *, today: date | None = None, narratives: dict[str, str] | None = None,
          rules: AnnualReportRules | None = None) -> AnnualReport:
    """The report for designated body ``body`` and appraisal year ``year`` (2025 is 2025/26)."""
    from . import appraisals

    rules = rules or annual_report_rules()
    today = today or timezone.localdate()
    start, end = appraisals.year_bounds(year)
    as_at = min(end, today)
    doctors = list(connected_doctors(body, start, end))
    sections = [
        _general(doctors, start, end, as_at), _appraisal(doctors, year, today), _recommendations(doctors, start, end),
        _governance(doctors, start, end), _checks(doctors, as_at),
        Section("summary", 6, ""), Section("statement", 7, ""),
    ]
    narratives = narratives or {}
    for section in sections:
        section.title = rules.section_titles[section.code]
        section.narrative = narratives.get(section.code, "")
    return AnnualReport(body=body, year=year, start=start, end=end, as_at=as_at, doctors=len(doctors), sections=sections,
                        deadline=rules.deadline_for(year), signatories=rules.signatories, send_to=rules.send_to,
                        deadline_confidence=str(rules.deadline_confidence), generated_on=today)


def report_for(body, year: int, *, today: date | None = None) -> AnnualReport:
    """The report with its stored narratives."""
    return build(body, year, today=today, narratives=narratives_of(body, year))


def narrative_month(year: int) -> date:
    """The key the reports app's narratives take: the appraisal year's first day."""
    from . import appraisals

    return appraisals.year_bounds(year)[0]


def narratives_of(body, year: int) -> dict[str, str]:
    from oversight.reports.services import narratives_for

    return narratives_for(body, NARRATIVE_KIND, narrative_month(year))


__all__ = ["NARRATIVE_KIND", "SECTION_CODES", "TITLE", "AnnualReport", "AnnualReportRules", "Row", "Section",
           "annual_report_rules", "build", "connected_doctors", "read_rules", "report_for"]
