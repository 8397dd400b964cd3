"""The audit trail's filters: which action, and whose."""

from __future__ import annotations

from django import forms

from oversight.audit.models import AuditAction
from oversight.core.forms import NHSUKForm, choice_field, text


class AuditTrailFilterForm(NHSUKForm):
    action = choice_field([("", "All actions"), *AuditAction.choices], "Action", required=False, widget=forms.Select)
    who = text("Person", required=False, max_length=150)

    def filter(self, entries):
        """The entries the filters allow; an unknown action or a bad value filters nothing out."""
        if not self.is_valid():
            return entries
        if self.cleaned_data["action"]:
            entries = entries.filter(action=self.cleaned_data["action"])
        if who := self.cleaned_data["who"].strip():
            entries = entries.filter(actor_label__icontains=who)
        return entries
