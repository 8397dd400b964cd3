"""The audit trail page's newer and older links, keeping the filters."""

from __future__ import annotations

from django.http import QueryDict


class AuditTrailPages:
    def __init__(self, page, query: QueryDict):
        self.page = page
        self.query = query

    def _link(self, number: int) -> str:
        query = self.query.copy()
        query["page"] = str(number)
        return f"?{query.urlencode()}"

    @property
    def newer(self) -> str | None:
        return self._link(self.page.previous_page_number()) if self.page.has_previous() else None

    @property
    def older(self) -> str | None:
        return self._link(self.page.next_page_number()) if self.page.has_next() else None
