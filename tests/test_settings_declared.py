"""Settings are declared in one place: the environment is read only by oversight.config, and every
variable it reads is in the README's configuration table."""

from __future__ import annotations

import re
from pathlib import Path

import oversight

SRC = Path(oversight.__file__).parent
README = SRC.parents[1] / "README.md"
ENVIRONMENT_READ = re.compile(r"os\.environ|os\.getenv")
# Test support may read its own switches (e.g. which Chromium to drive); it never runs in a deployment.
EXEMPT = ("config", "testing")


def _code_files():
    for path in SRC.rglob("*.py"):
        relative = path.relative_to(SRC)
        if relative.parts[0] in EXEMPT or "tests" in relative.parts or "migrations" in relative.parts:
            continue
        yield relative, path.read_text(encoding="utf-8")


def test_only_the_config_package_reads_the_environment():
    readers = [str(relative) for relative, text in _code_files()
               if any(ENVIRONMENT_READ.search(line) and "DJANGO_SETTINGS_MODULE" not in line
                      for line in text.splitlines())]
    assert readers == [], "read the setting from django.conf.settings or oversight.config.paths instead"


def test_every_variable_the_settings_read_is_in_the_readme():
    config = "".join(path.read_text(encoding="utf-8") for path in (SRC / "config").rglob("*.py"))
    names = set(re.findall(r"""(?:environ(?:\.get)?[\[(]|env_(?:bool|list)\(|getenv\()\s*["']([A-Z][A-Z0-9_]+)["']""", config))
    names -= {"DJANGO_SETTINGS_MODULE"}
    table = README.read_text(encoding="utf-8").split("## Configuration", 1)[1].split("\n## ", 1)[0]
    missing = sorted(name for name in names
                     if f"`{name}`" not in table and not (name.startswith("OIDC_") and "`OIDC_*`" in table))
    assert names and missing == []
