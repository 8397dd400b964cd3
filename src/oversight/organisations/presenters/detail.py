"""One organisation's page: its summary rows, breadcrumbs and the organisations within it."""

from __future__ import annotations

from functools import cached_property

from django.urls import reverse
from django.utils.html import format_html

from oversight.core.formatting import format_date

from ..models import Organisation


def organisation_link(organisation: Organisation):
    """A link to the organisation's page, as markup: the name is escaped once, here, and the link is not."""
    return format_html('<a href="{}">{}</a>', reverse("organisations:detail", args=[organisation.ods_code]),
                       organisation.name)


class OrganisationPresenter:
    def __init__(self, organisation: Organisation, children):
        self.organisation = organisation
        self.children = children

    @property
    def title(self) -> str:
        return self.organisation.name

    @property
    def kind(self) -> str:
        return self.organisation.get_kind_display()

    @cached_property
    def part_of(self) -> dict:
        parent = self.organisation.parent
        return {"html": organisation_link(parent)} if parent else {"text": "—"}

    @cached_property
    def status(self) -> str:
        closed = self.organisation.close_date
        return f"Closed {format_date(closed)}" if closed else "Open"

    @cached_property
    def summary_rows(self) -> list[dict]:
        o = self.organisation
        return [
            {"key": {"text": "ODS code"}, "value": {"text": o.ods_code}},
            {"key": {"text": "Part of"}, "value": self.part_of},
            {"key": {"text": "Address"}, "value": {"text": f"{o.address} {o.postcode}".strip() or "Not recorded"}},
            {"key": {"text": "Opened"}, "value": {"text": format_date(o.open_date)}},
            {"key": {"text": "Status"}, "value": {"text": self.status}},
            {"key": {"text": "Source"}, "value": {"text": o.source or "Not recorded"}},
        ]

    @cached_property
    def breadcrumbs(self) -> list[dict]:
        trail = [{"text": "Organisations", "href": reverse("organisations:list")}]
        return trail + [{"text": a.name, "href": reverse("organisations:detail", args=[a.ods_code])}
                        for a in reversed(self.organisation.ancestors())]

    @cached_property
    def child_rows(self) -> list[dict]:
        return [{"href": reverse("organisations:detail", args=[c.ods_code]), "name": c.name,
                 "kind": c.get_kind_display() + (", closed" if c.close_date else "")} for c in self.children]
