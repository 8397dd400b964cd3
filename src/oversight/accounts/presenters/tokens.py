"""The API tokens page: each token of a service account in the reader's scope, in plain words."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from oversight.core.formatting import format_date, format_datetime

from ..models import APIToken


@dataclass(frozen=True)
class TokenRow:
    key_id: str
    account: str
    name: str
    issued: str
    expires: str
    last_used: str
    status: str
    active: bool


def _status(token: APIToken, now) -> tuple[str, bool]:
    if token.revoked_at:
        return f"Revoked {format_date(token.revoked_at)}", False
    if token.expires_at and token.expires_at <= now:
        return "Expired", False
    return "Active", True


def token_rows(tokens) -> list[TokenRow]:
    now = timezone.now()
    rows = []
    for token in tokens:
        status, active = _status(token, now)
        rows.append(TokenRow(
            key_id=token.key_id, account=token.user.username, name=token.name,
            issued=format_date(token.created_at),
            expires=format_date(token.expires_at, empty="Never (issued before expiry was required)"),
            last_used=format_datetime(token.last_used_at, empty="Never used"), status=status, active=active,
        ))
    return rows
