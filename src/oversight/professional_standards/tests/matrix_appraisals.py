"""The designed answer for every appraisal page (merged into access_matrix.PAGES). A doctor's appraisals are
also open to the doctor's own appraiser and the doctor themselves (access.may_see_appraisals): the matrix's
users are neither for the doctors made here, so only the Responsible Officer's capability opens them."""

from oversight.accounts.roles import Capability as C
from oversight.testing.access import Page, capabilities


def _doctor_at(place: str):
    def kwargs(tree) -> dict:
        from oversight.workforce.tests.factories import DoctorFactory

        return {"pk": DoctorFactory(organisation=tree[place]).pk}

    return kwargs


def _appraisal_at(place: str):
    def kwargs(tree) -> dict:
        from datetime import date

        from oversight.workforce.tests.factories import DoctorFactory

        from .factories import AppraisalFactory

        return {"pk": AppraisalFactory(clinician=DoctorFactory(organisation=tree[place]), appraisal_year=2025,
                                       due_on=date(2025, 10, 1)).pk}

    return kwargs


VIEW = capabilities(C.VIEW_PROFESSIONAL_STANDARDS)
MANAGE = capabilities(C.MANAGE_APPRAISAL)

PAGES = {
    "professional_standards:appraisals": Page(VIEW),
    "professional_standards:appraisals-csv": Page(VIEW),
    "professional_standards:doctor-appraisals": Page(VIEW, kwargs=_doctor_at("trust_a"), out_of_scope_kwargs=_doctor_at("trust_c")),
    "professional_standards:appraisal-allocate": Page(MANAGE, kwargs=_doctor_at("trust_a"), out_of_scope_kwargs=_doctor_at("trust_c")),
    "professional_standards:appraisal-record": Page(MANAGE, kwargs=_appraisal_at("trust_a"), out_of_scope_kwargs=_appraisal_at("trust_c")),
    "professional_standards:appraisal-missed": Page(MANAGE, kwargs=_appraisal_at("trust_a"), out_of_scope_kwargs=_appraisal_at("trust_c")),
    "professional_standards:my-appraisees": Page(capabilities(C.VIEW_APPRAISEE_APPRAISALS)),
    "professional_standards:my-appraisals": Page(capabilities(C.VIEW_OWN_RECORD)),
}
