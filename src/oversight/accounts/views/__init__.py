"""Sign in, sign out and the user's own roles."""

from .my_account import my_account
from .sign_in import SignInView, sign_out

__all__ = ["SignInView", "my_account", "sign_out"]
