"""factory-boy factories for users and the roles they hold."""

from __future__ import annotations

import factory

from oversight.organisations.tests.factories import OrganisationFactory

from ..models import APIToken, RoleAssignment, User

TEST_PASSWORD = "correct-horse-battery-staple"


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


def user_with_role(role: str, organisation, username: str | None = None) -> User:
    user = UserFactory(username=username or f"{role}-{organisation.ods_code}".lower())
    RoleAssignment.objects.get_or_create(user=user, role=role, organisation=organisation)
    return user


def api_token_for(user: User, name: str = "test", days: int = 30) -> tuple[APIToken, str]:
    """A working API token: tokens open the API only for service accounts and always expire, so the
    account is made one (keeping its roles)."""
    from datetime import timedelta

    from django.utils import timezone

    if not user.is_service_account:
        User.objects.filter(pk=user.pk).update(is_service_account=True)
        user.is_service_account = True
    return APIToken.issue(user, name, expires_at=timezone.now() + timedelta(days=days))
