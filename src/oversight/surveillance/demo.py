"""Demo content for surveillance: the real published NOF Q1 2025/26 file, the SPC run over
the real statistics, and a few escalations on real North East and Yorkshire trusts,
marked as demo entries so nobody mistakes them for real decisions."""

from __future__ import annotations

from datetime import date, timedelta

from oversight.accounts.models import User
from oversight.shared_data import shared_path

from .models import Escalation
from .providers import provider_for
from .series import WarehouseUnavailable
from .services.escalation import create_action, set_level
from .services.nof import load_nof_file
from .services.spc_runs import current_run

NOF_FILE = ("data", "nhse_nof_2025-26_q1_acute_trust_data.csv")
# (trust, level, rationale, action) — real trusts, invented decisions.
DEMO_ESCALATIONS = [
    ("RR8", "enhanced", "Demo entry: four-hour A&E performance below the interim standard for six months.",
     "Demo entry: agree an urgent and emergency care recovery trajectory with the trust"),
    ("RHQ", "routine", "Demo entry: no concerns beyond routine monitoring.", ""),
    ("RCD", "intensive", "Demo entry: NOF segment 4 with deteriorating RTT waits.",
     "Demo entry: commission a diagnostic review of elective waiting list management"),
]


def build(region, rng) -> str:
    path = shared_path(*NOF_FILE)
    if path is None:
        return ""
    report = load_nof_file(path, year="2025-26", period_label="Q1 2025/26", loaded_by="oversight-demo")
    try:
        run = current_run()
    except WarehouseUnavailable:
        run = None
    owner = User.objects.filter(username="rmd").first()
    added = 0
    for code, level, rationale, action in DEMO_ESCALATIONS:
        provider = provider_for(code)
        if provider is None or Escalation.objects.filter(provider_code=code).exists():
            continue
        set_level(provider, level=level, rationale=rationale, review_date=date.today() + timedelta(days=90),
                  user=None, is_demo=True)
        if action and owner is not None:
            create_action(provider, title=action, owner=owner, due_date=date.today() + timedelta(days=rng.randint(-20, 60)),
                          is_demo=True)
        added += 1
    series = f"SPC over {run.series_count} provider series in {run.computed_seconds:.1f} s" if run else "no SPC run"
    return f"NOF Q1 2025/26: {report.load.results.count()} trusts; {added} demo escalations; {series}"
