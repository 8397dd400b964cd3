"""Surveillance records.

Three kinds of table:

* **Derived caches** (``SPCRun``, ``SeriesResult``, ``ChartCache``): the SPC result of every
  (provider, metric) series in the warehouse, computed once per warehouse load fingerprint. They can be
  deleted at any time and are rebuilt on the next request; they are not audited.
* **Loaded publications** (``NofLoad``, ``NofResult``, ``NofSegmentChange``): NHS England's NOF
  segmentation, one load per published file, with provenance (file name, SHA-256). Loads are recorded in
  the audit trail as data loads.
* **Decisions** (``Escalation``, ``LevelChange``, ``EscalationAction``): surveillance levels and owned
  actions. Governed records: every create, update and delete is audited.

Providers are keyed by their code as the published files give it (``provider_code``); the ODS
organisation is linked when there is one. Independent-sector providers and NHS 111 contract areas have
no ODS record: ``scope_region`` then holds the NHS England region their data places them in, which is
what decides who may see them.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone

from oversight.audit.governed import GovernedRecord
from oversight.core.models import BaseModel

# ---------------------------------------------------------------------------------------- SPC cache ----


class SPCRun(BaseModel):
    """The SPC results of one warehouse state. ``fingerprint`` covers the loads, the catalogue and the
    computation's version, so a new load (or a changed target) gives a new run."""

    fingerprint = models.CharField(max_length=64, unique=True)
    warehouse_path = models.CharField(max_length=500)
    computed_seconds = models.FloatField(default=0)
    series_count = models.PositiveIntegerField(default=0)
    # [{"load_id", "source", "file_name", "sha256", "loaded_at", "first_period", "last_period"}]
    loads = models.JSONField(default=list)
    # {metric: "YYYY-MM-DD"}: each metric's latest period in the warehouse
    latest_periods = models.JSONField(default=dict)
    # {org_code: {"name", "parents": {source: parent_name}, "sources": [...]}} as the files name them
    organisations = models.JSONField(default=dict)
    window_months = models.PositiveSmallIntegerField(default=36)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"SPC run {self.fingerprint[:12]} ({self.series_count} series)"


class SeriesResult(models.Model):
    """One (provider, metric) series: its latest point, limits, icons and whether a signal is new."""

    run = models.ForeignKey(SPCRun, on_delete=models.CASCADE, related_name="series")
    metric = models.CharField(max_length=60)
    org_code = models.CharField(max_length=20)
    first_period = models.DateField()
    latest_period = models.DateField()
    n_points = models.PositiveIntegerField()
    latest_value = models.FloatField(null=True)
    previous_value = models.FloatField(null=True)
    mean = models.FloatField(null=True)
    lpl = models.FloatField(null=True)
    upl = models.FloatField(null=True)
    target = models.FloatField(null=True)
    target_label = models.CharField(max_length=200, blank=True)
    point_type = models.CharField(max_length=40)  # of the latest point
    special_cause_type = models.CharField(max_length=40)  # the latest point's rule label
    variation_icon = models.CharField(max_length=30)
    assurance = models.CharField(max_length=30, blank=True)
    assurance_icon = models.CharField(max_length=20, blank=True)
    special_cause_points = models.PositiveIntegerField(default=0)  # in the latest rebase group
    latest_rules = models.CharField(max_length=100, blank=True)  # rules true at the latest point
    new_rules = models.CharField(max_length=100, blank=True)  # ...that were not true at the previous one
    new_signal = models.BooleanField(default=False)
    is_current = models.BooleanField(default=True)  # the series reaches its metric's latest period

    class Meta:
        indexes = [
            models.Index(fields=["run", "metric"]),
            models.Index(fields=["run", "org_code"]),
            models.Index(fields=["run", "new_signal"]),
        ]
        constraints = [models.UniqueConstraint(fields=["run", "metric", "org_code"], name="one_series_per_run")]

    def __str__(self) -> str:
        return f"{self.metric} {self.org_code}"


class ChartCache(models.Model):
    """A rendered MDC chart (vl-convert SVG), kept for the life of its run."""

    run = models.ForeignKey(SPCRun, on_delete=models.CASCADE, related_name="charts")
    metric = models.CharField(max_length=60)
    org_code = models.CharField(max_length=20)
    svg = models.TextField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["run", "metric", "org_code"], name="one_chart_per_series")]


# ------------------------------------------------------------------------------------------------ NOF ----


class NofLoad(BaseModel):
    """One published NOF file loaded and segmented by ``oversight.nof``."""

    year = models.CharField(max_length=7)  # "2025-26": the method year
    period_label = models.CharField(max_length=40)  # "Q1 2025/26"
    file_name = models.CharField(max_length=300)
    sha256 = models.CharField(max_length=64)
    size_bytes = models.PositiveBigIntegerField(default=0)
    loaded_by = models.CharField(max_length=200)
    trusts = models.PositiveIntegerField(default=0)
    segments = models.JSONField(default=dict)  # {"1": 17, ...}: final segments
    options = models.JSONField(default=dict)  # how the library was called
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["sha256", "year"], name="nof_file_loaded_once_per_method")
        ]

    def __str__(self) -> str:
        return f"NOF {self.period_label} ({self.file_name})"


