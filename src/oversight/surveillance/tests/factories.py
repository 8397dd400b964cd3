"""Test data for surveillance: the synthetic warehouse, providers, escalations and actions."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from oversight.audit.context import acting_as, system_actor
from oversight.testing.factories import user_with_role
from oversight.warehouse import Warehouse

FIXTURES = Path(__file__).parent / "fixtures"
SYNTHETIC_AE = FIXTURES / "synthetic_ae_tidy.csv"


def synthetic_warehouse(path: Path) -> Path:
    """A warehouse holding the synthetic A&E series (fixtures/README.md)."""
    Warehouse(path).ingest("ae", [SYNTHETIC_AE])
    return path


def owner_at(organisation, username: str | None = None):
    """Someone who oversees the organisation and may own its actions (a chief medical officer)."""
    return user_with_role("chief_medical_officer", organisation, username=username)


def escalation_action(provider, owner, *, title: str = "Review the A&E signal", due_date: date = date(2030, 1, 1)):
    from ..services.escalation import create_action

    with acting_as(system_actor("tests")):
        return create_action(provider, title=title, owner=owner, due_date=due_date)


# A made-up NOF file (the wide layout of oversight.nof) for the test tree's trusts: TRA and TRB in region
# YR1, TRC in YR2. Segments with the 2025/26 method: TRA 1, TRC 2, TRB 3 (in deficit); a trust named in
# ``in_rsp`` is in the Recovery Support Programme, so its final segment is 5.
NOF_HEADER = "trust_code,trust_name,trust_type,in_deficit,in_rsp,OF0023,OF0020,OF0079,OF0081,OF1046,OF0048"
NOF_TRUSTS = {
    "TRA": "Trust A NHS Trust,Acute trust,no,{rsp},90,0,1.0,0.0,1,0.9",
    "TRB": "Trust B NHS Trust,Acute trust,yes,{rsp},80,2,-3.0,0.0,2,1.2",
    "TRC": "Trust C NHS Trust,Acute trust,no,{rsp},70,1,0.0,-0.6,2,1.1",
}


def nof_file(folder: Path, *, codes=tuple(NOF_TRUSTS), in_rsp=(), name: str = "nof.csv") -> Path:
    lines = [NOF_HEADER] + [f"{code},{NOF_TRUSTS[code].format(rsp='yes' if code in in_rsp else 'no')}" for code in codes]
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def load_synthetic_nof(period_label: str, *, in_rsp=(), codes=tuple(NOF_TRUSTS), actor=None):
    """Load a made-up NOF file as ``actor`` (default: a named test process); returns the NofLoadReport."""
    from ..services.nof import load_nof_file

    with tempfile.TemporaryDirectory() as folder, acting_as(actor or system_actor("tests")):
        path = nof_file(Path(folder), codes=codes, in_rsp=in_rsp, name=f"nof-{period_label.replace(' ', '-').replace('/', '-')}.csv")
        return load_nof_file(path, year="2025-26", period_label=period_label)
