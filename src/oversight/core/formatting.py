"""Display formats used across pages (GOV.UK/NHS style: 5 March 2026, 12:30pm)."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone


def format_date(value: date | datetime | None, empty: str = "Not recorded") -> str:
    if value is None:
        return empty
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{value.day} {value:%B %Y}"


def format_datetime(value: datetime | None, empty: str = "Not recorded") -> str:
    if value is None:
        return empty
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    hour = local.hour % 12 or 12
    return f"{format_date(local)}, {hour}:{local:%M}{'am' if local.hour < 12 else 'pm'}"


def format_number(value, places: int = 0, empty: str = "–") -> str:
    if value is None:
        return empty
    return f"{value:,.{places}f}"


def format_percent(value, places: int = 1, empty: str = "–") -> str:
    """A proportion (0–1) as a percentage."""
    if value is None:
        return empty
    return f"{value * 100:.{places}f}%"


def register_filters(env) -> None:
    env.filters.update(
        date=format_date,
        datetime=format_datetime,
        number=format_number,
        percent=format_percent,
    )
