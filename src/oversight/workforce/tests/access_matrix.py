from oversight.accounts.roles import Capability as C
from oversight.testing.access import Page, capabilities

PAGES = {
    "workforce:index": Page(capabilities(C.VIEW_WORKFORCE)),
    # The clinician pages moved here from governance with their answers: concern roles only.
    "workforce:clinician-list": Page(capabilities(C.VIEW_PROFESSIONAL_CONCERNS, C.VIEW_PROFESSIONAL_STANDARDS)),
    "workforce:clinician-new": Page(capabilities(C.MANAGE_CLINICIAN_REGISTER, C.MANAGE_PROFESSIONAL_CONCERNS)),
    # The clinician register (issue 13, Deliver 1): the list and its CSV for the concern and professional
    # standards roles; one entry for them and for those who manage the register (scoped by the clinician's
    # organisation or designated body); correcting and importing for those who manage the register.
    "workforce:clinician-list-csv": Page(capabilities(C.VIEW_PROFESSIONAL_CONCERNS, C.VIEW_PROFESSIONAL_STANDARDS)),
    "workforce:clinician": Page(capabilities(C.VIEW_PROFESSIONAL_CONCERNS, C.VIEW_PROFESSIONAL_STANDARDS,
                                             C.MANAGE_CLINICIAN_REGISTER),
                                kwargs=lambda tree: _clinician_at(tree["trust_a"]),
                                out_of_scope_kwargs=lambda tree: _clinician_at(tree["trust_c"])),
    "workforce:clinician-edit": Page(capabilities(C.MANAGE_CLINICIAN_REGISTER),
                                     kwargs=lambda tree: _clinician_at(tree["trust_a"]),
                                     out_of_scope_kwargs=lambda tree: _clinician_at(tree["trust_c"])),
    "workforce:register-import": Page(capabilities(C.MANAGE_CLINICIAN_REGISTER)),
    # Employment checks and training (issue 13, Deliver 2): one clinician's page for those who see
    # professional standards or manage the register (scoped by the clinician's organisation); the
    # compliance aggregates for the workforce and professional standards roles.
    "workforce:clinician-checks": Page(capabilities(C.VIEW_PROFESSIONAL_STANDARDS, C.MANAGE_CLINICIAN_REGISTER),
                                       kwargs=lambda tree: _clinician_at(tree["trust_a"]),
                                       out_of_scope_kwargs=lambda tree: _clinician_at(tree["trust_c"])),
    "workforce:checks-expiring": Page(capabilities(C.VIEW_PROFESSIONAL_STANDARDS, C.MANAGE_CLINICIAN_REGISTER)),
    "workforce:checks-expiring-csv": Page(capabilities(C.VIEW_PROFESSIONAL_STANDARDS, C.MANAGE_CLINICIAN_REGISTER)),
    "workforce:compliance": Page(capabilities(C.VIEW_WORKFORCE, C.VIEW_PROFESSIONAL_STANDARDS)),
    "workforce:compliance-csv": Page(capabilities(C.VIEW_WORKFORCE, C.VIEW_PROFESSIONAL_STANDARDS)),
}


def _clinician_at(organisation) -> dict:
    """A doctor of the organisation with a check recorded (one per organisation, made on first use)."""
    from ..models import Clinician
    from .factories import DoctorFactory, TrainingRecordFactory

    found = Clinician.objects.filter(organisation=organisation, registration_number__startswith="99").first()
    if found is None:
        found = DoctorFactory(organisation=organisation, registration_number=f"99{sum(map(ord, organisation.ods_code)):05d}")
        TrainingRecordFactory(clinician=found)
    return {"pk": found.pk}
