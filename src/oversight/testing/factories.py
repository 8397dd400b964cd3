"""factory-boy factories for the foundation models."""

from __future__ import annotations

import factory

from oversight.accounts.models import RoleAssignment, User
from oversight.organisations.models import Organisation, OrganisationKind

TEST_PASSWORD = "correct-horse-battery-staple"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("ods_code",)

    ods_code = factory.Sequence(lambda n: f"T{n:04d}")
    name = factory.Sequence(lambda n: f"Test Trust {n} NHS Trust")
    kind = OrganisationKind.TRUST


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"User {n}")

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or TEST_PASSWORD)
        if create:
            self.save(update_fields=["password"])


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = "chief_medical_officer"


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


def user_with_role(role: str, organisation, username: str | None = None) -> User:
    user = UserFactory(username=username or f"{role}-{organisation.ods_code}".lower())
    RoleAssignment.objects.get_or_create(user=user, role=role, organisation=organisation)
    return user
