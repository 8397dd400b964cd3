"""Users, the roles they hold for organisations, and API tokens for service accounts."""

from .tokens import TOKEN_PREFIX, APIToken
from .users import RoleAssignment, RoleAssignmentQuerySet, User

__all__ = ["TOKEN_PREFIX", "APIToken", "RoleAssignment", "RoleAssignmentQuerySet", "User"]
