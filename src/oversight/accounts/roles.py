"""Roles and what each may do. This table is the access design: change it here, and the
authorisation matrix test shows every page whose answer changes.

A role is always held *for an organisation*: a trust role covers that trust and its sites;
a regional role covers the region's ICBs, trusts and sites.
"""

from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    CHIEF_MEDICAL_OFFICER = "chief_medical_officer", "Chief Medical Officer / Medical Director"
    REGIONAL_MEDICAL_DIRECTOR = "regional_medical_director", "Regional Medical Director"
    GOVERNANCE_LEAD = "governance_lead", "Governance Lead"
    PATIENT_SAFETY_SPECIALIST = "patient_safety_specialist", "Patient Safety Specialist"
    RESPONSIBLE_OFFICER = "responsible_officer", "Responsible Officer"
    CALDICOTT_GUARDIAN = "caldicott_guardian", "Caldicott Guardian"
    ANALYST = "analyst", "Analyst"
    BOARD_MEMBER = "board_member", "Board Member"
    # Urgent and emergency care (issue 14): the clinical lead runs the clinician audit programme, the
    # auditors score the sampled consultations, and a clinician sees only their own audits.
    CLINICAL_LEAD = "clinical_lead", "Clinical Lead"
    CLINICAL_AUDITOR = "clinical_auditor", "Clinical Auditor"
    CLINICIAN = "clinician", "Clinician"
    # Professional standards (issue 13): an appraiser sees their appraisees' appraisal information only.
    APPRAISER = "appraiser", "Appraiser"


class Capability(models.TextChoices):
    # The codes are stable (the access matrix and later modules name them); a label says only what
    # the capability opens today, never a feature still to come.
    VIEW_ORGANISATIONS = "view_organisations", "See organisations in scope"
    VIEW_SURVEILLANCE = "view_surveillance", "See quality surveillance (aggregate statistics)"
    ANALYSE_DATA = "analyse_data", "Upload data for SPC analysis"
    # National publications (the NOF file covers every trust in England): loading one changes what every
    # reader sees, so it is a regional or national data-management duty, not an analyst's.
    MANAGE_PUBLISHED_DATA = "manage_published_data", "Load, review and revert national publications (NHS Oversight Framework)"
    MANAGE_ESCALATION = "manage_escalation", "Set surveillance levels and own escalation actions"
    VIEW_CASES = "view_cases", "See governance cases (incidents, complaints) without patient details"
    MANAGE_CASES = "manage_cases", "Create and progress governance cases"
    VIEW_PATIENT_DETAILS = "view_patient_details", "See patient details on a case (reason logged)"
    VIEW_GOVERNANCE_AGGREGATES = "view_governance_aggregates", "See governance counts and rates"
    VIEW_PROFESSIONAL_CONCERNS = "view_professional_concerns", "See professional concerns about clinicians"
    MANAGE_PROFESSIONAL_CONCERNS = "manage_professional_concerns", "Create and progress professional concerns"
    VIEW_WORKFORCE = "view_workforce", "Open the workforce pages"
    VIEW_REPORTS = "view_reports", "Read board reports"
    PRODUCE_REPORTS = "produce_reports", "Produce board reports and write narratives"
    VIEW_AUDIT_TRAIL = "view_audit_trail", "Read the audit trail and check its integrity"
    MANAGE_INFORMATION_GOVERNANCE = "manage_information_governance", "Open the information governance pages (the audit trail and its integrity check)"
    # Urgent and emergency care. Service KPIs (by contract, service and site) are aggregate; anything
    # about one named clinician (audit scores, productivity, their calls) is personal and narrower.
    VIEW_URGENT_CARE = "view_urgent_care", "See urgent care KPIs by contract, service and site"
    MANAGE_URGENT_CARE_DATA = "manage_urgent_care_data", "Load urgent care call and shift data"
    VIEW_CLINICIAN_PERFORMANCE = "view_clinician_performance", "See individual clinicians' audit results and productivity"
    MANAGE_CLINICAL_AUDIT = "manage_clinical_audit", "Run clinician audits: import consultations, draw samples, release feedback"
    REVIEW_CLINICAL_AUDIT = "review_clinical_audit", "Review sampled consultations as an auditor"
    VIEW_OWN_PERFORMANCE = "view_own_performance", "See my own audits and write my reflections"
    # Professional standards for the Responsible Officer. A doctor's appraisal, revalidation, checks and
    # whole governance record are personal and confidential: narrower than the case capabilities.
    VIEW_PROFESSIONAL_STANDARDS = "view_professional_standards", "See doctors' appraisal, revalidation, employment checks and training"
    MANAGE_CLINICIAN_REGISTER = "manage_clinician_register", "Add, import and correct clinicians on the register, with their checks and training"
    MANAGE_APPRAISAL = "manage_appraisal", "Allocate appraisers and record appraisals"
    MAKE_REVALIDATION_RECOMMENDATIONS = "make_revalidation_recommendations", "Make revalidation recommendations to the GMC"
    VIEW_DOCTOR_RECORD = "view_doctor_record", "See a doctor's whole governance record (reason logged)"
    VIEW_APPRAISEE_APPRAISALS = "view_appraisee_appraisals", "See my appraisees' appraisal information"
    VIEW_OWN_RECORD = "view_own_record", "See my own professional record (appraisal, revalidation, checks, cases naming me)"


