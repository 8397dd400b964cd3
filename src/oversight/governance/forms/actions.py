"""Action and evidence forms."""

from __future__ import annotations

from django import forms

from oversight.core.forms import NHSUKForm, date_field, model_choice, text

from ..models import ActionStatus


class OwnerField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.display_name}{f' ({obj.job_title})' if obj.job_title else ''}"


class ActionForm(NHSUKForm):
    description = text("What needs to be done", textarea=True)
    owner = OwnerField(queryset=None, label="Owner", empty_label="Choose who owns it",
                       error_messages={"required": "Select who owns the action"})
    due_on = date_field("Due date", future=True)

    def __init__(self, *args, owners=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners


class ActionUpdateForm(NHSUKForm):
    status = model_choice(ActionStatus, "Status")
    progress_note = text("Progress", required=False, textarea=True)
    completed_on = date_field("Date completed", required=False, help_text="Today, if left blank when completing")
    due_on = date_field("Due date", required=False, help_text="Change only if a new date has been agreed", future=True)


class EvidenceForm(NHSUKForm):
    file = forms.FileField(label="Upload evidence", help_text="PDF, Word, Excel, OpenDocument, PNG, JPEG, CSV or text, up to 10MB",
                           error_messages={"required": "Choose a file to upload", "empty": "The selected file is empty"})
