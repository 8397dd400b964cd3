"""Who may see which governance records: every query starts here, filtered to the organisations
in the user's scope for the capability that matters (a trust role covers the trust and its sites;
a regional role its ICBs, trusts and sites)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from oversight.accounts.access import require, scope_ids
from oversight.accounts.roles import Capability as C

from .models import Action, ActionEvidence, Complaint, Incident, ProfessionalConcern, SharedLearning


def incidents_for(user, capability: str = C.VIEW_CASES):
    return Incident.objects.filter(organisation_id__in=scope_ids(user, capability))


def complaints_for(user, capability: str = C.VIEW_CASES):
    return Complaint.objects.filter(organisation_id__in=scope_ids(user, capability))


def concerns_for(user, capability: str = C.VIEW_PROFESSIONAL_CONCERNS):
    return ProfessionalConcern.objects.filter(organisation_id__in=scope_ids(user, capability))


def learning_for(user):
    return SharedLearning.objects.filter(organisation_id__in=scope_ids(user, C.VIEW_CASES))


def actions_for(user, manage: bool = False):
    cases = C.MANAGE_CASES if manage else C.VIEW_CASES
    concerns = C.MANAGE_PROFESSIONAL_CONCERNS if manage else C.VIEW_PROFESSIONAL_CONCERNS
    return Action.objects.visible_to(scope_ids(user, cases), scope_ids(user, concerns))


def get_incident(user, pk, capability: str = C.VIEW_CASES) -> Incident:
    incident = get_object_or_404(Incident.objects.select_related("organisation", "site"), pk=pk)
    require(user, capability, incident)
    return incident


def get_complaint(user, pk, capability: str = C.VIEW_CASES) -> Complaint:
    complaint = get_object_or_404(Complaint.objects.select_related("organisation", "site"), pk=pk)
    require(user, capability, complaint)
    return complaint


def get_concern(user, pk, capability: str = C.VIEW_PROFESSIONAL_CONCERNS) -> ProfessionalConcern:
    concern = get_object_or_404(ProfessionalConcern.objects.select_related("organisation", "clinician"), pk=pk)
    require(user, capability, concern)
    return concern


CASE_CAPABILITIES = {
    # case kind: (view, manage)
    "incident": (C.VIEW_CASES, C.MANAGE_CASES),
    "complaint": (C.VIEW_CASES, C.MANAGE_CASES),
    "concern": (C.VIEW_PROFESSIONAL_CONCERNS, C.MANAGE_PROFESSIONAL_CONCERNS),
}
CASE_GETTERS = {"incident": get_incident, "complaint": get_complaint, "concern": get_concern}


def get_case(user, kind: str, pk, manage: bool = False):
    view, change = CASE_CAPABILITIES[kind]
    return CASE_GETTERS[kind](user, pk, change if manage else view)


def get_action(user, pk, manage: bool = False) -> Action:
    action = get_object_or_404(Action.objects.select_related("organisation", "owner"), pk=pk)
    view, change = CASE_CAPABILITIES[action.case_kind]
    require(user, change if manage else view, action)
    return action


def get_evidence(user, pk) -> ActionEvidence:
    evidence = get_object_or_404(ActionEvidence.objects.select_related("action"), pk=pk)
    get_action(user, evidence.action_id)
    return evidence
