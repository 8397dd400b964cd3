"""The sign-in form: Django's authentication check, with NHS.UK messages and error links."""

from __future__ import annotations

from django.contrib.auth.forms import AuthenticationForm

from oversight.core.forms import NHSUKForm


class SignInForm(NHSUKForm, AuthenticationForm):
    """A wrong username and a wrong password get the same message (Django's): a page must never say
    whether an account name exists."""

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"
