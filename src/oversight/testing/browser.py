"""Browser testing support: Debian's Chromium driven by Playwright, and axe checks.

Never a downloaded browser: the machines have no route to one. Install Debian's package
(`make test` does) and Playwright drives /usr/bin/chromium.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from oversight.shared_data import PROJECT_ROOT

CHROMIUM = os.environ.get("OVERSIGHT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-quic",
]
AXE_JS = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"


def axe_violations(page, impact_levels=("serious", "critical", "moderate", "minor")) -> list[dict]:
    """Run axe-core (WCAG 2.2 A and AA rules) on the page as it is now."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(Path(AXE_JS).read_text())
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})"
    )
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in impact_levels
    ]


def describe(violations: list[dict]) -> str:
    return json.dumps(violations, indent=1)
