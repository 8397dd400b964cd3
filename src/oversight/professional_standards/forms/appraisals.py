"""Appraisal forms: scheduling the year and allocating the appraiser, recording the meeting and sign-off
with the supporting information checklist, approving a missed appraisal, and the list's filters. The
rules (conflicts of interest, date orders, the appraisal year's window) are the service's
(services/appraisals.py); these check only what each field can hold."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from oversight.core.forms import YES_NO_UNKNOWN, NHSUKForm, choice_field, date_field, model_choice, text

from ..appraisals import STATUSES, appraisal_year_of, category_choices, year_label
from ..models import SUPPORTING_INFORMATION, MissedReason

#: The supporting information that is a tick (colleague and patient feedback are dated fields).
TICKED = tuple((name, label) for name, label in SUPPORTING_INFORMATION if name.startswith("si_"))
NOT_SCHEDULED = "not_scheduled"
LIST_STATUSES = {**STATUSES, NOT_SCHEDULED: "Not scheduled"}


def year_choices(around: int | None = None, back: int = 4, ahead: int = 1) -> list[tuple[str, str]]:
    current = around if around is not None else appraisal_year_of(timezone.localdate())
    return [(str(year), year_label(year)) for year in range(current + ahead, current - back - 1, -1)]


def _tristate(value) -> str:
    return {True: "yes", False: "no"}.get(value, "unknown")


def _from_tristate(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value or "")


class AllocateForm(NHSUKForm):
    appraisal_year = choice_field([], "Appraisal year", widget=forms.Select)
    due_on = date_field("Due month (optional)", required=False, future=True,
                        help_text="Any day in the month the appraisal is due. Left blank: the month already set, or "
                                  "the same month as the doctor's last appraisal")
    appraiser = choice_field([], "Appraiser (optional)", required=False, widget=forms.Select,
                             help_text="Left blank, the appraisal year is scheduled without an appraiser. A conflict of "
                                       "interest (line manager, reciprocal appraisal, too many consecutive years) is refused")
    conflict_of_interest_note = text("Conflict of interest declared (optional)", required=False, textarea=True,
                                     help_text="Any interest the appraiser declared that the rules allow")

    def __init__(self, *args, appraisers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["appraisal_year"].choices = year_choices()
        self.fields["appraiser"].choices = [("", "No appraiser yet"), *((str(u.pk), u.display_name) for u in appraisers)]
        self._appraisers = {str(u.pk): u for u in appraisers}

    @property
    def chosen_appraiser(self):
        return self._appraisers.get(self.cleaned_data.get("appraiser") or "")

    @property
    def year(self) -> int:
        return int(self.cleaned_data["appraisal_year"])


class RecordForm(NHSUKForm):
    meeting_on = date_field("Appraisal meeting (optional)", required=False)
    signed_off_on = date_field("Outputs signed off (optional)", required=False,
                               help_text="On or after the meeting. Within 28 days of it for category 1a")
    outputs = text("Summary of appraisal outputs (optional)", required=False, textarea=True,
                   help_text="Needed to sign off. Confidential: seen by the doctor, their appraiser and the Responsible Officer")
    pdp_agreed = forms.BooleanField(label="Personal development plan agreed", required=False)
    supporting = forms.MultipleChoiceField(label="Supporting information discussed", required=False,
                                           widget=forms.CheckboxSelectMultiple, choices=list(TICKED))
    colleague_feedback_on = date_field("Colleague feedback (MSF) date (optional)", required=False,
                                       help_text="Needed at least once in each revalidation cycle")
    patient_feedback_on = date_field("Patient feedback date (optional)", required=False,
                                     help_text="Needed at least once in each revalidation cycle")
    declared_issues = choice_field(YES_NO_UNKNOWN, "Did the doctor declare issues (health, probity, governance)?",
                                   required=False)
    on_track = choice_field(YES_NO_UNKNOWN, "Does the appraiser judge the doctor on track for revalidation?",
                            required=False)

    sections = (
        ("The meeting and sign-off", ["meeting_on", "signed_off_on", "outputs", "pdp_agreed"]),
        ("Supporting information", ["supporting", "colleague_feedback_on", "patient_feedback_on"]),
        ("For the revalidation recommendation", ["declared_issues", "on_track"]),
    )

    @classmethod
    def initial_of(cls, appraisal) -> dict:
        return {"meeting_on": appraisal.meeting_on, "signed_off_on": appraisal.signed_off_on, "outputs": appraisal.outputs,
                "pdp_agreed": appraisal.pdp_agreed, "supporting": [n for n, _ in TICKED if getattr(appraisal, n)],
                "colleague_feedback_on": appraisal.colleague_feedback_on, "patient_feedback_on": appraisal.patient_feedback_on,
                "declared_issues": _tristate(appraisal.declared_issues), "on_track": _tristate(appraisal.on_track)}

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        ticked = set(data.pop("supporting") or [])
        for name, _ in TICKED:
            data[name] = name in ticked
        data["declared_issues"] = _from_tristate(data["declared_issues"])
        data["on_track"] = _from_tristate(data["on_track"])
        data["outputs"] = data.get("outputs") or ""
        return data

    def add_service_error(self, error) -> None:
        if hasattr(error, "error_dict"):
            from django.core.exceptions import ValidationError

            moved: dict[str, list[str]] = {}
            for name, messages in error.message_dict.items():
                moved.setdefault("supporting" if name in dict(TICKED) else name, []).extend(messages)
            error = ValidationError(moved)
        super().add_service_error(error)


class MissedForm(NHSUKForm):
    missed_reason = model_choice(MissedReason, "Why is the appraisal missed?",
                                 error="Select the reason the appraisal is missed")
    missed_note = text("Note (optional; needed for another reason)", required=False, textarea=True)


SORTS = (("due", "Due month"), ("name", "Name"), ("status", "Status"), ("category", "Category"), ("appraiser", "Appraiser"))


class AppraisalFilterForm(forms.Form):
    year = forms.ChoiceField(label="Appraisal year", required=False, choices=[])
    status = forms.ChoiceField(label="Status", required=False, choices=[("", "Any status"), *LIST_STATUSES.items()])
    category = forms.ChoiceField(label="Category", required=False, choices=[])
    appraiser = forms.ChoiceField(label="Appraiser", required=False, choices=[])
    sort = forms.ChoiceField(label="Sort by", required=False, choices=SORTS)

    def __init__(self, *args, appraisers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = year_choices()
        self.fields["category"].choices = [("", "Any category"), *category_choices(), ("none", "Not yet due or under way")]
        self.fields["appraiser"].choices = [("", "Any appraiser"), ("none", "No appraiser allocated"),
                                            *((str(u.pk), u.display_name) for u in appraisers)]

    def values(self) -> dict:
        current = str(appraisal_year_of(timezone.localdate()))
        if self.is_bound and self.is_valid():
            return {**self.cleaned_data, "year": self.cleaned_data.get("year") or current}
        return {"year": current, "status": "", "category": "", "appraiser": "", "sort": "due"}
