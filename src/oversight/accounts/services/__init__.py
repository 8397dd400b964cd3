"""The only writers of accounts, roles and tokens; every write is audited."""

from .accounts import AccountError, create_user, issue_token, revoke_token
from .roles import RoleError, grant_role, revoke_role

__all__ = ["AccountError", "RoleError", "create_user", "grant_role", "issue_token", "revoke_role", "revoke_token"]
