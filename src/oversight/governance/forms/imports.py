"""The bulk import page."""

from __future__ import annotations

from django import forms

from oversight.core.forms import NHSUKForm

from .places import OrganisationField

KINDS = [("incidents", "Incidents"), ("complaints", "Complaints")]


class ImportForm(NHSUKForm):
    kind = forms.ChoiceField(label="What the file contains", choices=KINDS, widget=forms.RadioSelect,
                             error_messages={"required": "Select what the file contains"})
    file = forms.FileField(label="CSV export", help_text="A Datix-style export with a header row",
                           error_messages={"required": "Choose the CSV file to import"})
    mapping = forms.FileField(label="Column mapping (optional)", required=False,
                              help_text="A TOML mapping file. Leave empty to use the standard Datix-style mapping")
    organisation = OrganisationField(queryset=None, label="Organisation for rows that do not name one",
                                          required=False, empty_label="None: every row must name its organisation",
                                          to_field_name="ods_code")
    again = forms.BooleanField(label="Import this file again, even though it has been imported before", required=False,
                               help_text="Only when the earlier import is known and a second copy of every row is wanted")

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
