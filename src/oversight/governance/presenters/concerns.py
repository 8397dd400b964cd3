"""What the professional concern pages show."""

from __future__ import annotations

from datetime import date
from functools import cached_property

from django.urls import reverse

from oversight.accounts.access import can
from oversight.accounts.roles import Capability as C
from oversight.core.formatting import format_date

from ..configuration import label
from ..models import ProfessionalConcern
from .actions import action_rows
from .common import Tag, cell, row, timeline


def concern_row(concern: ProfessionalConcern) -> dict:
    return {
        "reference": cell(concern.reference, reverse("governance:concern-detail", args=[concern.pk])),
        "clinician": concern.clinician.name,
        "registration": concern.clinician.registration_label,
        "raised": cell(format_date(concern.raised_on), sort=concern.raised_on.isoformat()),
        "category": concern.get_category_display(),
        "stage": label("professional_concern_stages", concern.stage),
    }


CONCERN_COLUMNS = [("reference", "Reference"), ("clinician", "Clinician"), ("registration", "Registration"),
                   ("raised", "Raised"), ("category", "Kind"), ("stage", "Stage")]


class ConcernPresenter:
    def __init__(self, concern: ProfessionalConcern, user, today: date):
        self.concern = concern
        self.user = user
        self.today = today

    @cached_property
    def can_manage(self) -> bool:
        return can(self.user, C.MANAGE_PROFESSIONAL_CONCERNS, self.concern)

    @property
    def title(self) -> str:
        return f"Professional concern {self.concern.reference}"

    @property
    def status(self) -> Tag:
        return Tag(label("professional_concern_stages", self.concern.stage),
                   "nhsuk-tag--grey" if self.concern.is_closed else "nhsuk-tag--purple")

    @cached_property
    def summary(self) -> list[dict]:
        c = self.concern
        return [
            row("Clinician", c.clinician.name),
            row("Profession", c.clinician.get_profession_display()),
            row("Registration", c.clinician.registration_label),
            row("Organisation", c.organisation.name),
            row("Raised", c.raised_on),
            row("Raised by", c.get_source_display()),
            row("Kind of concern", c.get_category_display()),
            row("What the concern is", c.summary),
            row("Restrictions on practice or exclusion", c.restrictions, "None"),
            row("Outcome", c.outcome, "Not decided yet"),
            row("Closed", format_date(c.closed_on, "Open")),
        ]

    @cached_property
    def timeline(self) -> list[dict]:
        return timeline(self.concern.steps.order_by("recorded_at"))

    @cached_property
    def actions(self) -> list[dict]:
        return action_rows(self.concern.actions.select_related("owner"), self.today)

    @property
    def stage_href(self) -> str | None:
        if self.can_manage and not self.concern.is_closed:
            return reverse("governance:concern-stage", args=[self.concern.pk])
        return None

    @property
    def add_action_href(self) -> str | None:
        return reverse("governance:concern-action-new", args=[self.concern.pk]) if self.can_manage else None

    @cached_property
    def mhps(self):
        """The Maintaining High Professional Standards section, once the concern has entered it."""
        from .mhps import MhpsPresenter

        case = getattr(self.concern, "mhps", None)
        return MhpsPresenter(case, self.today, self.can_manage) if case is not None else None

    @property
    def start_mhps_href(self) -> str | None:
        if self.can_manage and not self.concern.is_closed and self.mhps is None:
            return reverse("governance:mhps-start", args=[self.concern.pk])
        return None
