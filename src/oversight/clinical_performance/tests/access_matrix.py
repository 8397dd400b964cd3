from oversight.accounts.roles import Capability as C
from oversight.testing.access import Page, capabilities


def _clinician_at(place: str):
    """URL kwargs naming a clinician of one of the fixture tree's trusts (made when asked)."""

    def kwargs(tree) -> dict:
        from oversight.workforce.tests.factories import ClinicianFactory

        return {"pk": ClinicianFactory(organisation=tree[place]).pk}

    return kwargs


def _audit_case_at(place: str, status: str = "referred"):
    """URL kwargs naming a sampled case (with no status: its round) at one of the tree's trusts."""

    def kwargs(tree) -> dict:
        from datetime import date

        from oversight.audit.context import acting_as, system_actor
        from oversight.audit.testing import create_record
        from oversight.workforce.tests.factories import ClinicianFactory

        from ..models import AuditCase
        from ..services.rounds import create_round
        from .factories import consultations

        with acting_as(system_actor("test-data")):
            consultation = consultations(ClinicianFactory(organisation=tree[place]), 1)[0]
            audit_round = create_round(organisation=tree[place], name="Q1", period_start=date(2026, 4, 1))
            case = create_record(AuditCase(round=audit_round, consultation=consultation, clinician=consultation.clinician,
                                           status=status, screen_outcome="refer"))
        return {"pk": case.pk if status else audit_round.pk}

    return kwargs


def _round_at(place: str):
    return _audit_case_at(place, status="")


NOWHERE = {"pk": "00000000-0000-0000-0000-000000000000"}
AUDIT = capabilities(C.MANAGE_CLINICAL_AUDIT)
REVIEW = capabilities(C.REVIEW_CLINICAL_AUDIT)

PAGES = {
    # The clinician audit cycle: run by those who manage it for the organisation, screened by the assigned
    # auditor only (a case no one is assigned: 404 past the capability gate), panels for the organisation's
    # reviewers, and the clinician's own released audits.
    "clinical_performance:audit-rounds": Page(AUDIT),
    "clinical_performance:audit-rounds-csv": Page(AUDIT),
    "clinical_performance:audit-import": Page(AUDIT),
    "clinical_performance:audit-round-new": Page(AUDIT),
    "clinical_performance:audit-round": Page(AUDIT, kwargs=_round_at("trust_a"), out_of_scope_kwargs=_round_at("trust_c")),
    "clinical_performance:audit-round-csv": Page(AUDIT, kwargs=_round_at("trust_a"),
                                                 out_of_scope_kwargs=_round_at("trust_c")),
    "clinical_performance:audit-round-close": Page(AUDIT, kwargs=_round_at("trust_a"), ok_status=302,
                                                   out_of_scope_kwargs=_round_at("trust_c")),
    "clinical_performance:audit-queue": Page(REVIEW),
    "clinical_performance:audit-case": Page(REVIEW, kwargs=NOWHERE, ok_status=404),
    "clinical_performance:audit-panel": Page(REVIEW, kwargs=_audit_case_at("trust_a"),
                                             out_of_scope_kwargs=_audit_case_at("trust_c")),
    "clinical_performance:audit-release": Page(AUDIT, kwargs=_audit_case_at("trust_a"),
                                               out_of_scope_kwargs=_audit_case_at("trust_c")),
    "clinical_performance:my-audits": Page(capabilities(C.VIEW_OWN_PERFORMANCE)),
    "clinical_performance:my-audit": Page(capabilities(C.VIEW_OWN_PERFORMANCE), kwargs=NOWHERE, ok_status=404),
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
