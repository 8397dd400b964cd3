"""Signing in and out."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import LoginView
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_http_methods

from ..forms import SignInForm


@method_decorator(login_not_required, name="dispatch")
class SignInView(LoginView):
    template_name = "accounts/sign_in.jinja"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return super().get_context_data(page_title="Sign in", oidc_enabled=settings.OIDC_ENABLED, **kwargs)


@require_http_methods(["GET", "POST"])
def sign_out(request):
    """GET asks to confirm; POST (with its CSRF token) signs out."""
    if request.method == "POST":
        logout(request)
        return redirect("accounts:sign-in")
    return render(request, "accounts/sign_out.jinja", {"page_title": "Sign out"})