C = Capability
CAPABILITIES: dict[str, frozenset[str]] = {
    Role.CHIEF_MEDICAL_OFFICER: frozenset({
        C.VIEW_ORGANISATIONS, C.VIEW_SURVEILLANCE, C.ANALYSE_DATA, C.MANAGE_ESCALATION, C.VIEW_CASES,
        C.MANAGE_CASES, C.VIEW_PATIENT_DETAILS, C.VIEW_GOVERNANCE_AGGREGATES, C.VIEW_PROFESSIONAL_CONCERNS,
        C.MANAGE_PROFESSIONAL_CONCERNS, C.VIEW_WORKFORCE, C.VIEW_REPORTS, C.PRODUCE_REPORTS,
        C.VIEW_URGENT_CARE, C.VIEW_CLINICIAN_PERFORMANCE, C.VIEW_PROFESSIONAL_STANDARDS, C.MANAGE_CLINICIAN_REGISTER,
        C.MANAGE_APPRAISAL, C.VIEW_DOCTOR_RECORD,
    }),
    # No national role exists yet; when one does, it holds MANAGE_PUBLISHED_DATA too.
    Role.REGIONAL_MEDICAL_DIRECTOR: frozenset({
        C.VIEW_ORGANISATIONS, C.VIEW_SURVEILLANCE, C.ANALYSE_DATA, C.MANAGE_PUBLISHED_DATA, C.MANAGE_ESCALATION,
        C.VIEW_GOVERNANCE_AGGREGATES, C.VIEW_PROFESSIONAL_CONCERNS, C.MANAGE_PROFESSIONAL_CONCERNS,
        C.VIEW_WORKFORCE, C.VIEW_REPORTS, C.PRODUCE_REPORTS, C.VIEW_URGENT_CARE,
    }),
    Role.GOVERNANCE_LEAD: frozenset({
        C.VIEW_ORGANISATIONS, C.VIEW_SURVEILLANCE, C.ANALYSE_DATA, C.VIEW_CASES, C.MANAGE_CASES,
        C.VIEW_PATIENT_DETAILS, C.VIEW_GOVERNANCE_AGGREGATES, C.VIEW_REPORTS, C.PRODUCE_REPORTS, C.VIEW_URGENT_CARE,
    }),
    Role.PATIENT_SAFETY_SPECIALIST: frozenset({
        C.VIEW_ORGANISATIONS, C.VIEW_SURVEILLANCE, C.VIEW_CASES, C.MANAGE_CASES, C.VIEW_PATIENT_DETAILS,
        C.VIEW_GOVERNANCE_AGGREGATES, C.VIEW_REPORTS,
    }),
    # The RO weighs governance information from every setting (rules §6), so reads cases (never patient
    # details); only the RO makes recommendations to the GMC.
    Role.RESPONSIBLE_OFFICER: frozenset({
        C.VIEW_ORGANISATIONS, C.VIEW_CASES, C.VIEW_PROFESSIONAL_CONCERNS, C.MANAGE_PROFESSIONAL_CONCERNS,
        C.VIEW_WORKFORCE, C.VIEW_REPORTS, C.VIEW_CLINICIAN_PERFORMANCE,
        C.VIEW_PROFESSIONAL_STANDARDS, C.MANAGE_CLINICIAN_REGISTER, C.MANAGE_APPRAISAL,
        C.MAKE_REVALIDATION_RECOMMENDATIONS, C.VIEW_DOCTOR_RECORD,
    }),
    Role.CALDICOTT_GUARDIAN: frozenset({
        C.VIEW_ORGANISATIONS, C.VIEW_GOVERNANCE_AGGREGATES, C.VIEW_AUDIT_TRAIL,
        C.MANAGE_INFORMATION_GOVERNANCE, C.VIEW_REPORTS,
    }),
    Role.ANALYST: frozenset({
        C.VIEW_ORGANISATIONS, C.VIEW_SURVEILLANCE, C.ANALYSE_DATA, C.VIEW_GOVERNANCE_AGGREGATES, C.VIEW_REPORTS,
        C.VIEW_URGENT_CARE, C.MANAGE_URGENT_CARE_DATA,
    }),
    Role.BOARD_MEMBER: frozenset({
        C.VIEW_ORGANISATIONS, C.VIEW_SURVEILLANCE, C.VIEW_GOVERNANCE_AGGREGATES, C.VIEW_REPORTS, C.VIEW_URGENT_CARE,
    }),
    Role.CLINICAL_LEAD: frozenset({
        C.VIEW_ORGANISATIONS, C.VIEW_URGENT_CARE, C.MANAGE_URGENT_CARE_DATA, C.VIEW_CLINICIAN_PERFORMANCE,
        C.MANAGE_CLINICAL_AUDIT, C.REVIEW_CLINICAL_AUDIT, C.ANALYSE_DATA,
    }),
    Role.CLINICAL_AUDITOR: frozenset({C.VIEW_ORGANISATIONS, C.REVIEW_CLINICAL_AUDIT}),
    # A clinician's own view is of their own record only (the record linked to their account), so the
    # capability opens the page and the selector narrows it to them.
    Role.CLINICIAN: frozenset({C.VIEW_OWN_PERFORMANCE, C.VIEW_OWN_RECORD}),
    # An appraiser is a doctor too: their own record, and their appraisees' appraisals (scoped by the
    # allocation, not by organisation: see professional_standards/access.py).
    Role.APPRAISER: frozenset({C.VIEW_APPRAISEE_APPRAISALS, C.VIEW_OWN_PERFORMANCE, C.VIEW_OWN_RECORD}),
}


def roles_with(capability: str) -> set[str]:
    return {role for role, caps in CAPABILITIES.items() if capability in caps}
