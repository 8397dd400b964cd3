"""Presenters keep templates free of logic: they decide what a page shows."""

from .home import MODULE_CARDS, HomePresenter, ModuleCard

__all__ = ["MODULE_CARDS", "HomePresenter", "ModuleCard"]
