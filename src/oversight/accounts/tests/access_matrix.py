from oversight.accounts.roles import Capability as C
from oversight.testing.access import PUBLIC, SIGNED_IN, Page, capabilities

IG = capabilities(C.MANAGE_INFORMATION_GOVERNANCE)


def _token(trust_key: str):
    def make(tree):
        from oversight.testing.factories import api_token_for, user_with_role

        robot = user_with_role("analyst", tree[trust_key], username=f"robot-{trust_key}")
        token, _ = api_token_for(robot, "matrix")
        return {"key_id": token.key_id}

    return make


PAGES = {
    "accounts:sign-in": Page(PUBLIC),
    "accounts:sign-out": Page(SIGNED_IN),
    "accounts:me": Page(SIGNED_IN),
    "accounts:tokens": Page(IG),
    "accounts:token-revoke": Page(IG, kwargs=_token("trust_a"), out_of_scope_kwargs=_token("trust_c")),
}
