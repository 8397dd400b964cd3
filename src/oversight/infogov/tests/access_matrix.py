from oversight.accounts.roles import Capability as C
from oversight.testing.access import Page, capabilities

PAGES = {
    "infogov:index": Page(capabilities(C.VIEW_AUDIT_TRAIL, C.MANAGE_INFORMATION_GOVERNANCE)),
    "infogov:audit-trail": Page(capabilities(C.VIEW_AUDIT_TRAIL)),
    "infogov:audit-trail-csv": Page(capabilities(C.VIEW_AUDIT_TRAIL)),
    "infogov:audit-verify": Page(capabilities(C.VIEW_AUDIT_TRAIL)),
}
