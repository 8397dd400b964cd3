"""Sign in and sign out."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import LoginView
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_http_methods

from .access import roles_of


@method_decorator(login_not_required, name="dispatch")
class SignInView(LoginView):
    template_name = "accounts/sign_in.jinja"
    redirect_authenticated_user = True
    extra_context = {"page_title": "Sign in", "oidc_enabled": settings.OIDC_ENABLED}


@require_http_methods(["GET", "POST"])
def sign_out(request):
    """GET asks to confirm; POST (with its CSRF token) signs out."""
    if request.method == "POST":
        logout(request)
        return redirect("accounts:sign-in")
    return render(request, "accounts/sign_out.jinja", {"page_title": "Sign out"})


def my_account(request):
    return render(
        request,
        "accounts/my_account.jinja",
        {"page_title": "Your roles", "assignments": roles_of(request.user)},
    )
