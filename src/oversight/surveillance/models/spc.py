"""Derived caches: the SPC result of every (provider, metric) series, per warehouse state.

Not audited: they can be deleted at any time and are rebuilt on the next request."""

from __future__ import annotations

from django.db import models

from oversight.core.models import BaseModel


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

    def __str__(self) -> str:
        return f"Chart of {self.metric} at {self.org_code}"
