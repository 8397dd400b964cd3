"""The designed answer for every professional standards page. Each area declares its own pages in its
own module; this one gathers them for tests/test_authorisation_matrix.py."""

from oversight.accounts.roles import Capability as C
from oversight.testing.access import Page, capabilities

PAGES = {
    "professional_standards:index": Page(capabilities(C.VIEW_PROFESSIONAL_STANDARDS, C.VIEW_DOCTOR_RECORD,
                                                      C.VIEW_APPRAISEE_APPRAISALS, C.VIEW_OWN_RECORD)),
}

from .matrix_revalidation import PAGES as REVALIDATION_PAGES  # noqa: E402

PAGES.update(REVALIDATION_PAGES)

from .matrix_record import PAGES as RECORD_PAGES  # noqa: E402

PAGES.update(RECORD_PAGES)

from .matrix_appraisals import PAGES as APPRAISAL_PAGES  # noqa: E402

PAGES.update(APPRAISAL_PAGES)
