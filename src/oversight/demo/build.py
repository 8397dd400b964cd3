"""``oversight demo``: a seeded, realistic demo. Running it twice gives the same result.

1. The synthetic region (region.py) and a user for every role.
2. Where ../shared is present: the real ODS trust list and the real published statistics.
3. Each domain app's own demo records (a ``demo`` module with ``build(region, rng)``).
"""

from __future__ import annotations

import importlib
import random
from dataclasses import dataclass, field

from django.db import transaction

from oversight.audit.context import acting_as, system_actor
from oversight.shared_data import shared_path

from .region import DemoRegion, build_region
from .users import DEMO_PASSWORD, build_users

# Domain apps that add demo records, in dependency order. Imported unguarded, like every front
# door's list: a step that does not import stops the demo rather than leaving its records out.
DEMO_STEPS = [
    "oversight.surveillance.demo",
    "oversight.governance.demo",
    "oversight.reports.demo",
    "oversight.urgent_care.demo",
    "oversight.clinical_performance.demo",
    "oversight.professional_standards.demo",
]


@dataclass
class DemoSummary:
    lines: list[str] = field(default_factory=list)
    users: list[tuple[str, str]] = field(default_factory=list)

    def text(self) -> str:
        out = ["Demo built:"] + [f"  {line}" for line in self.lines]
        out.append("")
        out.append(f"Sign in with any of these user names and the password {DEMO_PASSWORD!r}:")
        out += [f"  {username:<14} {description}" for username, description in self.users]
        return "\n".join(out)


def build_demo(seed: int = 2026) -> DemoSummary:
    summary = DemoSummary()
    rng = random.Random(seed)
    with acting_as(system_actor("oversight-demo")):
        real_region = _load_real_organisations(summary)
        with transaction.atomic():
            region = build_region()
            summary.lines.append(
                f"synthetic region {region.region.name}: {len(region.icbs)} ICBs, {len(region.trusts)} trusts, "
                f"{sum(len(s) for s in region.sites.values())} sites"
            )
            summary.users = build_users(region, real_region)
        _load_real_statistics(summary)
        for module_name in DEMO_STEPS:
            _run_step(module_name, region, rng, summary)
    return summary


def _load_real_organisations(summary: DemoSummary):
    from oversight.organisations.models import Organisation
    from oversight.organisations.services import load_ods_file

    path = shared_path("data", "ods_etr_nhs_trusts_2026.csv")
    if path is None:
        summary.lines.append("../shared not found: real NHS organisations and statistics skipped")
        return None
    report = load_ods_file(path)
    summary.lines.append(f"real NHS trusts from ODS: {report.rows} read ({report.created} new)")
    return Organisation.objects.filter(ods_code="Y63").first()


def _load_real_statistics(summary: DemoSummary) -> None:
    from django.conf import settings

    from oversight.warehouse.demo import load_published

    summary.lines.extend(load_published(settings.OVERSIGHT_WAREHOUSE))


def _run_step(module_name: str, region: DemoRegion, rng: random.Random, summary: DemoSummary) -> None:
    module = importlib.import_module(module_name)
    with transaction.atomic():
        line = module.build(region, rng)
    if line:
        summary.lines.append(line)
