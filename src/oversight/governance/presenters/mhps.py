"""What the MHPS section of a professional concern's page shows, and the exclusion clocks."""

from __future__ import annotations

from datetime import date
from functools import cached_property

from django.urls import reverse

from oversight.core.formatting import format_date

from ..models import Exclusion, ExclusionKind, MhpsCase
from .common import Tag, row

# Within this many days of its last day an exclusion is on the task list (and its tag turns yellow).
DUE_SOON_DAYS = 5


def _days(n: int) -> str:
    return f"{n} day{'s' if n != 1 else ''}"


def exclusion_clock(exclusion: Exclusion, today: date) -> Tag:
    """"Review due by …" (a formal exclusion), "Ends in N days" or "Overdue", or why no clock runs."""
    if exclusion.lifted_on is not None:
        return Tag(f"Lifted on {format_date(exclusion.lifted_on)}")
    if exclusion.is_renewed:
        return Tag(f"Renewed from {format_date(exclusion.renewal.starts_on)}")
    if exclusion.starts_on > today:
        return Tag(f"Starts on {format_date(exclusion.starts_on)}", "nhsuk-tag--blue")
    if exclusion.ends_on is None:
        return Tag("In force, no end date", "nhsuk-tag--purple")
    if exclusion.ends_on < today:
        if exclusion.kind == ExclusionKind.RESTRICTION:
            return Tag(f"Ended on {format_date(exclusion.ends_on)}")
        return Tag(f"Overdue: ended {format_date(exclusion.ends_on)} with no renewal or return recorded",
                   "nhsuk-tag--red")
    left = (exclusion.ends_on - today).days
    classes = "nhsuk-tag--yellow" if left <= DUE_SOON_DAYS else "nhsuk-tag--grey"
    ends = "Ends today" if left == 0 else f"Ends in {_days(left)}"
    if exclusion.kind == ExclusionKind.FORMAL:
        return Tag(f"Review due by {format_date(exclusion.ends_on)}. {ends}", classes)
    return Tag(ends, classes)


def needs_attention(exclusion: Exclusion, today: date) -> bool:
    """For the task list: an exclusion whose end (or, formal, its review) is due within 5 days, or overdue."""
    if exclusion.lifted_on is not None or exclusion.is_renewed or exclusion.ends_on is None:
        return False
    if exclusion.kind == ExclusionKind.RESTRICTION:
        return today <= exclusion.ends_on <= date.fromordinal(today.toordinal() + DUE_SOON_DAYS)
    return exclusion.ends_on <= date.fromordinal(today.toordinal() + DUE_SOON_DAYS)


class MhpsPresenter:
    def __init__(self, case: MhpsCase, today: date, can_manage: bool):
        self.case, self.today, self.can_manage = case, today, can_manage

    @cached_property
    def summary(self) -> list[dict]:
        c = self.case
        rows = [
            row("Started", c.started_on),
            row("Case manager", c.case_manager_label),
            row("Case investigator", c.case_investigator_label),
            row("Designated Board member", c.designated_board_member),
            row("NHS Resolution Practitioner Performance Advice contacted", c.ppa_contacted_on, "Not yet"),
            row("PPA's advice", c.ppa_advice_summary, "None recorded"),
            row("Referred to the GMC", c.gmc_referred_on, "No"),
            row("GMC Employer Liaison Adviser contacted", c.els_referred_on, "No"),
        ]
        if c.closed_on:
            rows += [row("Outcome", c.get_outcome_display()), row("About the outcome", c.outcome_note, "Nothing recorded"),
                     row("Closed", c.closed_on)]
        return rows

    @cached_property
    def exclusions(self) -> list[dict]:
        rows = []
        for e in self.case.exclusions.select_related("renewal").order_by("starts_on", "created_at"):
            links = []
            if self.can_manage and self.case.is_active:
                if e.kind == ExclusionKind.FORMAL and e.lifted_on is None and not e.is_renewed:
                    links.append({"text": "Renew after review",
                                  "href": reverse("governance:mhps-exclusion-renew", args=[e.pk])})
                if e.lifted_on is None and not e.is_renewed:
                    links.append({"text": "Lift", "href": reverse("governance:mhps-exclusion-lift", args=[e.pk])})
            rows.append({
                "kind": e.get_kind_display() + (" (renewal)" if e.renews_id else ""),
                "period": f"{format_date(e.starts_on)} to {format_date(e.ends_on, 'no end date')}",
                "latest": format_date(e.latest_end(), "No limit"),
                "reviewed": format_date(e.reviewed_on, "") if e.renews_id else "",
                "details": e.details,
                "clock": exclusion_clock(e, self.today),
                "links": links,
            })
        return rows

    @cached_property
    def performers_list_actions(self) -> list[dict]:
        return [{
            "kind": a.get_kind_display(),
            "rows": [row("Performance Screening Group", a.screening_group_on), row("Decision Panel", a.decision_panel_on),
                     row("Panel members", a.panel_members), row("Decided", a.decided_on, "Not yet"),
                     row("NHS Resolution notified", a.nhs_resolution_notified_on, "Not yet"),
                     row("Appeal lodged", a.appeal_lodged_on, "No appeal"), row("Outcome", a.outcome, "Not recorded")],
            "href": reverse("governance:mhps-performers-list-edit", args=[a.pk])
            if self.can_manage and self.case.is_active else None,
        } for a in self.case.performers_list_actions.all()]

    def _link(self, name: str) -> str | None:
        if not (self.can_manage and self.case.is_active):
            return None
        return reverse(name, args=[self.case.concern_id])

    @property
    def edit_href(self):
        return self._link("governance:mhps-edit")

    @property
    def exclusion_href(self):
        return self._link("governance:mhps-exclusion-new")

    @property
    def performers_list_href(self):
        from ..services.mhps import is_gp

        return self._link("governance:mhps-performers-list-new") if is_gp(self.case.concern.clinician) else None

    @property
    def close_href(self):
        return self._link("governance:mhps-close")
