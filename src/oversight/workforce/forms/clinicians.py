"""Adding and correcting a clinician on the register: name, profession, the registration number their
regulator issues and the organisation that holds the record; with the register's fields (issue 13) when
the form is given the choices for them (designated bodies, Responsible Officers and line managers from
the organisations and people in the user's scope). Without those choices it is the short form the
professional concern flow and the governance API use."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms

from oversight.core.forms import NHSUKForm, date_field, model_choice, text
from oversight.organisations.models import Organisation

from ..models import (
    Clinician,
    Grade,
    LicenceStatus,
    PerformersListStatus,
    Profession,
    normalise_registration_number,
    registration_problem,
)

DOCTORS_ONLY = "Doctors only: leave blank for other professions."


class OrganisationField(forms.ModelChoiceField):
    """An organisation chosen by name (the queryset decides which)."""

    def label_from_instance(self, obj: Organisation) -> str:
        return obj.name


class OrganisationsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Organisation) -> str:
        return f"{obj.name} ({obj.ods_code})"


class PersonField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.display_name + (f", {obj.job_title}" if obj.job_title else "")


@dataclass(frozen=True)
class RegisterChoices:
    """What the register's fields may be chosen from (querysets, in the user's scope)."""

    designated_bodies: object
    responsible_officers: object
    people: object
    worked_at: object


def _choice(choices_class, label: str, help_text: str = "", empty: str = "Not recorded") -> forms.ChoiceField:
    field = model_choice(choices_class, label, required=False, widget=forms.Select)
    field.choices = [("", empty), *((k, v) for k, v in choices_class.choices if k)]
    field.help_text = help_text
    return field


class ClinicianForm(NHSUKForm):
    name = text("Full name", error="Enter the clinician's full name")
    profession = model_choice(Profession, "Profession", widget=forms.Select)
    registration_number = text("Registration number", max_length=20,
                               help_text="GMC number (7 digits) for doctors, NMC PIN (like 12A3456E) for nurses and "
                                         "midwives, HCPC number (like PA12345) for allied health professionals")
    organisation = OrganisationField(queryset=None, label="Organisation", empty_label="Choose the organisation",
                                     error_messages={"required": "Select the organisation"},
                                     help_text="The organisation that holds the clinician's record (usually the employer)")
    # --- the register (only when the form is given RegisterChoices) ---
    employee_number = text("ESR employee number (optional)", required=False, max_length=20)
    email = forms.EmailField(label="Email address (optional)", required=False,
                             error_messages={"invalid": "Enter an email address in the correct format, like name@nhs.net"})
    licence_status = _choice(LicenceStatus, "Licence to practise", f"As the GMC register shows it. {DOCTORS_ONLY}")
    on_gp_register = forms.BooleanField(label="On the GP Register", required=False, help_text=DOCTORS_ONLY)
    on_specialist_register = forms.BooleanField(label="On the Specialist Register", required=False, help_text=DOCTORS_ONLY)
    specialty = text("Specialty (optional)", required=False, max_length=100, help_text="For example, General surgery")
    grade = _choice(Grade, "Grade", DOCTORS_ONLY)
    performers_list_status = _choice(PerformersListStatus, "Performers List",
                                     "GPs only: their inclusion on the National Performers List", empty="Not applicable")
    designated_body = OrganisationField(queryset=None, label="Designated body", required=False,
                                        empty_label="Not connected",
                                        help_text="The organisation the doctor connects to for revalidation. " + DOCTORS_ONLY)
    responsible_officer = PersonField(queryset=None, label="Responsible Officer", required=False, empty_label="Not recorded",
                                      help_text="The designated body's Responsible Officer. " + DOCTORS_ONLY)
    connection_started_on = date_field("Connection start date (optional)", required=False,
                                       help_text="The date the doctor connected to the designated body")
    connection_ended_on = date_field("Connection end date (optional)", required=False,
                                     help_text="Only when the doctor has left the designated body", future=True)
    line_manager = PersonField(queryset=None, label="Line manager", required=False, empty_label="Not recorded",
                               help_text="An appraiser may not be the doctor's line manager")
    organisations_worked_at = OrganisationsField(queryset=None, label="Other organisations and sites worked at", required=False,
                                                 widget=forms.CheckboxSelectMultiple,
                                                 help_text="Every other organisation and site the clinician works at")

    BASIC = ("name", "profession", "registration_number", "organisation")
    sections = (
        ("", list(BASIC)),
        ("Contact", ["employee_number", "email"]),
        ("The GMC register", ["licence_status", "on_gp_register", "on_specialist_register", "specialty", "grade",
                              "performers_list_status"]),
        ("Revalidation", ["designated_body", "responsible_officer", "connection_started_on", "connection_ended_on"]),
        ("Where they work", ["organisations_worked_at", "line_manager"]),
    )

    def __init__(self, *args, organisations=None, register: RegisterChoices | None = None,
                 instance: Clinician | None = None, **kwargs):
        self.instance = instance
        if instance is not None and (not args or args[0] is None) and "initial" not in kwargs:
            kwargs["initial"] = initial_for(instance)
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.register = register
        if register is None:
            for name in list(self.fields):
                if name not in self.BASIC:
                    del self.fields[name]
        else:
            self.fields["designated_body"].queryset = register.designated_bodies
            self.fields["responsible_officer"].queryset = register.responsible_officers
            self.fields["line_manager"].queryset = register.people
            self.fields["organisations_worked_at"].queryset = register.worked_at

    def clean(self):
        data = super().clean()
        number = normalise_registration_number(data.get("registration_number", ""))
        if data.get("profession") and number:
            problem = registration_problem(data["profession"], number)
            if problem:
                self.add_error("registration_number", problem)
            elif data.get("organisation"):
                twins = Clinician.objects.filter(organisation=data["organisation"], registration_number=number)
                if self.instance is not None:
                    twins = twins.exclude(pk=self.instance.pk)
                if twins.exists():
                    self.add_error("registration_number", "A clinician with this registration number is already recorded here")
        data["registration_number"] = number
        started, ended = data.get("connection_started_on"), data.get("connection_ended_on")
        if started and ended and ended < started:
            self.add_error("connection_ended_on", "The connection end date must be on or after its start date")
        return data

    def service_data(self) -> dict:
        """The cleaned data as the services take it (blank choices as "", unset people as None)."""
        data = dict(self.cleaned_data)
        for name in ("licence_status", "grade", "performers_list_status", "employee_number", "email", "specialty"):
            if name in data:
                data[name] = data[name] or ""
        return data


def initial_for(clinician: Clinician) -> dict:
    initial = {name: getattr(clinician, name) for name in ("name", "profession", "registration_number", "employee_number",
                                                           "email", "licence_status", "on_gp_register",
                                                           "on_specialist_register", "specialty", "grade",
                                                           "performers_list_status", "connection_started_on",
                                                           "connection_ended_on")}
    for name in ("organisation", "designated_body", "responsible_officer", "line_manager"):
        initial[name] = getattr(clinician, f"{name}_id")
    initial["organisations_worked_at"] = list(clinician.organisations_worked_at.values_list("pk", flat=True))
    return initial


SORT_CHOICES = [("name", "Name"), ("profession", "Profession"), ("registration", "Registration number"),
                ("organisation", "Organisation"), ("grade", "Grade"), ("designated_body", "Designated body"),
                ("connected", "Connection start date"), ("-concerns", "Most concerns first")]


class ClinicianFilterForm(NHSUKForm):
    """The register list's filters and sort (GET); unset filters mean all."""

    profession = forms.ChoiceField(label="Profession", required=False, choices=[("", "All professions"), *Profession.choices])
    grade = forms.ChoiceField(label="Grade", required=False, choices=[("", "All grades"), *Grade.choices])
    organisation = OrganisationField(queryset=None, label="Organisation", required=False, empty_label="All organisations")
    designated_body = OrganisationField(queryset=None, label="Designated body", required=False,
                                        empty_label="All designated bodies")
    connected = forms.ChoiceField(label="Connected", required=False,
                                  choices=[("", "Connected or not"), ("yes", "Connected now"), ("no", "Not connected")])
    sort = forms.ChoiceField(label="Sort by", required=False, choices=SORT_CHOICES)

    def __init__(self, *args, organisations=None, designated_bodies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["designated_body"].queryset = designated_bodies

    def chosen(self) -> tuple[dict, str]:
        """(filters, sort) from valid input; anything invalid means no filters."""
        if not self.is_bound or not self.is_valid():
            return {}, "name"
        data = dict(self.cleaned_data)
        return data, data.pop("sort") or "name"


class RegisterImportForm(NHSUKForm):
    """The register import's upload: which shape the file takes, the file, where its rows belong."""

    mapping = forms.ChoiceField(label="What the file is", widget=forms.RadioSelect,
                                choices=[("esr", "An ESR extract (staff in post)"),
                                         ("gmc_connect", "A GMC Connect list of connected doctors")],
                                error_messages={"required": "Select what the file is"})
    file = forms.FileField(label="CSV file", help_text="Saved as CSV, with a header row",
                           error_messages={"required": "Choose the CSV file to import", "empty": "The file is empty"})
    mapping_file = forms.FileField(label="Column mapping (optional)", required=False,
                                   help_text="A TOML mapping file, when your file's headings or values differ from the "
                                             "standard ones. Leave empty to use the standard mapping")
    organisation = OrganisationField(queryset=None, label="Organisation for rows that do not name one", required=False,
                                     empty_label="None: every row names its organisation",
                                     help_text="For a GMC Connect list: the designated body whose list it is")
    update_existing = forms.BooleanField(label="Update clinicians already on the register", required=False,
                                         help_text="Without this, a clinician already on the register of the row's "
                                                   "organisation stops the import")

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
