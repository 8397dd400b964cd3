from oversight.accounts.roles import Capability as C
from oversight.testing.access import Page, capabilities

PAGES = {
    "governance:index": Page(capabilities(C.VIEW_CASES, C.VIEW_GOVERNANCE_AGGREGATES, C.VIEW_PROFESSIONAL_CONCERNS)),
}
