from oversight.accounts.roles import Capability as C
from oversight.testing.access import Page, capabilities

PAGES = {
    "urgent_care:index": Page(capabilities(C.VIEW_URGENT_CARE)),
}
