"""factory-boy factories for organisations, and the small test region the access tests use."""

from __future__ import annotations

import factory

from ..models import Organisation, OrganisationKind


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("ods_code",)

    ods_code = factory.Sequence(lambda n: f"T{n:04d}")
    name = factory.Sequence(lambda n: f"Test Trust {n} NHS Trust")
    kind = OrganisationKind.TRUST


def build_tree():
    """A small region: REG → ICB1 → TRUSTA (+ site), TRUSTB; and another region REG2 → TRUSTC."""
    region = OrganisationFactory(ods_code="YR1", name="Test Region", kind=OrganisationKind.REGION)
    icb = OrganisationFactory(ods_code="QI1", name="Test ICB", kind=OrganisationKind.ICB, parent=region)
    trust_a = OrganisationFactory(ods_code="TRA", name="Trust A NHS Trust", parent=icb)
    site_a = OrganisationFactory(ods_code="TRA01", name="Trust A Hospital", kind=OrganisationKind.SITE, parent=trust_a)
    trust_b = OrganisationFactory(ods_code="TRB", name="Trust B NHS Trust", parent=icb)
    region2 = OrganisationFactory(ods_code="YR2", name="Other Region", kind=OrganisationKind.REGION)
    trust_c = OrganisationFactory(ods_code="TRC", name="Trust C NHS Trust", parent=region2)
    return {"region": region, "icb": icb, "trust_a": trust_a, "site_a": site_a, "trust_b": trust_b,
            "region2": region2, "trust_c": trust_c}
