"""The whole record's forms: why the viewer needs to see it (asked before each view, written to the audit
trail), the filters, a note, and a restriction of an item from the doctor's own view."""

from __future__ import annotations

from django import forms

from oversight.core.forms import NHSUKForm, choice_field, date_field, model_choice, text
from oversight.governance.forms.common import has_meaning

from ..models import RecordNoteKind
from ..record import KINDS

#: Why a Responsible Officer or medical director opens a doctor's whole record (need to know).
RECORD_REASONS = [
    ("revalidation", "Preparing a revalidation recommendation"),
    ("appraisal", "Preparing for or reviewing the doctor's appraisal"),
    ("concern", "Responding to a concern about the doctor"),
    ("mhps", "Managing an MHPS case or a Performers List case"),
    ("information_request", "A request from the GMC, another Responsible Officer or a coroner"),
    ("other", "Another reason"),
]


def reason_label(code: str) -> str:
    return dict(RECORD_REASONS).get(code, "")


class RecordReasonForm(NHSUKForm):
    """Asked every time the record is opened (a GET form: the filters and the download carry it)."""

    reason = choice_field(RECORD_REASONS, "Why do you need to see this doctor's whole record?",
                          error="Select why you need to see the doctor's whole record")
    detail = text("Details", required=False, textarea=True, max_length=500,
                  help_text="Required for another reason. Your reason is recorded in the audit trail with your name.")

    def clean(self):
        data = super().clean()
        if data.get("reason") == "other" and not has_meaning(data.get("detail") or ""):
            self.add_error("detail", "Enter the reason you need to see the doctor's whole record, in words")
        return data

    def reason_text(self) -> str:
        label = reason_label(self.cleaned_data["reason"])
        detail = (self.cleaned_data.get("detail") or "").strip()
        return f"{label}: {detail}" if detail else label


class RecordFilterForm(NHSUKForm):
    kind = choice_field([("", "Every kind"), *KINDS.items()], "Kind", required=False, widget=forms.Select)
    first = date_field("From", required=False)
    last = date_field("To", required=False, future=True)

    def clean(self):
        data = super().clean()
        if data.get("first") and data.get("last") and data["last"] < data["first"]:
            self.add_error("last", "The end date must be on or after the start date")
        return data


class RecordNoteForm(NHSUKForm):
    kind = model_choice(RecordNoteKind, "What kind of note is this?", error="Select what kind of note this is")
    occurred_on = date_field("Date", help_text="When it happened, or when it was notified")
    setting = text("Where (optional)", required=False,
                   help_text="The organisation or setting, for example an independent hospital or NHS Resolution")
    reference = text("Their reference (optional)", required=False, max_length=50)
    summary = text("What happened", textarea=True, max_length=2000,
                   help_text="Do not include patients' names, NHS numbers or other details that identify a patient.")
    outcome = text("Outcome (optional)", required=False, textarea=True, max_length=2000)
    closed_on = date_field("Date closed (optional)", required=False)


class RestrictForm(NHSUKForm):
    reason = text("Why may the doctor not see this yet?", textarea=True, max_length=1000,
                  error="Enter why the doctor may not see this yet",
                  help_text="For example: the doctor has not yet been told of the investigation. Recorded in the audit trail.")


class LiftForm(NHSUKForm):
    reason = text("Why may the doctor now see it? (optional)", required=False, textarea=True, max_length=1000)
