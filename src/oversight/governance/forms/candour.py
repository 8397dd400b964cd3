"""Recording each Duty of Candour step."""

from __future__ import annotations

from django import forms

from oversight.core.forms import NHSUKForm, date_field, model_choice, note_field, text

from ..models import RelevantPerson


class NotificationForm(NHSUKForm):
    notified_on = date_field("Date of the in-person notification")
    relevant_person = model_choice(RelevantPerson, "Who was told")
    notified_by = text("Told by", error="Enter who gave the notification", help_text="Name and role of the person (or people) who gave the notification")
    apology_given = forms.BooleanField(label="An apology was given", required=False,
                                       help_text="Regulation 20(3)(d): the notification must include an apology")
    note = note_field("What was said", help_text="A true account of the facts known, and the further enquiries planned")


class UnableToContactForm(NHSUKForm):
    recorded_on = date_field("Date")
    contact_attempts = text("Attempts made", textarea=True,
                            help_text="Regulation 20(5): keep a written record of every attempt to contact the person, or their refusal to speak")


class LetterForm(NHSUKForm):
    sent_on = date_field("Date the letter was sent")
    note = note_field()


class FurtherEnquiriesForm(NHSUKForm):
    further_enquiries = text("Further enquiries", textarea=True, help_text="What is being looked into, and how the person is kept informed")
    completed_on = date_field("Date the enquiries finished", required=False, help_text="Leave blank while they are still going on")


class AwarenessForm(NHSUKForm):
    awareness_date = date_field("Date the organisation became aware", help_text="Day 0: the due dates count from the day after")
    note = text("Why it changed", textarea=True)


STEP_FORMS = {
    "notification": NotificationForm,
    "unable_to_contact": UnableToContactForm,
    "written_follow_up": LetterForm,
    "further_enquiries": FurtherEnquiriesForm,
    "outcome_letter": LetterForm,
    "awareness_date": AwarenessForm,
}
