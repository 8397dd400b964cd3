"""Shifts in (a rota file, or one shift by hand) and the dates productivity and results are read for."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django import forms
from django.utils import timezone

from oversight.core.forms import NHSUKForm, date_field, text, time_field


class NamedChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name if not hasattr(obj, "registration_label") else f"{obj.name} ({obj.registration_label})"


class ShiftImportForm(NHSUKForm):
    organisation = NamedChoice(queryset=None, label="Organisation whose clinicians the rota covers",
                               empty_label="Choose the organisation",
                               error_messages={"required": "Select the organisation"})
    file = forms.FileField(label="Rota export (CSV)",
                           help_text="Columns: registration_number, start, end, service, site, role; dates like "
                                     "2026-01-31 18:00 or 31/01/2026 18:00",
                           error_messages={"required": "Choose the CSV file to import"})

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class ShiftForm(NHSUKForm):
    clinician = NamedChoice(queryset=None, label="Clinician", empty_label="Choose the clinician",
                            error_messages={"required": "Select the clinician"})
    start_date = date_field("Start date")
    start_time = time_field("Start time", required=True)
    end_date = date_field("End date")
    end_time = time_field("End time", required=True)
    role = text("Role worked", max_length=80, help_text="For example GP, advanced nurse practitioner, paramedic")
    service = text("Service", max_length=120)
    site = text("Site or base (optional)", required=False, max_length=120)

    def __init__(self, *args, clinicians=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["clinician"].queryset = clinicians
        for name, label in (("start_time", "start time"), ("end_time", "end time")):
            self.fields[name].error_messages["required"] = f"Enter the {label}"

    def times(self) -> tuple[datetime, datetime]:
        data = self.cleaned_data
        return (timezone.make_aware(datetime.combine(data["start_date"], data["start_time"])),
                timezone.make_aware(datetime.combine(data["end_date"], data["end_time"])))


def quarter_start(day: date) -> date:
    return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


class DatesForm(NHSUKForm):
    """From and to (both included); by default the last full quarter and the one running now."""

    first = date_field("From", required=False)
    last = date_field("To", required=False)

    def dates(self, today: date) -> tuple[date, date]:
        default_first = quarter_start(quarter_start(today) - timedelta(days=1))
        if not self.is_valid():
            return default_first, today
        first = self.cleaned_data.get("first") or default_first
        last = self.cleaned_data.get("last") or today
        return (first, last) if first <= last else (last, first)
