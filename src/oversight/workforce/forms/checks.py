"""Adding a DBS check, a training record and indemnity cover to a clinician's checks page; filtering the
expiring list and the compliance page. The services check the dates' order and compute the expiry."""

from __future__ import annotations

from django import forms

from oversight.core.forms import NHSUKForm, choice_field, date_field, model_choice, text

from ..checks import STATUS_LABELS, training_rules
from ..models import DbsLevel, IndemnityKind, IndemnityProvider, StaffGroup

LEVELS = [("", "Not taught at levels"), *((str(n), f"Level {n}") for n in range(1, 6))]


class DbsCheckForm(NHSUKForm):
    level = model_choice(DbsLevel, "Level of check")
    certificate_number = text("Certificate number", max_length=20, help_text="12 digits, printed at the top right of the "
                                                                             "certificate")
    issued_on = date_field("Date of issue")
    on_update_service = forms.BooleanField(label="The certificate is on the DBS Update Service", required=False)
    update_service_joined_on = date_field("Date it joined the Update Service (optional)", required=False,
                                          help_text="It must join within 30 days of issue to stay current")


class TrainingForm(NHSUKForm):
    subject = choice_field([], "Subject", widget=forms.Select)
    level = choice_field(LEVELS, "Level", required=False, widget=forms.Select,
                         help_text="For safeguarding and the other subjects taught at levels")
    completed_on = date_field("Date completed")
    evidence_note = text("Evidence (optional)", required=False, textarea=True,
                         help_text="Where the certificate or record of completion is kept")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].choices = [("", "Choose the subject"), *training_rules().subject_choices()]


class IndemnityForm(NHSUKForm):
    provider = model_choice(IndemnityProvider, "Provider", widget=forms.Select)
    kind = model_choice(IndemnityKind, "Kind of cover")
    reference = text("Membership or policy number (optional)", required=False, max_length=40,
                     help_text="Not needed for NHS Resolution's state-backed schemes")
    starts_on = date_field("Date cover starts", future=True)
    expires_on = date_field("Date cover ends (optional)", required=False, future=True,
                            help_text="Leave blank for a state-backed scheme that covers the work while it lasts")


class OrganisationChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class ChecksFilterForm(NHSUKForm):
    """The expiring list's and the compliance page's filters (GET)."""

    organisation = OrganisationChoice(queryset=None, label="Organisation", required=False, empty_label="All organisations")
    staff_group = choice_field([("", "All staff groups"), *StaffGroup.choices], "Staff group", required=False,
                               widget=forms.Select)

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations

    def chosen(self) -> tuple:
        """(organisation or None, staff group or "") from valid filters; unset ones mean all."""
        if not self.is_bound or not self.is_valid():
            return None, ""
        return self.cleaned_data.get("organisation"), self.cleaned_data.get("staff_group") or ""


class ExpiringFilterForm(ChecksFilterForm):
    status = choice_field([("", "Expiring, expired or missing"), *((k, v) for k, v in STATUS_LABELS.items() if k != "valid")],
                          "Status", required=False, widget=forms.Select)
    kind = choice_field([("", "All checks"), ("dbs", "DBS checks"), ("training", "Training"), ("indemnity", "Indemnity")],
                        "Check", required=False, widget=forms.Select)
    within_days = forms.IntegerField(label="Expiring within (days)", required=False, min_value=1, max_value=730,
                                     error_messages={"invalid": "Enter the number of days as a whole number, like 60",
                                                     "min_value": "Enter at least 1 day",
                                                     "max_value": "Enter 730 days or fewer"})
