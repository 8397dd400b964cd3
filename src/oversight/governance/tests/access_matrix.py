"""The designed access answer for every governance page (tests/test_authorisation_matrix.py).

Object pages are requested for a case at Trust A (in scope for trust roles at Trust A and for the
regional role) and, as ``out_of_scope_kwargs``, for a case at Trust C in another region: anyone
allowed by role must get 403 there.
"""

from django.core.files.base import ContentFile

from oversight.accounts.roles import Capability as C
from oversight.testing.access import PUBLIC, Page, capabilities


def _incident(org, **extra):
    from .factories import IncidentFactory

    return {"pk": IncidentFactory(organisation=org, **extra).pk}


def _step(org):
    return {**_incident(org), "step": "reviewed"}


def _candour(org):
    return {**_incident(org, physical_harm="moderate"), "step": "notification"}


def _complaint(org):
    from .factories import ComplaintFactory

    return {"pk": ComplaintFactory(organisation=org).pk}


def _complaint_step(org):
    return {**_complaint(org), "step": "acknowledged"}


def _concern(org):
    from .factories import ClinicianFactory, ConcernFactory

    return {"pk": ConcernFactory(clinician=ClinicianFactory(organisation=org)).pk}


def _mhps(org):
    from .factories import ClinicianFactory, ConcernFactory, MhpsCaseFactory

    return {"pk": MhpsCaseFactory(concern=ConcernFactory(clinician=ClinicianFactory(organisation=org))).concern_id}


def _exclusion(org):
    from .factories import ClinicianFactory, ConcernFactory, ExclusionFactory, MhpsCaseFactory

    case = MhpsCaseFactory(concern=ConcernFactory(clinician=ClinicianFactory(organisation=org)))
    return {"pk": ExclusionFactory(case=case).pk}


def _performers_list_action(org):
    from .factories import ClinicianFactory, ConcernFactory, MhpsCaseFactory, PerformersListActionFactory

    case = MhpsCaseFactory(concern=ConcernFactory(clinician=ClinicianFactory(organisation=org, grade="gp")))
    return {"pk": PerformersListActionFactory(case=case).pk}


def _action(org):
    from .factories import ActionFactory, IncidentFactory

    return {"pk": ActionFactory(incident=IncidentFactory(organisation=org)).pk}


def _evidence(org):
    from oversight.audit.testing import create_record

    from ..models import ActionEvidence
    from .factories import ActionFactory, IncidentFactory

    action = ActionFactory(incident=IncidentFactory(organisation=org))
    evidence = ActionEvidence(action=action, original_name="notes.txt", content_type="text/plain", size=5,
                              uploaded_by_label="test")
    evidence.file.save("notes.txt", ContentFile(b"notes"), save=False)
    create_record(evidence)
    return {"pk": evidence.pk}


def _import_job(org):
    from oversight.testing.factories import UserFactory

    from ..models import ImportJob

    job = ImportJob.objects.create(kind="incidents", file_name="export.csv", sha256="0" * 64,
                                   default_organisation=org, requested_by=UserFactory())
    return {"pk": job.pk}


def at(make, where="trust_a"):
    return lambda tree: make(tree[where])


def page(allowed, make=None, **options):
    if make is None:
        return Page(allowed, **options)
    return Page(allowed, kwargs=at(make), out_of_scope_kwargs=at(make, "trust_c"), **options)


CASES = capabilities(C.VIEW_CASES)
MANAGE = capabilities(C.MANAGE_CASES)
PATIENT = capabilities(C.VIEW_PATIENT_DETAILS)
CONCERNS = capabilities(C.VIEW_PROFESSIONAL_CONCERNS)
MANAGE_CONCERNS = capabilities(C.MANAGE_PROFESSIONAL_CONCERNS)
CASES_OR_CONCERNS = capabilities(C.VIEW_CASES, C.VIEW_PROFESSIONAL_CONCERNS)

PAGES = {
    "governance:index": Page(capabilities(C.VIEW_CASES, C.VIEW_GOVERNANCE_AGGREGATES, C.VIEW_PROFESSIONAL_CONCERNS)),
    "governance:my-tasks": page(CASES_OR_CONCERNS),
    "governance:overdue": page(CASES_OR_CONCERNS),
    "governance:figures": page(capabilities(C.VIEW_GOVERNANCE_AGGREGATES)),
    "governance:learning": page(CASES),
    # Anyone can report an incident; the confirmation shows only the reporter's own reference.
    "governance:report-incident": Page(PUBLIC),
    "governance:report-incident-done": Page(PUBLIC),
    "governance:incident-list": page(CASES),
    "governance:incident-csv": page(CASES),
    "governance:incident-detail": page(CASES, _incident),
    "governance:incident-patient": page(PATIENT, _incident),
    "governance:incident-step": page(MANAGE, _step),
    "governance:incident-themes": page(MANAGE, _incident),
    "governance:incident-staff": page(MANAGE, _incident),
    "governance:incident-action-new": page(MANAGE, _incident),
    "governance:candour-record": page(MANAGE, _candour),
    "governance:candour-compliance": page(capabilities(C.VIEW_GOVERNANCE_AGGREGATES, C.VIEW_CASES)),
    "governance:complaint-list": page(CASES),
    "governance:complaint-csv": page(CASES),
    "governance:complaint-new": page(MANAGE),
    "governance:complaint-detail": page(CASES, _complaint),
    "governance:complaint-patient": page(PATIENT, _complaint),
    "governance:complaint-step": page(MANAGE, _complaint_step),
    "governance:complaint-themes": page(MANAGE, _complaint),
    "governance:complaint-staff": page(MANAGE, _complaint),
    "governance:complaint-dates": page(MANAGE, _complaint),
    "governance:complaint-action-new": page(MANAGE, _complaint),
    "governance:concern-list": page(CONCERNS),
    "governance:concern-new": page(MANAGE_CONCERNS),
    "governance:concern-detail": page(CONCERNS, _concern),
    "governance:concern-stage": page(MANAGE_CONCERNS, _concern),
    "governance:concern-action-new": page(MANAGE_CONCERNS, _concern),
    # MHPS: only the concern roles (Responsible Officer, chief medical officer, regional medical director).
    "governance:mhps-start": page(MANAGE_CONCERNS, _concern),
    "governance:mhps-edit": page(MANAGE_CONCERNS, _mhps),
    "governance:mhps-close": page(MANAGE_CONCERNS, _mhps),
    "governance:mhps-exclusion-new": page(MANAGE_CONCERNS, _mhps),
    "governance:mhps-performers-list-new": page(MANAGE_CONCERNS, _mhps),
    "governance:mhps-exclusion-renew": page(MANAGE_CONCERNS, _exclusion),
    "governance:mhps-exclusion-lift": page(MANAGE_CONCERNS, _exclusion),
    "governance:mhps-performers-list-edit": page(MANAGE_CONCERNS, _performers_list_action),
    # An action or evidence file on an incident: case viewers (concern actions are tested in test_access.py).
    "governance:action-detail": page(CASES, _action),
    "governance:evidence": page(CASES, _evidence),
    "governance:import": page(MANAGE),
    "governance:import-job": page(MANAGE, _import_job),
    "governance:import-job-status": page(MANAGE, _import_job),
    "governance:import-mapping": page(MANAGE),
}
