from oversight.accounts.roles import Capability as C
from oversight.testing.access import Page, capabilities

BOARD = {"code": "TRA", "kind": "board", "period": "2025-06"}
OUTSIDE = {"code": "TRC", "kind": "board", "period": "2025-06"}

PAGES = {
    "reports:index": Page(capabilities(C.VIEW_REPORTS)),
    "reports:prepare": Page(capabilities(C.VIEW_REPORTS), kwargs=BOARD, out_of_scope_kwargs=OUTSIDE),
    "reports:download": Page(capabilities(C.VIEW_REPORTS), kwargs=BOARD, out_of_scope_kwargs=OUTSIDE, query="format=html"),
    "reports:template": Page(capabilities(C.PRODUCE_REPORTS), kwargs={"code": "TRA"}, out_of_scope_kwargs={"code": "TRC"}),
}
