from oversight.accounts.roles import Capability as C
from oversight.testing.access import Page, capabilities

VIEW = capabilities(C.VIEW_URGENT_CARE)
CLINICIANS = capabilities(C.VIEW_CLINICIAN_PERFORMANCE)

PAGES = {
    "urgent_care:index": Page(VIEW),
    "urgent_care:kpis": Page(VIEW),
    "urgent_care:kpis-csv": Page(VIEW),
    # The matrix's warehouse holds no contract: a permitted user gets "no such contract" (404); the
    # pages themselves are tested with figures in tests/test_kpi_pages.py.
    "urgent_care:contract": Page(VIEW, kwargs={"code": "111XX1"}, ok_status=404),
    "urgent_care:contract-csv": Page(VIEW, kwargs={"code": "111XX1"}, ok_status=404),
    "urgent_care:upload": Page(capabilities(C.MANAGE_URGENT_CARE_DATA)),
    # Call data is scoped to the organisation that loaded it: out of scope reads as none (test_call_kpis.py).
    "urgent_care:service-kpis": Page(VIEW),
    "urgent_care:service-kpis-csv": Page(VIEW),
    "urgent_care:clinician-kpis": Page(CLINICIANS),
    "urgent_care:clinician-kpis-csv": Page(CLINICIANS),
}
