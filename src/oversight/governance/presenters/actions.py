"""Action lists and the action page."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from oversight.core.formatting import format_date

from ..models import Action
from .common import Tag, cell

CASE_URLS = {"incident": "governance:incident-detail", "complaint": "governance:complaint-detail",
             "concern": "governance:concern-detail"}


def action_tag(action: Action, today: date) -> Tag:
    if action.is_open and action.due_on < today:
        return Tag("Overdue", "nhsuk-tag--red")
    return Tag(action.get_status_display(), {"completed": "nhsuk-tag--green", "cancelled": "nhsuk-tag--grey",
                                             "in_progress": "nhsuk-tag--blue"}.get(action.status, "nhsuk-tag--white"))


def case_link(action: Action) -> dict:
    case = action.case
    return cell(case.reference, reverse(CASE_URLS[action.case_kind], args=[case.pk]))


def action_rows(actions, today: date, with_case: bool = False) -> list[dict]:
    rows = []
    for action in actions:
        tag = action_tag(action, today)
        item = {
            "description": cell(action.description[:120], reverse("governance:action-detail", args=[action.pk])),
            "owner": action.owner.display_name,
            "due": cell(format_date(action.due_on), sort=action.due_on.isoformat()),
            "status": tag.text,
        }
        if with_case:
            item["case"] = case_link(action)
        rows.append(item)
    return rows

