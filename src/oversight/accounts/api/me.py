"""Who the caller is, and which roles they hold."""

from __future__ import annotations

from ninja import Router, Schema

from ..access import roles_of

PREFIX = "/me"
router = Router(tags=["accounts"])


class RoleOut(Schema):
    role: str
    organisation_code: str


class MeOut(Schema):
    username: str
    display_name: str
    roles: list[RoleOut]


@router.get("", response=MeOut)
def me(request):
    user = request.user
    return {
        "username": user.get_username(),
        "display_name": user.display_name,
        "roles": [{"role": a.role, "organisation_code": a.organisation.ods_code} for a in roles_of(user)],
    }
