from oversight.accounts.roles import Capability as C
from oversight.testing.access import Page, capabilities

PAGES = {
    "workforce:index": Page(capabilities(C.VIEW_WORKFORCE)),
}
