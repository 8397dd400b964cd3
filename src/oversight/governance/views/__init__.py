"""Governance views, one module per idea."""
