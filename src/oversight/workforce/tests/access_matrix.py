from oversight.accounts.roles import Capability as C
from oversight.testing.access import Page, capabilities

PAGES = {
    "workforce:index": Page(capabilities(C.VIEW_WORKFORCE)),
    # The clinician pages moved here from governance with their answers: concern roles only.
    "workforce:clinician-list": Page(capabilities(C.VIEW_PROFESSIONAL_CONCERNS)),
    "workforce:clinician-new": Page(capabilities(C.MANAGE_PROFESSIONAL_CONCERNS)),
}
