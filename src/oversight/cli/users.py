"""``oversight user create|grant|revoke|list|roles`` and ``oversight token create|revoke``.

Every write goes through ``oversight.accounts.services`` and is audited, attributed to the CLI.
"""

from __future__ import annotations

import getpass
import sys

from oversight.cli.django_setup import fail


def register(subparsers) -> None:
    user = subparsers.add_parser("user", help="manage users and their roles")
    actions = user.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    create = actions.add_parser("create", help="create a user (asks for the password)")
    create.add_argument("username")
    create.add_argument("--name", default="", help="full name")
    create.add_argument("--email", default="")
    create.add_argument("--service-account", action="store_true", help="an API-only account with no password")
    create.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    create.set_defaults(func=cmd_user_create, needs_django=True)
    for name, func, help_text in (("grant", cmd_user_grant, "grant a role for an organisation"),
                                  ("revoke", cmd_user_revoke, "revoke a role")):
        parser = actions.add_parser(name, help=help_text)
        parser.add_argument("username")
        parser.add_argument("role")
        parser.add_argument("ods_code")
        parser.set_defaults(func=func, needs_django=True)
    actions.add_parser("list", help="list users and roles").set_defaults(func=cmd_user_list, needs_django=True)
    actions.add_parser("roles", help="list the roles and what each may do").set_defaults(
        func=cmd_user_roles, needs_django=True)

    token = subparsers.add_parser("token", help="API tokens for service accounts")
    token_actions = token.add_subparsers(dest="token_command", metavar="ACTION", required=True)
    token_create = token_actions.add_parser("create", help="issue a token (printed once)")
    token_create.add_argument("--user", required=True)
    token_create.add_argument("--name", default="api")
    token_create.add_argument("--days", type=int, default=90, help="days until it expires (1 to 365; default 90)")
    token_create.set_defaults(func=cmd_token_create, needs_django=True)
    token_revoke = token_actions.add_parser("revoke", help="revoke a token by its key id")
    token_revoke.add_argument("key_id")
    token_revoke.set_defaults(func=cmd_token_revoke, needs_django=True)


def _as_cli(action: str):
    from oversight.audit.context import acting_as, system_actor

    return acting_as(system_actor(f"oversight-cli:{action}"))


def _get_user(username: str):
    from oversight.accounts.models import User

    user = User.objects.filter(username=username).first()
    if user is None:
        raise LookupError(f"no user called {username!r}")
    return user


def cmd_user_create(args) -> int:
    from oversight.accounts.services import AccountError, create_user

    password = None
    if not args.service_account:
        password = sys.stdin.readline().rstrip("\n") if args.password_stdin else getpass.getpass("Password: ")
    try:
        with _as_cli("user-create"):
            user = create_user(username=args.username, full_name=args.name, email=args.email, password=password,
                               service_account=args.service_account)
    except AccountError as exc:
        return fail(str(exc))
    print(f"Created user {user.username}.")
    return 0


def cmd_user_grant(args) -> int:
    from oversight.accounts.services import RoleError, grant_role

    try:
        with _as_cli("user-grant"):
            assignment = grant_role(_get_user(args.username), args.role, args.ods_code, granted_by="oversight-cli")
    except (LookupError, RoleError) as exc:
        return fail(str(exc))
    print(f"{args.username} is now {assignment}.")
    return 0


def cmd_user_revoke(args) -> int:
    from oversight.accounts.services import RoleError, revoke_role

    try:
        with _as_cli("user-revoke"):
            revoke_role(_get_user(args.username), args.role, args.ods_code)
    except (LookupError, RoleError) as exc:
        return fail(str(exc))
    print(f"Revoked {args.role} for {args.ods_code} from {args.username}.")
    return 0


def cmd_user_list(args) -> int:
    from oversight.accounts.models import User

    for user in User.objects.order_by("username").prefetch_related("role_assignments__organisation"):
        roles = "; ".join(str(a) for a in user.role_assignments.all()) or "no roles"
        kind = " (service account)" if user.is_service_account else ""
        print(f"{user.username}{kind}: {roles}")
    return 0


def cmd_user_roles(args) -> int:
    from oversight.accounts.roles import CAPABILITIES, Capability, Role

    for role in Role:
        print(f"{role.value}  ({role.label})")
        for capability in sorted(CAPABILITIES[role]):
            print(f"    {Capability(capability).label}")
    return 0


def cmd_token_create(args) -> int:
    from datetime import timedelta

    from django.utils import timezone

    from oversight.accounts.services import AccountError, issue_token

    try:
        user = _get_user(args.user)
        with _as_cli("token-create"):
            token, plain = issue_token(user=user, name=args.name, expires_at=timezone.now() + timedelta(days=args.days))
    except (LookupError, AccountError, OverflowError) as exc:
        return fail(str(exc))
    print(plain)
    print(f"Token {token.key_id} for {user.username}; shown once, store it securely. "
          f"Use it as: Authorization: Bearer <token>", file=sys.stderr)
    return 0


def cmd_token_revoke(args) -> int:
    from oversight.accounts.services import AccountError, revoke_token

    try:
        with _as_cli("token-revoke"):
            revoke_token(key_id=args.key_id)
    except AccountError as exc:
        return fail(str(exc))
    print(f"Revoked token {args.key_id}.")
    return 0
