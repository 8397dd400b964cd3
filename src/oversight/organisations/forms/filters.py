"""The organisation list's filters: name or ODS code, type, and whether to include closed ones."""

from __future__ import annotations

from django import forms
from django.db.models import Q

from oversight.core.forms import NHSUKForm, choice_field, text

from ..models import OrganisationKind


class OrganisationFilterForm(NHSUKForm):
    q = text("Name or ODS code", required=False)
    kind = choice_field([("", "All types"), *OrganisationKind.choices], "Type", required=False, widget=forms.Select)
    closed = forms.BooleanField(label="Include closed organisations", required=False)

    def filter(self, organisations):
        """The organisations the filters allow: open ones only unless closed ones are asked for."""
        data = self.cleaned_data if self.is_valid() else {"q": "", "kind": "", "closed": False}
        if data["kind"]:
            organisations = organisations.filter(kind=data["kind"])
        if query := data["q"].strip():
            organisations = organisations.filter(Q(name__icontains=query) | Q(ods_code__iexact=query))
        if not data["closed"]:
            organisations = organisations.filter(close_date__isnull=True)
        return organisations