class NofResult(models.Model):
    load = models.ForeignKey(NofLoad, on_delete=models.CASCADE, related_name="results")
    trust_code = models.CharField(max_length=12)
    trust_name = models.CharField(max_length=200)
    trust_type = models.CharField(max_length=60)
    trust_subtype = models.CharField(max_length=60, blank=True)
    region_name = models.CharField(max_length=60, blank=True)  # as the file names it
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    scope_region = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    average_score = models.FloatField(null=True)
    metrics_counted = models.PositiveIntegerField(null=True)
    unadjusted_segment = models.PositiveSmallIntegerField(null=True)
    adjusted_segment = models.PositiveSmallIntegerField(null=True)
    final_segment = models.PositiveSmallIntegerField(null=True)
    published_final_segment = models.PositiveSmallIntegerField(null=True)  # NHS England's OF5005
    in_deficit = models.BooleanField(default=False)
    in_rsp = models.BooleanField(default=False)
    rank = models.PositiveIntegerField(null=True)
    out_of = models.PositiveIntegerField(null=True)  # trusts ranked in the same trust type
    drivers = models.JSONField(default=list)  # [{"metric", "name", "domain", "score", "impact"}]
    scores = models.JSONField(default=list)  # [{"score_id", "name", "domain", "value", "units", "score"}]
    domains = models.JSONField(default=dict)  # {domain name: score}

    class Meta:
        ordering = ["trust_type", "rank", "average_score"]
        indexes = [models.Index(fields=["trust_code"])]
        constraints = [models.UniqueConstraint(fields=["load", "trust_code"], name="one_nof_row_per_trust")]

    def __str__(self) -> str:
        return f"{self.trust_code} segment {self.final_segment} ({self.load.period_label})"

    def audit_organisation_code(self) -> str:
        return self.trust_code


class NofSegmentChange(models.Model):
    """A trust whose final segment differs from the previous load (or appears or disappears)."""

    load = models.ForeignKey(NofLoad, on_delete=models.CASCADE, related_name="changes")
    previous_load = models.ForeignKey(NofLoad, on_delete=models.CASCADE, related_name="+")
    trust_code = models.CharField(max_length=12)
    trust_name = models.CharField(max_length=200)
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    scope_region = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_segment = models.PositiveSmallIntegerField(null=True)
    to_segment = models.PositiveSmallIntegerField(null=True)

    class Meta:
        ordering = ["trust_code"]

    @property
    def direction(self) -> str:
        if self.from_segment is None:
            return "new"
        if self.to_segment is None:
            return "no longer published"
        return "worse" if self.to_segment > self.from_segment else "better"

    def describe(self) -> str:
        if self.from_segment is None:
            return f"first published in segment {self.to_segment}"
        if self.to_segment is None:
            return f"not in this publication (was segment {self.from_segment})"
        return f"segment {self.from_segment} to {self.to_segment} ({self.direction})"


# ----------------------------------------------------------------------------------------- Escalation ----


class Escalation(GovernedRecord):
    """A provider's current National Quality Board surveillance level (one record per provider)."""

    provider_code = models.CharField(max_length=20, unique=True)
    provider_name = models.CharField(max_length=200)
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    scope_region = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    level = models.CharField(max_length=30)  # a code of the surveillance levels reference set
    rationale = models.TextField()
    review_date = models.DateField(null=True, blank=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["provider_name"]

    def __str__(self) -> str:
        return f"{self.provider_name} ({self.provider_code}): {self.level}"

    def audit_organisation_code(self) -> str:
        return self.provider_code

    @property
    def review_overdue(self) -> bool:
        return self.review_date is not None and self.review_date < timezone.localdate()


class LevelChange(GovernedRecord):
    """The history of an escalation's level, shown on the provider's escalation page."""

    escalation = models.ForeignKey(Escalation, on_delete=models.CASCADE, related_name="changes")
    from_level = models.CharField(max_length=30, blank=True)
    to_level = models.CharField(max_length=30)
    rationale = models.TextField()
    review_date = models.DateField(null=True, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    changed_by_label = models.CharField(max_length=200)

    class Meta:
        ordering = ["-created_at"]

    def audit_organisation_code(self) -> str:
        return self.escalation.provider_code


class ActionStatus(models.TextChoices):
    OPEN = "open", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Completed"
    CANCELLED = "cancelled", "Cancelled"


OPEN_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


class SignalKind(models.TextChoices):
    SPC_POINT = "spc_point", "Special-cause point on an SPC chart"
    NEW_THIS_MONTH = "new_this_month", "New special-cause signal this month"
    NOF_CHANGE = "nof_change", "NOF segment change"
    NOF_POSITION = "nof_position", "NOF segment and drivers"
    MANUAL = "manual", "Raised directly"


class ActionQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today: date | None = None):
        return self.open().filter(due_date__lt=today or timezone.localdate())


class EscalationAction(GovernedRecord):
    """An owned action on a provider, usually raised from a signal (linked back to it)."""

    escalation = models.ForeignKey(Escalation, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField("What needs to be done", max_length=200)
    detail = models.TextField(blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_date = models.DateField()
    status = models.CharField(max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    evidence_note = models.TextField(blank=True)
    completed_on = models.DateField(null=True, blank=True)
    signal_kind = models.CharField(max_length=30, choices=SignalKind.choices, default=SignalKind.MANUAL)
    signal_text = models.CharField(max_length=500, blank=True)
    signal_url = models.CharField(max_length=500, blank=True)
    is_demo = models.BooleanField(default=False)

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "created_at"]
        indexes = [models.Index(fields=["status", "due_date"])]

    def __str__(self) -> str:
        return f"{self.escalation.provider_code}: {self.title}"

    def audit_organisation_code(self) -> str:
        return self.escalation.provider_code

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_date < timezone.localdate()
