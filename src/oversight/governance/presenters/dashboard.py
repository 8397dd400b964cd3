"""The governance lead's daily pages: the hub, my tasks, overdue, Duty of Candour compliance, figures."""

from __future__ import annotations

from datetime import date, timedelta
from functools import cached_property

import pandas as pd
from django.urls import reverse

from oversight.accounts.access import can, scope_ids
from oversight.accounts.roles import Capability as C
from oversight.core.formatting import format_date, format_percent
from oversight.organisations.models import OrganisationKind

from ..access import actions_for, complaints_for, concerns_for, incidents_for
from ..metrics import catalogue, monthly_metrics
from ..models import ComplaintStatus, DutyOfCandourNotification, Exclusion, IncidentStatus
from ..models.actions import OPEN_STATUSES
from .actions import action_rows
from .common import cell, clock_tag, due_cell
from .complaints import complaint_row
from .concerns import concern_row
from .incidents import incident_row


def twelve_months_back(today: date) -> date:
    month = today.month - 11
    year = today.year + (month - 1) // 12
    return date(year, (month - 1) % 12 + 1, 1)


def open_trackers(user, capability=C.VIEW_CASES):
    return (DutyOfCandourNotification.objects
            .filter(incident__organisation_id__in=scope_ids(user, capability), incident__is_notifiable=True)
            .exclude(incident__status=IncidentStatus.CLOSED)
            .select_related("incident", "incident__organisation"))


def candour_rows(trackers, today: date, only_overdue: bool = False, due_within: int | None = None) -> list[dict]:
    rows = []
    for tracker in trackers:
        for what, reading in (("In-person notification", tracker.notification_clock(today)),
                              ("Written notification", tracker.written_follow_up_clock(today))):
            if reading is None or not reading.is_open:
                continue
            if what == "Written notification" and tracker.unable_to_contact:
                continue
            if not _needs_attention(reading, only_overdue, due_within is not None):
                continue
            rows.append({
                "case": cell(tracker.incident.reference, reverse("governance:incident-detail", args=[tracker.incident_id]) + "#duty-of-candour"),
                "organisation": tracker.incident.organisation.name,
                "step": what,
                "due": due_cell(reading.due),
                "status": clock_tag(reading).text,
            })
    return sorted(rows, key=lambda r: r["due"]["sort"])


def _needs_attention(reading, only_overdue: bool, soon: bool) -> bool:
    """Overdue (or, for a task list, due soon) open deadlines, and those whose due date could not be
    worked out: they are listed so someone corrects the dates."""
    if reading.status == "unknown":
        return True
    if only_overdue:
        return reading.status == "overdue"
    return not (soon and reading.status == "not_due")



def complaint_deadline_rows(complaints, today: date, which: str, only_overdue: bool = True) -> list[dict]:
    rows = []
    for complaint in complaints:
        reading = complaint.acknowledgement_clock(today) if which == "acknowledgement" else complaint.response_clock(today)
        if not reading.is_open or not _needs_attention(reading, only_overdue, soon=True):
            continue
        item = complaint_row(complaint, today)
        item["due"] = due_cell(reading.due)
        item["clock"] = clock_tag(reading).text
        rows.append(item)
    return sorted(rows, key=lambda r: r["due"]["sort"])



class OverduePresenter:
    def __init__(self, user, today: date):
        self.user, self.today = user, today

    @cached_property
    def actions(self) -> list[dict]:
        overdue = actions_for(self.user).open().filter(due_on__lt=self.today).select_related(
            "owner", "incident", "complaint", "concern")
        return action_rows(overdue, self.today, with_case=True)

    @cached_property
    def candour(self) -> list[dict]:
        return candour_rows(open_trackers(self.user), self.today, only_overdue=True)

    @cached_property
    def acknowledgements(self) -> list[dict]:
        waiting = complaints_for(self.user).filter(status=ComplaintStatus.RECEIVED).select_related("organisation", "site")
        return complaint_deadline_rows(waiting, self.today, "acknowledgement")

    @cached_property
    def responses(self) -> list[dict]:
        waiting = complaints_for(self.user).filter(response_sent_on__isnull=True).exclude(status=ComplaintStatus.CLOSED)
        return complaint_deadline_rows(waiting.select_related("organisation", "site"), self.today, "response")

    @property
    def total(self) -> int:
        return len(self.actions) + len(self.candour) + len(self.acknowledgements) + len(self.responses)

    @property
    def sees_cases(self) -> bool:
        return can(self.user, C.VIEW_CASES)


