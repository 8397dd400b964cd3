"""Forms (the NHS.UK form kit of oversight.core): SPC upload and options, surveillance levels, escalation actions, NOF upload."""

from __future__ import annotations

import re
from datetime import date

from django import forms
from django.utils import timezone

from oversight.core.forms import NHSUKForm, date_field, text

from ..models import ActionStatus, SignalKind
from ..selectors import level_choices
from ..signal_links import surveillance_page

DIRECTIONS = [
    ("increase", "Higher is better"),
    ("decrease", "Lower is better"),
    ("neutral", "Neither (no improvement direction)"),
]
MISSING = [("error", "Stop and tell me"), ("drop", "Leave those rows out")]
MAX_UPLOAD_BYTES = 50 * 1024 * 1024


def _planned_date(label: str, *, required: str, invalid: str, help_text: str = "") -> forms.DateField:
    """A planned date (review, due) from the form kit: at most five years ahead, as governance's are,
    with this form's own wording for an empty or unreadable date."""
    field = date_field(label, help_text=help_text, error=required, future=True)
    field.error_messages["invalid"] = invalid
    return field


class UploadForm(NHSUKForm):
    file = forms.FileField(
        label="CSV file",
        help_text="One row per point: a date column, a value column and optionally columns naming each series. "
        "Up to 50 MB.",
        error_messages={"required": "Choose a CSV file to upload"},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The file is larger than 50 MB")
        if upload.size == 0:
            raise forms.ValidationError("The file is empty")
        return upload


def _dates(text: str) -> list[str]:
    out = []
    for part in re.split(r"[\s,;]+", text.strip()):
        if not part:
            continue
        try:
            out.append(date.fromisoformat(part).isoformat())
        except ValueError as exc:
            raise forms.ValidationError(f"{part!r} is not a date like 2024-04-01") from exc
    return out


class AnalysisForm(NHSUKForm):
    date = forms.ChoiceField(label="Date column", error_messages={"required": "Choose the date column"})
    value = forms.ChoiceField(label="Value column", error_messages={"required": "Choose the value column"})
    by = forms.MultipleChoiceField(
        label="Series columns (optional)",
        required=False,
        help_text="Each distinct combination of these columns is one series, with its own chart.",
    )
    direction = forms.ChoiceField(label="Which way is improvement?", choices=DIRECTIONS, initial="increase")
    target = forms.FloatField(
        label="Target (optional)",
        required=False,
        help_text="In the units of the value column, for example 0.78 or 78. Used for the assurance icon.",
        error_messages={"invalid": "Enter the target as a number, for example 0.78"},
    )
    rebase = forms.CharField(
        label="Rebase dates (optional)",
        required=False,
        help_text="Dates where the process changed and new limits start, for example 2020-04-01, separated by "
        "commas. They apply to every series that has that date.",
    )
    missing = forms.ChoiceField(label="Rows with a missing value or date", choices=MISSING, initial="error")

    def __init__(self, *args, columns: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "Choose a column")] + [(c, c) for c in columns]
        self.fields["date"].choices = choices
        self.fields["value"].choices = choices
        self.fields["by"].choices = [(c, c) for c in columns]

    def clean_rebase(self):
        return _dates(self.cleaned_data.get("rebase", ""))

    def clean(self):
        data = super().clean()
        date_column, value_column = data.get("date"), data.get("value")
        if date_column and value_column and date_column == value_column:
            self.add_error("value", "The value column must differ from the date column")
        by = data.get("by") or []
        clash = [c for c in by if c in (date_column, value_column)]
        if clash:
            self.add_error("by", f"{clash[0]} is already the date or value column")
        return data


class LevelForm(NHSUKForm):
    level = forms.ChoiceField(label="Surveillance level", error_messages={"required": "Choose a level"})
    rationale = text(
        "Rationale",
        textarea=True,
        help_text="Why this level: the signals, intelligence and partners' views it rests on.",
        error="Give the reason for this level",
    )
    review_date = _planned_date("Review by", help_text="For example 2026-09-30", required="Enter a review date",
                                invalid="Enter the review date like 2026-09-30")  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = level_choices()


