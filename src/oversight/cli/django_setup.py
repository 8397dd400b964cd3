"""Django for the commands that need the database (local settings unless told otherwise)."""

from __future__ import annotations

import os

DEFAULT_SETTINGS = "oversight.config.settings.local"


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", DEFAULT_SETTINGS)
    import django

    django.setup()


def fail(message: str) -> int:
    """Print a command's error the one way and return the usage-error exit code."""
    import sys

    print(f"oversight: {message}", file=sys.stderr)
    return 2