class TasksPresenter:
    """What needs the user's attention: their own actions, and what their scope is waiting for."""

    def __init__(self, user, today: date):
        self.user, self.today = user, today

    @cached_property
    def my_actions(self) -> list[dict]:
        mine = actions_for(self.user).filter(owner=self.user, status__in=OPEN_STATUSES).select_related(
            "owner", "incident", "complaint", "concern")
        return action_rows(mine, self.today, with_case=True)

    @cached_property
    def to_review(self) -> list[dict]:
        waiting = incidents_for(self.user, C.MANAGE_CASES).filter(status=IncidentStatus.REPORTED).select_related("organisation", "site")
        return [incident_row(i) for i in waiting.order_by("reported_at")[:200]]

    @cached_property
    def candour(self) -> list[dict]:
        return candour_rows(open_trackers(self.user, C.MANAGE_CASES), self.today, due_within=0)

    @cached_property
    def complaints(self) -> list[dict]:
        waiting = complaints_for(self.user, C.MANAGE_CASES).filter(response_sent_on__isnull=True).exclude(
            status=ComplaintStatus.CLOSED).select_related("organisation", "site")
        acknowledgements = complaint_deadline_rows(waiting.filter(status=ComplaintStatus.RECEIVED), self.today,
                                                   "acknowledgement", only_overdue=False)
        responses = complaint_deadline_rows(waiting, self.today, "response", only_overdue=False)
        return acknowledgements + responses

    @cached_property
    def concerns(self) -> list[dict]:
        """New concerns to assess, and MHPS exclusions whose end (or, formal, its review) is due within
        5 days or overdue."""
        from .mhps import exclusion_clock, needs_attention

        managed = concerns_for(self.user, C.MANAGE_PROFESSIONAL_CONCERNS)
        rows = []
        for concern in managed.filter(stage="raised").select_related("clinician"):
            item = concern_row(concern)
            item.update(task="New concern: assess it", due=cell(format_date(concern.raised_on), sort=""))
            rows.append(item)
        exclusions = (Exclusion.objects.filter(case__concern__in=managed, case__closed_on__isnull=True,
                                               lifted_on__isnull=True, ends_on__isnull=False,
                                               ends_on__lte=self.today + timedelta(days=5))
                      .select_related("case__concern__clinician", "renewal"))
        for exclusion in exclusions:
            if not needs_attention(exclusion, self.today):
                continue
            item = concern_row(exclusion.case.concern)
            item.update(task=f"{exclusion.get_kind_display()}: {exclusion_clock(exclusion, self.today).text}",
                        due=due_cell(exclusion.ends_on))
            item["reference"] = cell(item["reference"]["text"], item["reference"]["href"] + "#mhps")
            rows.append(item)
        return sorted(rows, key=lambda r: r["due"]["sort"])

    @cached_property
    def professional_standards(self) -> list[dict] | None:
        """Each doctor's deadlines (submission dates in the window with nothing submitted, appraisals overdue, checks
        expiring), for those who oversee doctors; None for anyone else (the section is not shown)."""
        if not can(self.user, C.VIEW_PROFESSIONAL_STANDARDS):
            return None
        from oversight.professional_standards.presenters.dashboard import professional_standards_tasks

        return professional_standards_tasks(self.user, self.today)

    @property
    def manages_cases(self) -> bool:
        return can(self.user, C.MANAGE_CASES)

    @property
    def manages_concerns(self) -> bool:
        return can(self.user, C.MANAGE_PROFESSIONAL_CONCERNS)


def combined(frame: pd.DataFrame) -> pd.DataFrame:
    """Sum numerators and denominators over organisations, per metric and month."""
    if frame.empty:
        return frame
    grouped = frame.groupby(["metric", "period"], as_index=False)[["numerator", "denominator"]].sum(min_count=1)
    grouped["value"] = grouped["numerator"] / grouped["denominator"]
    counts = grouped["denominator"].isna()
    grouped.loc[counts, "value"] = grouped.loc[counts, "numerator"]
    return grouped


def trusts_in(organisations):
    return organisations.filter(kind=OrganisationKind.TRUST).order_by("name")


