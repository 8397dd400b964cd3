from oversight.accounts.roles import Capability as C
from oversight.testing.access import Page, capabilities

VIEW = capabilities(C.VIEW_URGENT_CARE)
MANAGE = capabilities(C.MANAGE_URGENT_CARE_DATA)


def _load_job(where):
    """A finished job (a refused file), so the matrix's requests start no worker."""

    def make(tree):
        from oversight.testing.factories import UserFactory

        from ..models import CallLoadJob, CallLoadJobStatus

        job = CallLoadJob.objects.create(organisation=tree[where], requested_by=UserFactory(), file_name="calls.csv",
                                         sha256="0" * 64, status=CallLoadJobStatus.REFUSED, problem="the file has no calls")
        return {"pk": job.pk}

    return make
CLINICIANS = capabilities(C.VIEW_CLINICIAN_PERFORMANCE)

PAGES = {
    "urgent_care:index": Page(VIEW),
    "urgent_care:kpis": Page(VIEW),
    "urgent_care:kpis-csv": Page(VIEW),
    # The matrix's warehouse holds no contract: a permitted user gets "no such contract" (404); the
    # pages themselves are tested with figures in tests/test_kpi_pages.py.
    "urgent_care:contract": Page(VIEW, kwargs={"code": "111XX1"}, ok_status=404),
    "urgent_care:contract-csv": Page(VIEW, kwargs={"code": "111XX1"}, ok_status=404),
    "urgent_care:upload": Page(MANAGE),
    # A load job is for those who manage urgent care data for the organisation the calls belong to.
    "urgent_care:load-job": Page(MANAGE, kwargs=_load_job("trust_a"), out_of_scope_kwargs=_load_job("trust_c")),
    "urgent_care:load-job-status": Page(MANAGE, kwargs=_load_job("trust_a"), out_of_scope_kwargs=_load_job("trust_c")),
    # Call data is scoped to the organisation that loaded it: out of scope reads as none (test_call_kpis.py).
    "urgent_care:service-kpis": Page(VIEW),
    "urgent_care:service-kpis-csv": Page(VIEW),
    "urgent_care:clinician-kpis": Page(CLINICIANS),
    "urgent_care:clinician-kpis-csv": Page(CLINICIANS),
}
