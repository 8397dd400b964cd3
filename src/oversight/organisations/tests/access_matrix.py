from oversight.accounts.roles import Capability as C
from oversight.testing.access import Page, capabilities

PAGES = {
    "organisations:list": Page(capabilities(C.VIEW_ORGANISATIONS)),
    "organisations:detail": Page(
        capabilities(C.VIEW_ORGANISATIONS), kwargs={"ods_code": "TRA"}, out_of_scope_kwargs={"ods_code": "TRC"}
    ),
}
