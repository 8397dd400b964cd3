"""Presenters keep templates free of logic: they decide what a page shows."""

from .cards import CardEntry, ModuleCard, cards_for
from .home import MODULE_CARDS, HomePresenter

__all__ = ["MODULE_CARDS", "CardEntry", "HomePresenter", "ModuleCard", "cards_for"]
