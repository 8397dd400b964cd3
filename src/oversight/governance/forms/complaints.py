"""Complaint forms: intake (with the 12-month warning), each handling step, and list filters."""

from __future__ import annotations

from django import forms

from oversight.core.forms import NHSUKForm, date_field, model_choice, note_field, text

from ..models import ComplainantRelationship, ComplaintOutcome, ComplaintStatus, OmbudsmanOutcome
from .common import PatientDetailsForm, StaffNumbersField, reference_choice
from .places import PlaceField


class ComplaintForm(PatientDetailsForm):
    sections = (
        ("The complaint", ["place", "channel", "received_on", "summary"]),
        ("When it happened", ["events_on", "became_aware_on", "time_limit_note"]),
        ("The complainant", ["complainant_name", "complainant_contact", "complainant_relationship"]),
        ("The patient (if not the complainant)", ["patient_name", "patient_nhs_number", "patient_date_of_birth"]),
        ("Staff the complaint is about (optional)", ["staff_registration_numbers"]),
        ("Themes", ["themes"]),
    )

    channel = reference_choice("complaint_channels", "How was the complaint made?", error="Select how the complaint was made",
                               help_text="An oral complaint must be written down: record it in the summary")
    received_on = date_field("Date received")
    summary = text("What the complaint is about", textarea=True)
    events_on = date_field("When the events complained about happened", help_text="If over a period, the latest date")
    became_aware_on = date_field("When the complainant became aware of them, if later", required=False)
    time_limit_note = text(
        "Reason for considering a complaint made after the 12-month time limit", required=False, textarea=True,
        help_text="Only needed when the complaint is more than 12 months after the events (or awareness of them): "
        "the limit does not apply if there was good reason for the delay and it can still be investigated fairly",
    )
    complainant_name = text("Complainant's name")
    complainant_contact = text("Complainant's address, email or telephone", required=False, max_length=300)
    complainant_relationship = model_choice(ComplainantRelationship, "Complainant is",
                                            error="Select who the complainant is")
    staff_registration_numbers = StaffNumbersField("Registration numbers of the staff the complaint is about")
    themes = text("Themes", required=False, help_text="Separate themes with commas")

    def __init__(self, *args, places_within=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"] = PlaceField(within_ids=places_within, label="Organisation or site complained about",
                                          empty_label="Choose the organisation or site")
        self.order_fields([name for _, names in self.sections for name in names])

    def complaint_fields(self) -> dict:
        data = self.cleaned_data
        keys = ("channel", "received_on", "summary", "events_on", "became_aware_on", "complainant_name",
                "complainant_contact", "complainant_relationship", "patient_name", "patient_nhs_number",
                "patient_date_of_birth")
        return {key: data[key] for key in keys}


class AcknowledgeForm(NHSUKForm):
    acknowledged_on = date_field("Date acknowledged")
    note = note_field(help_text="For example, the offer to discuss how the complaint will be handled")


class AgreeDateForm(NHSUKForm):
    agreed_date = date_field("New response date", future=True)
    agreed_on = date_field("Date it was agreed with the complainant",
                           help_text="It must be agreed before the 6 months (or the previous agreed date) run out")
    note = note_field()


class HoldingLetterForm(NHSUKForm):
    sent_on = date_field("Date sent")
    reason = text("Why the response is delayed", textarea=True)
    expected_response_on = date_field("When the complainant can expect the response", required=False, future=True)


class ResponseForm(NHSUKForm):
    sent_on = date_field("Date the response was sent")
    signed_by = text("Signed by", error="Enter who signed the response", help_text="The response must be signed, usually by the chief executive")
    outcome = model_choice(ComplaintOutcome, "Outcome")
    note = note_field()


class OmbudsmanReferralForm(NHSUKForm):
    referred_on = date_field("Date the complainant went to the Ombudsman")
    reference = text("Ombudsman's reference", required=False, max_length=50)
    note = note_field()


class OmbudsmanOutcomeForm(NHSUKForm):
    outcome = model_choice(OmbudsmanOutcome, "The Ombudsman's decision")
    note = note_field()


class ComplaintDatesForm(NHSUKForm):
    """Correcting the dates a complaint's deadlines count from (a typing error, or an import): each
    date recorded so far can be changed; why is required and kept in the timeline."""

    received_on = date_field("Date received")
    events_on = date_field("When the events complained about happened")
    became_aware_on = date_field("When the complainant became aware of them, if later", required=False)
    acknowledged_on = date_field("Date acknowledged")
    agreed_response_date = date_field("Agreed response date", required=False, future=True,
                                      help_text="Leave both agreed dates blank if no later date was agreed")
    response_date_agreed_on = date_field("Date the response date was agreed", required=False)
    response_sent_on = date_field("Date the response was sent")
    note = text("Why the dates changed", textarea=True)

    # Dates a step records: shown only once the step has been recorded.
    STEP_DATES = ("acknowledged_on", "response_sent_on")

    def __init__(self, *args, complaint=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.STEP_DATES:
            if complaint is not None and getattr(complaint, name) is None:
                del self.fields[name]

    @classmethod
    def initial_for(cls, complaint) -> dict:
        names = ("received_on", "events_on", "became_aware_on", "agreed_response_date", "response_date_agreed_on",
                 *cls.STEP_DATES)
        return {name: getattr(complaint, name) for name in names}


class ComplaintNoteForm(NHSUKForm):
    note = note_field()


STEP_FORMS = {
    "acknowledged": AcknowledgeForm,
    "investigating": ComplaintNoteForm,
    "agreed_date": AgreeDateForm,
    "holding_letter": HoldingLetterForm,
    "responded": ResponseForm,
    "phso_referral": OmbudsmanReferralForm,
    "phso_outcome": OmbudsmanOutcomeForm,
    "closed": ComplaintNoteForm,
}


class ComplaintFilterForm(NHSUKForm):
    q = forms.CharField(label="Search reference or summary", required=False)
    status = forms.ChoiceField(label="Status", required=False, choices=[("", "Any status"), *ComplaintStatus.choices])
    organisation = forms.ChoiceField(label="Organisation", required=False)
    theme = forms.CharField(label="Theme", required=False)

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [("", "All organisations")] + [(o.ods_code, o.name) for o in organisations]
