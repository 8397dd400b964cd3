"""API tokens of the service accounts in the reader's scope: list, and revoke with a reason."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from ..decorators import capability_required
from ..forms.tokens import RevokeTokenForm
from ..models import APIToken
from ..presenters import token_rows
from ..roles import Capability
from ..selectors import tokens_in_scope
from ..services import AccountError, revoke_token


@capability_required(Capability.MANAGE_INFORMATION_GOVERNANCE)
def tokens(request):
    rows = token_rows(tokens_in_scope(request.user))
    return render(request, "accounts/tokens.jinja", {"page_title": "API tokens", "rows": rows})


@capability_required(Capability.MANAGE_INFORMATION_GOVERNANCE)
@require_http_methods(["GET", "POST"])
def revoke(request, key_id: str):
    token = tokens_in_scope(request.user).filter(key_id=key_id, revoked_at__isnull=True).first()
    if token is None:
        if APIToken.objects.filter(key_id=key_id, revoked_at__isnull=True).exists():
            raise PermissionDenied("That token's account holds no role in your organisations")
        raise Http404("No active token with that key id")
    form = RevokeTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            revoke_token(key_id=key_id, reason=form.cleaned_data["reason"])
        except AccountError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Token {key_id} for {token.user.username} is revoked.")
            return redirect("accounts:tokens")
    return render(request, "accounts/token_revoke.jinja",
                  {"page_title": "Revoke an API token", "token": token, "form": form})
