"""Urgent and emergency care service KPIs: NHS 111 / IUC ADC aggregates (from the warehouse) and
call-level event data. Rules: docs/rules/urgent-care-kpis.md.

The KPIs themselves live in the warehouse (oversight.iuc.store); this app keeps only who loaded which
call-event file, for which contracts, services, sites and clinicians: call-level data belongs to the
organisation that loaded it, and every read of it is scoped through these records."""

from .jobs import CallLoadJob, CallLoadJobStatus
from .loads import CallDataLoad

__all__ = ["CallDataLoad", "CallLoadJob", "CallLoadJobStatus"]
