"""The designed answer for each whole-record and annual board report page (merged into access_matrix.PAGES)."""

from oversight.accounts.roles import Capability as C
from oversight.testing.access import Page, capabilities


def _doctor_at(place: str):
    def kwargs(tree) -> dict:
        from oversight.workforce.tests.factories import DoctorFactory

        return {"pk": DoctorFactory(organisation=tree[place]).pk}

    return kwargs


def _noted_doctor_at(place: str):
    def kwargs(tree) -> dict:
        from .factories import RecordNoteFactory

        note = RecordNoteFactory(clinician__organisation=tree[place])
        return {"pk": note.clinician_id, "kind": "note", "item_id": str(note.pk)}

    return kwargs


def _annual_report_of(place: str):
    def kwargs(tree) -> dict:
        return {"code": tree[place].ods_code, "year": 2025}

    return kwargs


RECORD = capabilities(C.VIEW_DOCTOR_RECORD)
ANNUAL = capabilities(C.VIEW_PROFESSIONAL_STANDARDS, C.VIEW_REPORTS)

PAGES = {
    "professional_standards:record": Page(RECORD, kwargs=_doctor_at("trust_a"), out_of_scope_kwargs=_doctor_at("trust_c")),
    "professional_standards:record-csv": Page(RECORD, kwargs=_doctor_at("trust_a"), out_of_scope_kwargs=_doctor_at("trust_c"),
                                              query="reason=revalidation"),
    # The RO and the medical director hold VIEW_DOCTOR_RECORD and MANAGE_PROFESSIONAL_CONCERNS; both are needed.
    "professional_standards:record-note-new": Page(RECORD, kwargs=_doctor_at("trust_a"),
                                                   out_of_scope_kwargs=_doctor_at("trust_c")),
    "professional_standards:record-restrict": Page(RECORD, kwargs=_noted_doctor_at("trust_a"),
                                                   out_of_scope_kwargs=_noted_doctor_at("trust_c")),
    "professional_standards:my-record": Page(capabilities(C.VIEW_OWN_RECORD)),
    "professional_standards:annual-report": Page(ANNUAL),
    "professional_standards:annual-report-pdf": Page(ANNUAL, kwargs=_annual_report_of("trust_a"),
                                                     out_of_scope_kwargs=_annual_report_of("trust_c"), query="format=html"),
}
