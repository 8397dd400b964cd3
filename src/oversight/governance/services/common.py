"""Small pieces every service uses."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

from ..models import Theme


def today() -> date:
    return timezone.localdate()


def actor_label(user) -> str:
    if user is not None and getattr(user, "is_authenticated", False):
        return user.display_name
    return "Anonymous reporter"


def acting_user(user):
    return user if user is not None and getattr(user, "is_authenticated", False) else None


def not_in_future(value: date | None, field: str, what: str) -> None:
    if value is not None and value > today():
        raise ValidationError({field: f"{what} must be today or in the past"})


def not_before(value: date | None, earlier: date | None, field: str, what: str, earlier_what: str) -> None:
    if value is not None and earlier is not None and value < earlier:
        raise ValidationError({field: f"{what} must be on or after {earlier_what} ({earlier.day} {earlier:%B %Y})"})


def parse_theme_names(text: str) -> list[str]:
    seen, names = set(), []
    for raw in (text or "").replace(";", ",").split(","):
        name = " ".join(raw.split())[:80]
        if name and name.lower() not in seen:
            seen.add(name.lower())
            names.append(name[:1].upper() + name[1:])
    return names


def themes_named(names: list[str]) -> list[Theme]:
    themes = []
    for name in names:
        theme = Theme.objects.filter(name__iexact=name).first() or Theme.objects.create(name=name)
        themes.append(theme)
    return themes


def set_themes(case, text: str) -> None:
    case.themes.set(themes_named(parse_theme_names(text)))
