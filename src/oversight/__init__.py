"""Oversight: clinical governance and quality oversight for the NHS in England."""
