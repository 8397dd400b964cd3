"""Urgent and emergency care service KPIs: NHS 111 / IUC ADC aggregates (from the warehouse) and
call-level event data. Rules: docs/rules/urgent-care.md."""
