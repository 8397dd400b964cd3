"""Forms on the NHS.UK form kit (oversight.core.forms)."""
