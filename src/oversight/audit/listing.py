"""A page of a confidential list, recorded in the audit trail: the one way a view pages a list of
people's records (the CSV analogue is ``exports.audited_csv``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.core.paginator import Page, Paginator

from .auditor import filters_reason, record
from .models import AuditAction

PAGE_SIZE = 50


@dataclass(frozen=True)
class ListedPage:
    page: Page
    # The request's query without its page number: the sort links, the CSV link and the pager keep it.
    query: str
    previous: str  # link to the page before ("" on the first)
    next: str  # link to the page after ("" on the last)

    @property
    def pages(self) -> dict[str, str]:
        return {"previous": self.previous, "next": self.next}


def audited_page(request, items: Sequence, *, object_type: str, what: str | Callable[[int], str], reason: str,
                 per_page: int = PAGE_SIZE) -> ListedPage:
    """The page the request asks for, and a VIEW entry saying what was listed (``what``, or
    ``what(count)`` of the list's length), why (``reason``) and which filters were set (never their
    values)."""
    page = Paginator(items, per_page).get_page(request.GET.get("page"))
    if callable(what):
        what = what(page.paginator.count)
    record(AuditAction.VIEW, object_type=object_type, object_repr=what[:300],
           reason=f"{reason} {filters_reason(request.GET)}")
    kept = request.GET.copy()
    kept.pop("page", None)
    query = kept.urlencode()
    prefix = f"?{query}&" if query else "?"
    return ListedPage(
        page=page, query=query,
        previous=f"{prefix}page={page.previous_page_number()}" if page.has_previous() else "",
        next=f"{prefix}page={page.next_page_number()}" if page.has_next() else "",
    )
