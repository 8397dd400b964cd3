"""NHS organisations: region → integrated care board → trust → site, keyed by ODS code."""

from __future__ import annotations

from django.db import models

from oversight.core.models import BaseModel


class OrganisationKind(models.TextChoices):
    NATIONAL = "national", "National"
    REGION = "region", "NHS England region"
    ICB = "icb", "Integrated care board"
    TRUST = "trust", "NHS trust"
    SITE = "site", "Site"


class TrustType(models.TextChoices):
    ACUTE = "acute", "Acute"
    MENTAL_HEALTH_COMMUNITY = "mental_health_community", "Mental health and community"
    AMBULANCE = "ambulance", "Ambulance"
    OTHER = "other", "Other"


class OrganisationQuerySet(models.QuerySet):
    def open(self):
        return self.filter(close_date__isnull=True)

    def of_kind(self, kind: str):
        return self.filter(kind=kind)


class Organisation(BaseModel):
    ods_code = models.CharField("ODS code", max_length=12, unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=OrganisationKind.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    trust_type = models.CharField(max_length=40, choices=TrustType.choices, blank=True)
    address = models.CharField(max_length=300, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    open_date = models.DateField(null=True, blank=True)
    close_date = models.DateField(null=True, blank=True)
    # Synthetic organisations exist only in the demo region; never mix them up with real ones.
    is_synthetic = models.BooleanField(default=False)
    source = models.CharField(max_length=100, blank=True, help_text="Where this record came from")

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["kind", "name"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.ods_code})"

    @property
    def is_open(self) -> bool:
        return self.close_date is None

    def ancestors(self) -> list[Organisation]:
        chain, node = [], self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain

    def audit_organisation_code(self) -> str:
        return self.ods_code


def descendant_ids(root_ids: set) -> set:
    """Ids of the given organisations and everything below them (a few levels deep)."""
    found = set(root_ids)
    frontier = set(root_ids)
    while frontier:
        frontier = set(Organisation.objects.filter(parent_id__in=frontier).values_list("id", flat=True)) - found
        found |= frontier
    return found
