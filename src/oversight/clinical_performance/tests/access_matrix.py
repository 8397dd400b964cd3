from oversight.accounts.roles import Capability as C
from oversight.testing.access import Page, capabilities


def _clinician_at(place: str):
    """URL kwargs naming a clinician of one of the fixture tree's trusts (made when asked)."""

    def kwargs(tree) -> dict:
        from oversight.workforce.tests.factories import ClinicianFactory

        return {"pk": ClinicianFactory(organisation=tree[place]).pk}

    return kwargs


PAGES = {
    "clinical_performance:index": Page(capabilities(
        C.VIEW_URGENT_CARE, C.VIEW_CLINICIAN_PERFORMANCE, C.MANAGE_CLINICAL_AUDIT, C.REVIEW_CLINICAL_AUDIT,
        C.VIEW_OWN_PERFORMANCE)),
    # Results, productivity and the clinician's record: named clinicians' performance, for those who oversee
    # it in the clinician's organisation (the clinician and their appraiser too: access.py, tested beside it).
    "clinical_performance:results": Page(capabilities(C.VIEW_CLINICIAN_PERFORMANCE)),
    "clinical_performance:results-csv": Page(capabilities(C.VIEW_CLINICIAN_PERFORMANCE)),
    "clinical_performance:productivity": Page(capabilities(C.VIEW_CLINICIAN_PERFORMANCE)),
    "clinical_performance:productivity-csv": Page(capabilities(C.VIEW_CLINICIAN_PERFORMANCE)),
    "clinical_performance:shift-list": Page(capabilities(C.MANAGE_CLINICAL_AUDIT)),
    "clinical_performance:shift-import": Page(capabilities(C.MANAGE_CLINICAL_AUDIT)),
    "clinical_performance:shift-new": Page(capabilities(C.MANAGE_CLINICAL_AUDIT)),
    "clinical_performance:record": Page(capabilities(C.VIEW_CLINICIAN_PERFORMANCE), kwargs=_clinician_at("trust_a"),
                                        out_of_scope_kwargs=_clinician_at("trust_c")),
    "clinical_performance:record-csv": Page(capabilities(C.VIEW_CLINICIAN_PERFORMANCE), kwargs=_clinician_at("trust_a"),
                                            out_of_scope_kwargs=_clinician_at("trust_c")),
    "clinical_performance:my-record": Page(capabilities(C.VIEW_OWN_PERFORMANCE)),
}
