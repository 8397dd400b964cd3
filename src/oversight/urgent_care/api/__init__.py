"""Urgent care KPIs over the API (/api/v1/urgent-care): the same rules and access as the pages."""

from ninja import Router

PREFIX = "/urgent-care"
router = Router(tags=["urgent_care"])
