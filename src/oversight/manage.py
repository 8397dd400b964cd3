"""Django's management commands, for developers: ``python -m oversight.manage ...``."""

import os
import sys


def main() -> None:
    from oversight.config.paths import settings_module

    os.environ["DJANGO_SETTINGS_MODULE"] = settings_module()
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
