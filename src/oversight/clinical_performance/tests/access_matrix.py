from oversight.accounts.roles import Capability as C
from oversight.testing.access import Page, capabilities

PAGES = {
    "clinical_performance:index": Page(capabilities(
        C.VIEW_URGENT_CARE, C.VIEW_CLINICIAN_PERFORMANCE, C.MANAGE_CLINICAL_AUDIT, C.REVIEW_CLINICAL_AUDIT,
        C.VIEW_OWN_PERFORMANCE)),
}
