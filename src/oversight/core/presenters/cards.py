"""Cards linking to a module's pages, shown only to users who may open them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.urls import reverse

from oversight.accounts.access import can


@dataclass(frozen=True)
class ModuleCard:
    title: str
    description: str
    href: str


@dataclass(frozen=True)
class CardEntry:
    """A card as a module declares it: ``capabilities``, any one of which shows it."""

    title: str
    description: str
    url_name: str
    capabilities: tuple[str, ...]


def cards_for(user, entries: Iterable[CardEntry]) -> list[ModuleCard]:
    return [
        ModuleCard(entry.title, entry.description, reverse(entry.url_name))
        for entry in entries
        if any(can(user, capability) for capability in entry.capabilities)
    ]
