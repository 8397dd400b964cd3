"""The clinician audit's forms, on the NHS.UK form kit. The services check every rule again: these
give the page its field-level messages."""

from __future__ import annotations

from django import forms

from oversight.core.forms import NHSUKForm, choice_field, date_field, model_choice, text
from oversight.organisations.models import Organisation

from ..models import PanelDecision, Rating, SamplingMethod, ScreenOutcome

TEXT_LIMIT = 10_000
EXPORT_SHAPES = [("adastra", "Adastra"), ("cleric", "Cleric"), ("emis", "EMIS-style report")]


class OrganisationField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Organisation) -> str:
        return obj.name


def organisation_field() -> OrganisationField:
    return OrganisationField(queryset=Organisation.objects.none(), label="Organisation", empty_label="Choose the organisation",
                             error_messages={"required": "Select the organisation"})


def long_text(label: str, required: bool, help_text: str = "", rows: int = 5) -> forms.CharField:
    return forms.CharField(label=label, required=required, max_length=TEXT_LIMIT, help_text=help_text,
                           widget=forms.Textarea(attrs={"rows": rows}),
                           error_messages={"required": f"Enter {label[:1].lower()}{label[1:]}",
                                           "max_length": f"{label} must be {TEXT_LIMIT:,} characters or fewer"})


class ConsultationImportForm(NHSUKForm):
    organisation = organisation_field()
    shape = choice_field(EXPORT_SHAPES, "Clinical system the export comes from")
    file = forms.FileField(label="CSV export", help_text="One row per consultation, with a header row. "
                           "No patient identifiers: a file with NHS numbers or names is refused",
                           error_messages={"required": "Choose the CSV file to import"})

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class RoundForm(NHSUKForm):
    organisation = organisation_field()
    name = text("Name of the round", max_length=200, help_text="For example, Quarter 1 2026 to 2027")
    period_start = date_field("First day of the period", future=True)
    period_end = date_field("Last day of the period (optional)", required=False, future=True,
                            help_text="Leave blank for the configured period (a quarter)")
    sampling_method = model_choice(SamplingMethod, "How to sample")
    per_clinician = forms.IntegerField(label="Consultations per clinician", required=False, min_value=1, max_value=100,
                                       widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    percentage = forms.FloatField(label="Percentage of each clinician's consultations", required=False,
                                  min_value=0.01, max_value=100)

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class DrawSampleForm(NHSUKForm):
    seed = forms.IntegerField(label="Seed (optional)", required=False, min_value=0, max_value=2**48 - 1,
                              help_text="Leave blank for a new random seed. The seed is recorded: the same seed and "
                                        "the same consultations always give the same sample")


def rating_fields(form: forms.Form, criteria, required: bool) -> None:
    for criterion in criteria:
        form.fields[f"criterion_{criterion.code}"] = choice_field(
            list(Rating.choices), criterion.wording, required=required,
            error=f"Score the criterion: {criterion.wording}")


class ScoresForm(NHSUKForm):
    def __init__(self, *args, criteria=(), ratings_required=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        rating_fields(self, self.criteria, ratings_required)

    def ratings(self) -> dict:
        return {c.code: self.cleaned_data[f"criterion_{c.code}"] for c in self.criteria
                if self.cleaned_data.get(f"criterion_{c.code}")}


class ScreenForm(ScoresForm):
    outcome = model_choice(ScreenOutcome, "Outcome of the first screen")
    comment = long_text("Comment for the panel", required=False,
                        help_text="Needed when you refer the case: what the panel should look at")


class PanelForm(ScoresForm):
    decision = model_choice(PanelDecision, "Your decision")
    comment = long_text("Comment", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, ratings_required=True, **kwargs)


class ReleaseForm(NHSUKForm):
    feedback = long_text("Feedback for the clinician", required=True,
                         help_text="What went well and what to learn. The clinician reads this on their own page")


class ReflectionForm(NHSUKForm):
    reflection = long_text("Your reflection", required=True,
                           help_text="What you take from the feedback. Your appraiser and Responsible Officer can read it")
