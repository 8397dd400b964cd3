from oversight.accounts.roles import Capability as C
from oversight.testing.access import Page, capabilities

PAGES = {
    "surveillance:index": Page(capabilities(C.VIEW_SURVEILLANCE)),
}
