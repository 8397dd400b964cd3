"""Governance forms, one module per idea. Forms check input; services apply the rules."""
