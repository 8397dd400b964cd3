"""Where the team's shared folder (``../shared``: NHS rules, real data, golden outputs) is.

It sits beside the project checkout. ``OVERSIGHT_SHARED`` overrides the location.
Nothing here copies shared data into the project: callers read it in place.
"""

from __future__ import annotations

from pathlib import Path

from oversight.config.paths import PROJECT_ROOT, shared_dir_candidate

__all__ = ["PROJECT_ROOT", "shared_dir", "shared_path"]


def shared_dir() -> Path | None:
    """The shared folder, or None when it is absent (e.g. a lone checkout)."""
    candidate = shared_dir_candidate()
    return candidate if candidate.is_dir() else None


def shared_path(*parts: str) -> Path | None:
    """A path inside the shared folder, or None when the folder or the file is absent."""
    root = shared_dir()
    if root is None:
        return None
    path = root.joinpath(*parts)
    return path if path.exists() else None
