"""Django for the commands that need the database: the settings DJANGO_SETTINGS_MODULE names, or the
local ones in a source checkout (oversight.config.paths.settings_module)."""

from __future__ import annotations

import os


def setup_django() -> None:
    from oversight.config.paths import settings_module

    os.environ["DJANGO_SETTINGS_MODULE"] = settings_module()
    import django

    django.setup()


def fail(message: str) -> int:
    """Print a command's error the one way and return the usage-error exit code."""
    import sys

    print(f"oversight: {message}", file=sys.stderr)
    return 2
