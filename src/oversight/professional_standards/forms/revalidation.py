"""Revalidation forms: a recommendation (the five deferral criteria as checkboxes), an Employer Liaison
contact, the GMC's outcome, a doctor's GMC state, the GMC list upload and the dashboard's filters. The
GMC's rules are the service's (services/revalidation.py); these check only what each field can hold."""

from __future__ import annotations

from django import forms

from oversight.core.forms import NHSUKForm, check_not_future, choice_field, date_field, model_choice, text
from oversight.workforce.models import Grade

from ..models import DEFERRAL_CRITERIA, DeferralReason, GmcOutcome, RecommendationKind
from ..revalidation import STATES


class RecommendationForm(NHSUKForm):
    kind = model_choice(RecommendationKind, "Recommendation", error="Select revalidate, defer or non-engagement")
    criteria = forms.MultipleChoiceField(
        label="The deferral criteria (all five must apply to defer)", required=False,
        widget=forms.CheckboxSelectMultiple, choices=list(DEFERRAL_CRITERIA),
        help_text="A deferral is not a way to raise fitness to practise concerns.")
    deferral_reason = choice_field(list(DeferralReason.choices), "Reason for the deferral", required=False)
    missing_information = text("What is missing, and where and when it will come from", required=False, textarea=True)
    defer_to = date_field("New submission date", required=False, future=True,
                          help_text="Later than the GMC submission date, and within the allowed range")
    local_processes_exhausted = forms.BooleanField(
        label="All reasonable local processes are exhausted (needed for non-engagement)", required=False)
    comments = text("Comments (optional)", required=False, textarea=True)

    sections = (
        ("", ["kind"]),
        ("If you defer", ["criteria", "deferral_reason", "missing_information", "defer_to"]),
        ("If you recommend non-engagement", ["local_processes_exhausted"]),
        ("", ["comments"]),
    )

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        chosen = set(data.pop("criteria") or [])
        for name, _ in DEFERRAL_CRITERIA:
            data[name] = name in chosen
        return data

    @classmethod
    def initial_of(cls, recommendation) -> dict:
        if recommendation is None:
            return {}
        return {"kind": recommendation.kind, "deferral_reason": recommendation.deferral_reason,
                "criteria": [name for name, _ in DEFERRAL_CRITERIA if getattr(recommendation, name)],
                "missing_information": recommendation.missing_information, "defer_to": recommendation.defer_to,
                "local_processes_exhausted": recommendation.local_processes_exhausted, "comments": recommendation.comments}


class ElsContactForm(NHSUKForm):
    contacted_on = date_field("Date of contact")
    adviser_name = text("Employer Liaison Adviser")
    summary = text("What was discussed and agreed", textarea=True)

    def clean_contacted_on(self):
        value = self.cleaned_data["contacted_on"]
        check_not_future(value, "The date of contact")
        return value


class GmcOutcomeForm(NHSUKForm):
    outcome = choice_field([(GmcOutcome.APPROVED.value, GmcOutcome.APPROVED.label),
                            (GmcOutcome.NOT_APPROVED.value, GmcOutcome.NOT_APPROVED.label)], "The GMC's outcome")
    on = date_field("Date of the GMC's outcome")
    next_submission_due_on = date_field("Next GMC submission date (optional)", required=False, future=True,
                                        help_text="As the GMC set it. Left blank: five years on for a revalidation, "
                                                  "the deferral's date for a deferral")

    def clean_on(self):
        value = self.cleaned_data["on"]
        check_not_future(value, "The date of the GMC's outcome")
        return value


class GmcStateForm(NHSUKForm):
    submission_due_on = date_field("GMC submission date", required=False, future=True)
    under_notice = forms.BooleanField(label="Under notice", required=False)
    on_hold = forms.BooleanField(label="On hold at the GMC (fitness to practise investigation)", required=False)
    cycle_started_on = date_field("Current revalidation cycle started (optional)", required=False)
    last_revalidated_on = date_field("Last revalidated (optional)", required=False)
    raised_public_interest_concern = forms.BooleanField(
        label="The doctor has raised a public-interest concern (a deferral or non-engagement needs Employer Liaison "
              "contact first)", required=False)


class GmcImportForm(NHSUKForm):
    file = forms.FileField(label="GMC Connect list (CSV)", error_messages={"required": "Choose the CSV file to import"})


SORTS = (("submission", "GMC submission date"), ("name", "Name"), ("grade", "Grade"), ("organisation", "Organisation"),
         ("deferrals", "Deferrals this cycle"))


class DashboardFilterForm(forms.Form):
    state = forms.ChoiceField(label="State", required=False, choices=[("", "Any state"), *STATES.items()])
    organisation = forms.ChoiceField(label="Organisation", required=False, choices=[("", "Any organisation")])
    grade = forms.ChoiceField(label="Grade", required=False, choices=[("", "Any grade"), *Grade.choices])
    month = forms.CharField(label="Submission month (YYYY-MM)", required=False, max_length=7,
                            widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    sort = forms.ChoiceField(label="Sort by", required=False, choices=SORTS)

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [("", "Any organisation"), *((o.ods_code, o.name) for o in organisations)]

    def clean_month(self):
        value = (self.cleaned_data.get("month") or "").strip()
        if value:
            try:
                year, month = (int(part) for part in value.split("-"))
                if not (1 <= month <= 12 and 1900 < year < 2200):
                    raise ValueError
            except ValueError:
                raise forms.ValidationError("Enter the month as year and month, like 2027-03") from None
        return value

    def values(self) -> dict:
        """The filters asked for. One that is not valid still filters, by what was typed (so it matches no one
        and the page says why), rather than being dropped silently to show every doctor."""
        chosen = {"state": "", "organisation": "", "grade": "", "month": "", "sort": "submission"}
        if not self.is_bound:
            return chosen
        self.is_valid()
        for name in chosen:
            if name in self.errors:
                chosen[name] = "" if name == "sort" else str(self.data.get(name, "")).strip()
            elif self.cleaned_data.get(name):
                chosen[name] = self.cleaned_data[name]
        return chosen
