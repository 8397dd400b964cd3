"""Revoking an API token: the reason is recorded in the audit trail."""

from __future__ import annotations

from django import forms

from oversight.core.forms import NHSUKForm


class RevokeTokenForm(NHSUKForm):
    reason = forms.CharField(
        label="Why are you revoking this token?", max_length=500, strip=True,
        error_messages={"required": "Enter why you are revoking this token"},
        help_text="For example: the integration it served has been retired. Recorded in the audit trail.",
    )