class ActionForm(NHSUKForm):
    title = forms.CharField(
        label="What needs to be done", max_length=200, error_messages={"required": "Say what needs to be done"}
    )
    detail = text("Detail (optional)", textarea=True, required=False)
    owner = forms.ChoiceField(label="Owner", error_messages={"required": "Choose who owns this action"})
    due_date = _planned_date("Due by", help_text="For example 2026-07-31", required="Enter a due date",
                             invalid="Enter the due date like 2026-07-31")  # fmt: skip
    signal_kind = forms.ChoiceField(choices=SignalKind.choices, widget=forms.HiddenInput, initial=SignalKind.MANUAL)
    signal_text = forms.CharField(widget=forms.HiddenInput, required=False, max_length=500)
    signal_url = forms.CharField(widget=forms.HiddenInput, required=False, max_length=500)

    def __init__(self, *args, owners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.owners = {str(u.id): u for u in owners}
        self.fields["owner"].choices = [("", "Choose an owner")] + [
            (str(u.id), f"{u.display_name}{' – ' + u.job_title if u.job_title else ''}") for u in owners
        ]

    def clean_owner(self):
        return self.owners.get(self.cleaned_data["owner"])

    def clean_signal_url(self):
        # The hidden link came from the query string "Raise an action" was opened with: a crafted
        # one is dropped (the action is still raised, without the link), never stored.
        return surveillance_page(self.cleaned_data.get("signal_url"))

    def clean_due_date(self):
        due = self.cleaned_data["due_date"]
        if due < timezone.localdate():
            raise forms.ValidationError("The due date must be today or later")
        return due


class ActionUpdateForm(NHSUKForm):
    status = forms.ChoiceField(label="Status", choices=ActionStatus.choices)
    owner = forms.ChoiceField(label="Owner")
    due_date = _planned_date("Due by", required="Enter a due date", invalid="Enter the due date like 2026-07-31")
    evidence_note = text(
        "Evidence and progress",
        textarea=True,
        required=False,
        help_text="What was done and where the evidence is. Needed to mark the action completed.",
    )

    def __init__(self, *args, owners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.owners = {str(u.id): u for u in owners}
        self.fields["owner"].choices = [
            (str(u.id), f"{u.display_name}{' – ' + u.job_title if u.job_title else ''}") for u in owners
        ]

    def clean_owner(self):
        return self.owners.get(self.cleaned_data["owner"])

    def clean(self):
        data = super().clean()
        if data.get("status") == ActionStatus.DONE and not (data.get("evidence_note") or "").strip():
            self.add_error("evidence_note", "Record the evidence that the action is complete")
        return data


class NofUploadForm(NHSUKForm):
    file = forms.FileField(
        label="NOF CSV file",
        help_text="NHS England's published NHS Oversight Framework CSV (long layout), e.g. "
        "nhs-oversight-framework-acute-trust-data.csv.",
        error_messages={"required": "Choose the NOF CSV file"},
    )
    year = forms.ChoiceField(label="Framework year")
    period_label = forms.CharField(
        label="Publication", max_length=40, help_text="For example Q1 2025/26",
        error_messages={"required": "Name the publication, for example Q1 2025/26"},
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from oversight.nof import available_years

        years = available_years()
        self.fields["year"].choices = [(y, y.replace("-", "/")) for y in years]
        if years:
            self.fields["year"].initial = years[-1]


class NofRevertForm(NHSUKForm):
    reason = forms.CharField(
        label="Why are you reverting this load?",
        widget=forms.Textarea,
        max_length=2000,
        help_text="For example: the wrong quarter's file was loaded. The reason is kept in the audit trail.",
        error_messages={"required": "Give the reason for reverting this load",
                        "max_length": "The reason must be 2,000 characters or fewer"},
    )  # fmt: skip


from .funnel import FunnelForm as FunnelForm  # noqa: E402  (the funnel analyst page's form lives in its own file)
