"""MHPS forms: start the process, the case's people and contacts, exclusions and restrictions (and
their renewal, review and lifting), Performers List actions, and closing with the outcome."""

from __future__ import annotations

from django import forms

from oversight.core.forms import NHSUKForm, check_not_future, date_field, model_choice, text

from ..models import ExclusionKind, MhpsOutcome, PerformersListActionKind


def _person(label: str) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(queryset=None, label=label, required=False, empty_label="Not an Oversight user",
                                  help_text="Or give their name below if they do not use Oversight")


class MhpsPeopleForm(NHSUKForm):
    sections = (
        ("Who runs the case", ["case_manager", "case_manager_name", "case_investigator", "case_investigator_name",
                               "designated_board_member"]),
    )

    case_manager_name = text("Case manager's name (if not an Oversight user)", required=False)
    case_investigator_name = text("Case investigator's name (if not an Oversight user)", required=False)
    designated_board_member = text("Designated Board member", required=False,
                                   help_text="The non-executive Board member who oversees the case")

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case_manager"] = _person("Case manager")
        self.fields["case_investigator"] = _person("Case investigator")
        for name in ("case_manager", "case_investigator"):
            self.fields[name].queryset = people
        self.order_fields([name for _, names in self.sections for name in names])

    def clean(self):
        data = super().clean()
        for role in ("case_manager", "case_investigator"):
            if data.get(role) and (data.get(f"{role}_name") or "").strip():
                self.add_error(f"{role}_name", "Choose a user or give a name, not both")
        return data


class MhpsStartForm(MhpsPeopleForm):
    sections = (("When", ["started_on"]), *MhpsPeopleForm.sections)

    started_on = date_field("Date MHPS started")

    def clean_started_on(self):
        value = self.cleaned_data["started_on"]
        check_not_future(value, "The date MHPS started")
        return value


class MhpsCaseForm(MhpsPeopleForm):
    sections = (
        *MhpsPeopleForm.sections,
        ("NHS Resolution Practitioner Performance Advice", ["ppa_contacted_on", "ppa_advice_summary"]),
        ("Referrals", ["gmc_referred_on", "els_referred_on"]),
    )

    ppa_contacted_on = date_field("Date Practitioner Performance Advice (PPA) was contacted", required=False,
                                  help_text="PPA (formerly NCAS) must be consulted before a formal exclusion")
    ppa_advice_summary = text("Summary of PPA's advice", required=False, textarea=True)
    gmc_referred_on = date_field("Date referred to the GMC", required=False)
    els_referred_on = date_field("Date the GMC Employer Liaison Adviser was contacted", required=False)

    @classmethod
    def initial_for(cls, case) -> dict:
        names = ("case_manager", "case_manager_name", "case_investigator", "case_investigator_name",
                 "designated_board_member", "ppa_contacted_on", "ppa_advice_summary", "gmc_referred_on", "els_referred_on")
        return {name: getattr(case, name) for name in names}


class ExclusionForm(NHSUKForm):
    kind = model_choice(ExclusionKind, "What is it?", error="Select an exclusion or a restriction of practice")
    starts_on = date_field("First day", future=True)
    ends_on = date_field("Last day", required=False, future=True,
                         help_text="At most 2 weeks for an immediate exclusion, 4 weeks for each period of a formal "
                                   "exclusion. A restriction of practice may have no end date.")
    details = text("Terms of the exclusion, or what the restriction is", required=False, textarea=True)


class RenewalForm(NHSUKForm):
    reviewed_on = date_field("Date of the review before renewal",
                             help_text="A formal exclusion is reviewed before each renewal. Without a review the "
                                       "practitioner has the right to return to work.")
    starts_on = date_field("First day of the new period", future=True)
    ends_on = date_field("Last day of the new period", future=True, help_text="At most 4 weeks")
    details = text("Terms of the exclusion", required=False, textarea=True)


class LiftForm(NHSUKForm):
    lifted_on = date_field("Date lifted (the practitioner returned)")


class PerformersListActionForm(NHSUKForm):
    kind = model_choice(PerformersListActionKind, "Action")
    screening_group_on = date_field("Date the Performance Screening Group met", required=False)
    decision_panel_on = date_field("Date the Decision Panel met", required=False)
    panel_members = text("Decision Panel members", required=False, textarea=True)
    decided_on = date_field("Date decided", required=False)
    nhs_resolution_notified_on = date_field("Date NHS Resolution was notified", required=False,
                                            help_text="Required for a suspension")
    appeal_lodged_on = date_field("Date an appeal was lodged with the First-tier Tribunal", required=False)
    outcome = text("Outcome", required=False, textarea=True)

    @classmethod
    def initial_for(cls, action) -> dict:
        return {name: getattr(action, name) for name in cls.base_fields}


class MhpsCloseForm(NHSUKForm):
    outcome = model_choice(MhpsOutcome, "Outcome")
    outcome_note = text("About the outcome", required=False, textarea=True)
    closed_on = date_field("Date closed")
