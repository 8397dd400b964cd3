"""The configurable rules governance uses: reference sets (harm levels, Never Events, learning
responses...) and the deadline policy (Duty of Candour, complaints).

Both come from the framework-free libraries. A deployment can point at its own copies:

- ``OVERSIGHT_REFERENCE_DIR`` (Django setting or environment variable): a folder of reference TOML
  files in the packaged format (docs/reference-data.md), e.g. a trust's own harm labels;
- ``OVERSIGHT_DEADLINES_FILE``: a deadlines TOML replacing the packaged one (docs/deadlines.md),
  e.g. 5 working days for the Duty of Candour notification.
"""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings

from oversight.deadlines import DeadlinePolicy, default_policy, load_policy
from oversight.reference import ReferenceSet, load


def _setting(name: str) -> str | None:
    # Declared in config/settings/base.py; "" means the packaged files.
    return getattr(settings, name) or None


def reference_set(name: str) -> ReferenceSet:
    return load(name, directory=_setting("OVERSIGHT_REFERENCE_DIR"))


def reference_directory() -> str | None:
    return _setting("OVERSIGHT_REFERENCE_DIR")


def label(set_name: str, code: str, empty: str = "Not recorded") -> str:
    if not code:
        return empty
    items = reference_set(set_name)
    return items.get(code).label if code in items else code


def choices(set_name: str, blank: str | None = None, active_only: bool = False) -> list[tuple[str, str]]:
    items = reference_set(set_name)
    pairs = [
        (item.code, item.label)
        for item in items
        if not (active_only and "active" in items.attribute_types and not item.get("active", True))
    ]
    return ([("", blank)] if blank is not None else []) + pairs


def deadline_policy() -> DeadlinePolicy:
    path = _setting("OVERSIGHT_DEADLINES_FILE")
    return _policy_from(path) if path else default_policy()


@lru_cache(maxsize=4)
def _policy_from(path: str) -> DeadlinePolicy:
    return load_policy(path)
