"""Account forms, on the NHS.UK form kit."""

from .sign_in import SignInForm

__all__ = ["SignInForm"]
