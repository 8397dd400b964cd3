"""Incident forms: the report anyone can make, the review, the learning response and the list filters."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from oversight.core.forms import (
    YES_NO,
    YES_NO_UNKNOWN,
    NHSUKForm,
    check_not_future,
    date_field,
    note_field,
    text,
    time_field,
    yes_no,
)

from ..models import IncidentStatus
from ..services.incidents import check_learning_response
from .common import PatientDetailsForm, StaffNumbersField, reference_choice
from .places import PlaceField

PROLONGED_HELP = "Has it lasted, or is it likely to last, at least 28 days?"


def _harm_fields():
    return {
        "physical_harm": reference_choice("physical_harm", "Physical harm to the patient"),
        "psychological_harm": reference_choice("psychological_harm", "Psychological harm to the patient"),
        "prolonged_psychological_harm": forms.ChoiceField(
            label="Is the psychological harm prolonged?", help_text=PROLONGED_HELP, choices=YES_NO_UNKNOWN,
            widget=forms.RadioSelect, required=False,
        ),
        "never_event": reference_choice(
            "never_events", "Never Event", required=False, blank="No, or not sure", widget=forms.Select,
            help_text="Only if it meets the Never Events list", active_only=True,
        ),
    }


class IncidentReportForm(PatientDetailsForm):
    """Learn from Patient Safety Events (LFPSE) style: what, where, when, harm, who was involved."""

    sections = (
        ("What kind of event", ["event_type"]),
        ("Where and when", ["place", "location", "occurred_on", "occurred_time"]),
        ("What happened", ["description", "immediate_actions"]),
        ("Harm", ["physical_harm", "psychological_harm", "prolonged_psychological_harm", "never_event"]),
        ("Who was involved", ["patient_involved", "staff_involved", "staff_registration_numbers"]),
        ("The patient (optional)", ["patient_name", "patient_nhs_number", "patient_date_of_birth"]),
        ("About you (optional)", ["reporter_name", "reporter_contact"]),
    )

    event_type = reference_choice("lfpse_event_types", "What are you reporting?", error="Select what you are reporting")
    location = text("Ward, department or place", required=False, help_text="For example, Ward 7 or the emergency department")
    occurred_on = date_field("Date it happened")
    occurred_time = time_field("Time it happened (optional)")
    description = text("What happened?", textarea=True, error="Enter what happened",
                       help_text="Describe the facts: what happened, to whom (no names here) and what the effect was")
    immediate_actions = text("What was done straight away?", required=False, textarea=True)
    patient_involved = forms.ChoiceField(label="Was a patient involved?", choices=YES_NO, widget=forms.RadioSelect,
                                         error_messages={"required": "Select whether a patient was involved"})
    staff_involved = forms.ChoiceField(label="Were staff involved or affected?", choices=YES_NO, widget=forms.RadioSelect,
                                       error_messages={"required": "Select whether staff were involved"})
    staff_registration_numbers = StaffNumbersField("Registration numbers of the staff involved (optional)")
    reporter_name = text("Your name", required=False,
                         help_text="You can report anonymously. If you give your name, the team can ask you about it.")
    reporter_contact = text("Your email address or telephone number", required=False)

    def __init__(self, *args, places_within=None, name_staff: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(_harm_fields())
        self.fields["place"] = PlaceField(within_ids=places_within)
        if not name_staff:
            # Someone not signed in may not learn who is on a trust's register by guessing numbers: the
            # staff are named later by the case manager.
            del self.fields["staff_registration_numbers"]
        self.order_fields([name for _, names in self.sections for name in names])

    def clean_occurred_on(self):
        value = self.cleaned_data["occurred_on"]
        check_not_future(value, "The date it happened")
        return value

    def clean(self):
        data = super().clean()
        born, happened = data.get("patient_date_of_birth"), data.get("occurred_on")
        if born and happened and born > happened:
            self.add_error("patient_date_of_birth", "The date of birth must be on or before the date it happened")
        return data

    def incident_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "event_type": data["event_type"], "location": data["location"], "occurred_on": data["occurred_on"],
            "occurred_time": data["occurred_time"], "description": data["description"],
            "immediate_actions": data["immediate_actions"], "physical_harm": data["physical_harm"],
            "psychological_harm": data["psychological_harm"],
            "prolonged_psychological_harm": yes_no(data["prolonged_psychological_harm"]),
            "never_event": data["never_event"], "patient_involved": data["patient_involved"] == "yes",
            "staff_involved": data["staff_involved"] == "yes", "patient_name": data["patient_name"],
            "patient_nhs_number": data["patient_nhs_number"], "patient_date_of_birth": data["patient_date_of_birth"],
            "reporter_name": data["reporter_name"], "reporter_contact": data["reporter_contact"],
        }


class IncidentReviewForm(NHSUKForm):
    """The governance team confirms or corrects what the reporter said."""

    event_type = reference_choice("lfpse_event_types", "Event type")
    death_due_to_problems_in_care = forms.BooleanField(
        label="A death thought more likely than not to be due to problems in care", required=False,
        help_text="PSIRF requires a patient safety incident investigation (PSII) for these deaths",
    )
    themes = text("Themes", required=False, help_text="Separate themes with commas, for example: Falls, Night staffing")
    note = note_field("Review note")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(_harm_fields())
        self.order_fields(["event_type", "physical_harm", "psychological_harm", "prolonged_psychological_harm",
                           "never_event", "death_due_to_problems_in_care", "themes", "note"])

    @classmethod
    def initial_for(cls, incident) -> dict:
        prolonged = {True: "yes", False: "no"}.get(incident.prolonged_psychological_harm, "unknown")
        return {
            "event_type": incident.event_type, "physical_harm": incident.physical_harm,
            "psychological_harm": incident.psychological_harm, "prolonged_psychological_harm": prolonged,
            "never_event": incident.never_event, "death_due_to_problems_in_care": incident.death_due_to_problems_in_care,
            "themes": ", ".join(t.name for t in incident.themes.all()),
        }

    def step_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["prolonged_psychological_harm"] = yes_no(data["prolonged_psychological_harm"])
        return data


class LearningResponseForm(NHSUKForm):
    learning_response = reference_choice("learning_responses", "Learning response")
    note = note_field("Why this response")

    def __init__(self, *args, incident=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.incident = incident

    def clean_learning_response(self):
        value = self.cleaned_data["learning_response"]
        try:
            check_learning_response(self.incident, value)
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["learning_response"]) from None
        return value


class NoteForm(NHSUKForm):
    note = note_field()


class ShareLearningForm(NHSUKForm):
    title = text("Title for the learning library", help_text="A short summary, for example: Time out stopped wrong site surgery")
    summary = text("What we learned and what changed", textarea=True,
                   help_text="This is shared widely: do not include names or anything that identifies a patient")
    note = note_field()


class ThemesForm(NHSUKForm):
    themes = text("Themes", required=False, help_text="Separate themes with commas")


STEP_FORMS = {
    IncidentStatus.REVIEWED: IncidentReviewForm,
    IncidentStatus.RESPONSE_CHOSEN: LearningResponseForm,
    IncidentStatus.RESPONSE_UNDER_WAY: NoteForm,
    IncidentStatus.LEARNING_SHARED: ShareLearningForm,
    IncidentStatus.CLOSED: NoteForm,
}


class IncidentFilterForm(NHSUKForm):
    q = forms.CharField(label="Search reference or description", required=False)
    status = forms.ChoiceField(label="Status", required=False, choices=[("", "Any status"), *IncidentStatus.choices])
    physical_harm = forms.ChoiceField(label="Physical harm", required=False)
    event_type = forms.ChoiceField(label="Event type", required=False)
    organisation = forms.ChoiceField(label="Organisation", required=False)
    theme = forms.CharField(label="Theme", required=False)
    reported_from = forms.DateField(label="Reported from", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    reported_to = forms.DateField(label="Reported to", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    notifiable = forms.BooleanField(label="Duty of Candour applies", required=False)

    def __init__(self, *args, organisations=(), **kwargs):
        from ..configuration import choices

        super().__init__(*args, **kwargs)
        self.fields["physical_harm"].choices = choices("physical_harm", blank="Any harm")
        self.fields["event_type"].choices = choices("lfpse_event_types", blank="Any type")
        self.fields["organisation"].choices = [("", "All organisations")] + [(o.ods_code, o.name) for o in organisations]

    def clean(self):
        data = super().clean()
        start, end = data.get("reported_from"), data.get("reported_to")
        if start and end and start > end:
            self.add_error("reported_to", "The end date must be on or after the start date")
        return data
