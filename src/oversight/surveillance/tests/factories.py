"""Test data for surveillance: the synthetic warehouse, providers, escalations and actions."""

from __future__ import annotations

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
