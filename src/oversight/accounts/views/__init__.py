"""Sign in, sign out and the user's own roles."""

from .my_account import my_account
from .sign_in import SignInView, sign_out
from .tokens import revoke as revoke_token
from .tokens import tokens

__all__ = ["SignInView", "my_account", "revoke_token", "sign_out", "tokens"]