class FiguresPresenter:
    """Monthly counts and rates for the organisations in scope (aggregates only: no case details)."""

    def __init__(self, organisations, today: date, organisation_code: str = ""):
        self.trusts = list(trusts_in(organisations))
        self.today = today
        chosen = [t for t in self.trusts if t.ods_code == organisation_code]
        self.chosen = chosen[0] if chosen else None

    @cached_property
    def start(self) -> date:
        return twelve_months_back(self.today)

    @cached_property
    def frame(self) -> pd.DataFrame:
        codes = [self.chosen.ods_code] if self.chosen else [t.ods_code for t in self.trusts]
        return monthly_metrics(codes, self.start, self.today, today=self.today) if codes else pd.DataFrame()

    @cached_property
    def tables(self) -> list[dict]:
        frame = combined(self.frame)
        tables = []
        for definition in catalogue():
            part = frame[frame["metric"] == definition.code] if not frame.empty else frame
            rows = []
            for record in part.sort_values("period").itertuples() if not part.empty else []:
                rows.append({
                    "month": cell(f"{record.period:%B %Y}", sort=record.period.isoformat()),
                    "numerator": f"{record.numerator:,.0f}",
                    "denominator": "" if pd.isna(record.denominator) else f"{record.denominator:,.0f}",
                    "value": f"{record.value:,.0f}" if definition.unit == "count" else format_percent(record.value),
                })
            tables.append({"definition": definition, "rows": rows, "id": definition.code.replace("_", "-")})
        return tables

    @property
    def scope_label(self) -> str:
        if self.chosen:
            return self.chosen.name
        return self.trusts[0].name if len(self.trusts) == 1 else f"{len(self.trusts)} trusts"


class CompliancePresenter:
    """Duty of Candour: monthly compliance (aggregates) and, for case viewers, the open clocks."""

    def __init__(self, user, organisations, today: date):
        self.user, self.today = user, today
        self.figures = FiguresPresenter(organisations, today)

    @cached_property
    def months(self) -> list[dict]:
        frame = combined(self.figures.frame)
        if frame.empty:
            return []
        rows = []
        for metric, title in (("gov_doc_notification_in_time", "In-person notification"),
                              ("gov_doc_written_in_time", "Written notification")):
            for record in frame[frame["metric"] == metric].sort_values("period").itertuples():
                rows.append({"month": cell(f"{record.period:%B %Y}", sort=record.period.isoformat()), "step": title,
                             "due": f"{record.denominator:,.0f}", "in_time": f"{record.numerator:,.0f}",
                             "percent": format_percent(record.value)})
        return rows

    @property
    def sees_cases(self) -> bool:
        return can(self.user, C.VIEW_CASES)

    @cached_property
    def open_clocks(self) -> list[dict]:
        return candour_rows(open_trackers(self.user), self.today) if self.sees_cases else []


class IndexPresenter:
    def __init__(self, user, today: date):
        self.user, self.today = user, today

    def _can(self, capability) -> bool:
        return can(self.user, capability)

    @cached_property
    def cards(self) -> list[dict]:
        cards = []
        if self._can(C.VIEW_CASES):
            open_incidents = incidents_for(self.user).exclude(status=IncidentStatus.CLOSED).count()
            open_complaints = complaints_for(self.user).exclude(status=ComplaintStatus.CLOSED).count()
            cards += [
                ("My tasks", "Your actions, incidents to review, Duty of Candour and complaint deadlines.", "governance:my-tasks"),
                ("Overdue", "Everything past its due date in your organisations.", "governance:overdue"),
                ("Incidents", f"{open_incidents:,} open. Search, filter and download; walk each one from report to closed.",
                 "governance:incident-list"),
                ("Complaints", f"{open_complaints:,} open. Acknowledgement and response clocks, holding letters, the Ombudsman.",
                 "governance:complaint-list"),
                ("Learning library", "Outcomes shared from incidents and complaints.", "governance:learning"),
            ]
        if self._can(C.VIEW_CASES) or self._can(C.VIEW_GOVERNANCE_AGGREGATES):
            cards.append(("Duty of Candour compliance", "Monthly compliance with the notification deadlines.",
                          "governance:candour-compliance"))
        if self._can(C.VIEW_GOVERNANCE_AGGREGATES):
            cards.append(("Governance figures", "Monthly counts and rates: incidents by harm, Duty of Candour, complaints answered in time.",
                          "governance:figures"))
        if self._can(C.VIEW_PROFESSIONAL_CONCERNS):
            cards.append(("Professional concerns", "Confidential cases about doctors and other clinicians.", "governance:concern-list"))
        if self._can(C.MANAGE_CASES):
            cards.append(("Import", "Load historical incidents or complaints from a Datix-style CSV export.", "governance:import"))
        cards.append(("Report an incident", "The form anyone can use, signed in or not.", "governance:report-incident"))
        return [{"title": t, "description": d, "href": reverse(name)} for t, d, name in cards]
