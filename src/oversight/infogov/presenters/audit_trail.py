"""The audit trail page: each entry as the page shows it, and the newer and older links, keeping
the filters."""

from __future__ import annotations

from django.http import QueryDict

from oversight.audit.models import AuditEntry


class AuditEntryRow:
    """What the page shows of an entry, and nothing more: the record by its description (references
    and kinds), the reason given, and the names of the fields that changed, never their values. The
    reader may hold no right to the record itself (a Guardian without concern access reading an
    entry about a professional concern), and values can be confidential text."""

    def __init__(self, entry: AuditEntry):
        self.entry = entry
        self.sequence = entry.sequence
        self.recorded_at = entry.recorded_at
        self.actor_label = entry.actor_label
        self.action = entry.get_action_display()
        self.reason = entry.reason

    @property
    def record(self) -> str:
        entry = self.entry
        return f"{entry.object_type}: {entry.object_repr}" if entry.object_repr else entry.object_type

    @property
    def changed(self) -> str:
        """The changed fields in words ("due on, status"); "" when the entry lists none."""
        names = self.entry.changes if isinstance(self.entry.changes, dict) else {}
        return ", ".join(sorted(name.replace("_", " ") for name in names))


class AuditTrailPages:
    def __init__(self, page, query: QueryDict):
        self.page = page
        self.query = query

    @property
    def rows(self) -> list[AuditEntryRow]:
        return [AuditEntryRow(entry) for entry in self.page.object_list]

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
