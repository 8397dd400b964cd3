"""Every ``docs/rules/<file>.md`` that code, TOML or tests cite exists, so a citation resolves in the repository."""

from __future__ import annotations

import re
from pathlib import Path

import oversight

SOURCE = Path(oversight.__file__).parent
RULES = SOURCE.parents[1] / "docs" / "rules"
CITATION = re.compile(r"docs/rules/([\w.-]+\.md)")


def cited() -> dict[str, list[str]]:
    """Each cited rules page -> the files that cite it."""
    found: dict[str, list[str]] = {}
    for path in SOURCE.rglob("*"):
        if path.suffix in {".py", ".toml", ".md", ".jinja"} and path.is_file():
            for name in CITATION.findall(path.read_text(encoding="utf-8", errors="replace")):
                found.setdefault(name, []).append(str(path.relative_to(SOURCE)))
    return found


def test_every_cited_rules_page_exists():
    missing = {name: files for name, files in cited().items() if not (RULES / name).is_file()}
    assert not missing, f"cited but not in docs/rules: {missing}"


def test_the_rule_files_cite_their_families():
    # The packaged rule files must point at the pages that hold their rules (the point of docs/rules).
    assert {"deadlines.md", "nof-2025-26.md", "harm-and-duty-of-candour.md", "never-events.md"} <= set(cited())
