"""Loaded publications: NHS England's NOF segmentation, one load per published file, with provenance."""

from __future__ import annotations

from django.db import models

from oversight.core.models import BaseModel


class NofLoadQuerySet(models.QuerySet):
    def in_force(self) -> NofLoad | None:
        """The load every page, report and API answer reads. Set explicitly (a new load is put in
        force; a revert puts back the one it replaced), never "whichever is newest"."""
        return self.filter(in_force=True).first()


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
    in_force = models.BooleanField(default=False)
    # The load that was in force when this one was put in force: what "revert" puts back.
    replaced = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reverted_at = models.DateTimeField(null=True, blank=True)
    reverted_by = models.CharField(max_length=200, blank=True)
    revert_reason = models.TextField(blank=True)

    objects = NofLoadQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["sha256", "year"], name="nof_file_loaded_once_per_method"),
            # Two loads in force at once would leave readers to guess: the database refuses it.
            models.UniqueConstraint(fields=["in_force"], condition=models.Q(in_force=True), name="one_nof_load_in_force"),
        ]

    def __str__(self) -> str:
        return f"NOF {self.period_label} ({self.file_name})"

    @property
    def status(self) -> str:
        if self.in_force:
            return "In force"
        return "Reverted" if self.reverted_at else "Replaced"


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

    def __str__(self) -> str:
        return f"{self.trust_code}: segment {self.from_segment or '–'} to {self.to_segment or '–'}"

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


