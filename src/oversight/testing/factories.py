"""The foundation factories, for tests across apps. Each is defined beside its app's models
(organisations/tests/factories.py, accounts/tests/factories.py); this module gathers them."""

from oversight.accounts.tests.factories import (
    TEST_PASSWORD,
    RoleAssignmentFactory,
    UserFactory,
    api_token_for,
    user_with_role,
)
from oversight.organisations.tests.factories import OrganisationFactory, build_tree

__all__ = [
    "TEST_PASSWORD", "OrganisationFactory", "RoleAssignmentFactory", "UserFactory", "api_token_for", "build_tree",
    "user_with_role",
]
