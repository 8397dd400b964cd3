"""The call-event upload: which organisation's calls, and the file (oversight.iuc's schema)."""

from __future__ import annotations

from django import forms

from oversight.core.forms import NHSUKForm


class CallEventsUploadForm(NHSUKForm):
    organisation = forms.ModelChoiceField(queryset=None, label="Whose calls these are", to_field_name="ods_code",
                                          error_messages={"required": "Select the organisation the calls belong to"})
    file = forms.FileField(label="Call events file", help_text="CSV or Parquet, one row per call, with the columns "
                           "described below. No patient identifiers.",
                           error_messages={"required": "Choose the call events file to load"})

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["organisation"].widget = forms.Select(choices=self.fields["organisation"].choices)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".parquet")):
            raise forms.ValidationError("The file must be a .csv or .parquet file")
        return upload
