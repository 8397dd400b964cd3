"""Sub-commands that need the web app's database: serve, demo, migrate, ingest, audit,
user and token."""

from __future__ import annotations

import getpass
import os
import sys

DEFAULT_SETTINGS = "oversight.settings.local"
WAREHOUSE_SOURCES = ("ae", "ae-tidy", "rtt", "nhs111")


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", DEFAULT_SETTINGS)
    import django

    django.setup()


def _fail(message: str) -> int:
    print(f"oversight: {message}", file=sys.stderr)
    return 2


def register(subparsers) -> None:
    serve = subparsers.add_parser("serve", help="serve the web app (http://127.0.0.1:8000 by default)")
    serve.add_argument("--address", default="127.0.0.1:8000")
    serve.set_defaults(func=cmd_serve)

    demo = subparsers.add_parser("demo", help="migrate, build the demo region and serve it")
    demo.add_argument("--no-serve", action="store_true", help="build the demo data only")
    demo.add_argument("--address", default="127.0.0.1:8000")
    demo.add_argument("--seed", type=int, default=2026)
    demo.set_defaults(func=cmd_demo)

    migrate = subparsers.add_parser("migrate", help="create or update the database tables")
    migrate.set_defaults(func=cmd_migrate)

    ingest = subparsers.add_parser("ingest", help="load published data: ods (organisations) or ae, ae-tidy, rtt, nhs111 (metrics)")
    ingest.add_argument("source", choices=("ods", *WAREHOUSE_SOURCES))
    ingest.add_argument("paths", nargs="+", metavar="PATH")
    ingest.add_argument("--warehouse", help="DuckDB warehouse file (default: OVERSIGHT_WAREHOUSE or var/warehouse.duckdb)")
    ingest.set_defaults(func=cmd_ingest)

    audit = subparsers.add_parser("audit", help="the audit trail")
    audit_sub = audit.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    verify = audit_sub.add_parser("verify", help="check the hash chain; exit 1 and name each broken entry")
    verify.set_defaults(func=cmd_audit_verify)

    user = subparsers.add_parser("user", help="manage users and their roles")
    user_sub = user.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    create = user_sub.add_parser("create", help="create a user (asks for the password)")
    create.add_argument("username")
    create.add_argument("--name", default="", help="full name")
    create.add_argument("--email", default="")
    create.add_argument("--service-account", action="store_true", help="an API-only account with no password")
    create.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    create.set_defaults(func=cmd_user_create)
    grant = user_sub.add_parser("grant", help="grant a role for an organisation")
    grant.add_argument("username")
    grant.add_argument("role")
    grant.add_argument("ods_code")
    grant.set_defaults(func=cmd_user_grant)
    revoke = user_sub.add_parser("revoke", help="revoke a role")
    revoke.add_argument("username")
    revoke.add_argument("role")
    revoke.add_argument("ods_code")
    revoke.set_defaults(func=cmd_user_revoke)
    listing = user_sub.add_parser("list", help="list users and roles")
    listing.set_defaults(func=cmd_user_list)
    roles = user_sub.add_parser("roles", help="list the roles and what each may do")
    roles.set_defaults(func=cmd_user_roles)

    token = subparsers.add_parser("token", help="API tokens for service accounts")
    token_sub = token.add_subparsers(dest="token_command", metavar="ACTION", required=True)
    token_create = token_sub.add_parser("create", help="issue a token (printed once)")
    token_create.add_argument("--user", required=True)
    token_create.add_argument("--name", default="api")
    token_create.add_argument("--days", type=int, default=365, help="days until it expires (0: never)")
    token_create.set_defaults(func=cmd_token_create)
    token_revoke = token_sub.add_parser("revoke", help="revoke a token by its key id")
    token_revoke.add_argument("key_id")
    token_revoke.set_defaults(func=cmd_token_revoke)


def cmd_migrate(args) -> int:
    setup_django()
    from django.core.management import call_command

    os.makedirs(_var_dir(), exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)
    print("Database is up to date.")
    return 0


def _var_dir() -> str:
    from django.conf import settings

    return str(settings.VAR_DIR)


def cmd_serve(args) -> int:
    setup_django()
    from django.conf import settings
    from django.core.management import call_command

    if not settings.STATICFILES_DIRS:
        print("Warning: the NHS.UK design system assets are missing; run `make install` (npm ci).", file=sys.stderr)
    call_command("runserver", args.address, use_reloader=False, use_threading=True)
    return 0


def cmd_demo(args) -> int:
    cmd_migrate(args)
    from oversight.demo.build import build_demo

    summary = build_demo(seed=args.seed)
    print(summary.text())
    if args.no_serve:
        return 0
    print(f"\nOversight is at http://{args.address}/  (Ctrl+C to stop)")
    return cmd_serve(args)


def cmd_ingest(args) -> int:
    if args.source in WAREHOUSE_SOURCES:
        from oversight.warehouse.command import run_ingest

        return run_ingest(args.source, args.paths, args.warehouse)
    setup_django()
    from oversight.audit.auditor import Auditor
    from oversight.audit.context import acting_as, system_actor
    from oversight.audit.models import AuditAction
    from oversight.organisations.ods import ODSFileError, load_etr

    with acting_as(system_actor("oversight-cli:ingest-ods")) as actor:
        for path in args.paths:
            try:
                report = load_etr(path)
            except ODSFileError as exc:
                return _fail(f"{path}: {exc}. Nothing was written.")
            Auditor(actor).record(
                AuditAction.INGEST, object_type="ODS etr.csv", object_repr=os.path.basename(path),
                changes={"sha256": report.sha256, "rows": report.rows, "created": report.created,
                         "updated": report.updated, "unchanged": report.unchanged},
            )
            print(report.summary())
    return 0


def cmd_audit_verify(args) -> int:
    setup_django()
    from oversight.audit.verify import verify_chain

    report = verify_chain()
    if report.intact:
        print(f"Audit trail intact: {report.entries_checked} entries checked.")
        return 0
    print(f"Audit trail BROKEN: {len(report.problems)} problem(s) in {report.entries_checked} entries.")
    for problem in report.problems:
        print(f"  {problem}")
    return 1


def _get_user(username: str):
    from oversight.accounts.models import User

    user = User.objects.filter(username=username).first()
    if user is None:
        raise LookupError(f"no user called {username!r}")
    return user


def cmd_user_create(args) -> int:
    setup_django()
    from django.contrib.auth.password_validation import ValidationError, validate_password

    from oversight.accounts.models import User

    if User.objects.filter(username=args.username).exists():
        return _fail(f"a user called {args.username!r} already exists")
    first, _, last = args.name.partition(" ")
    user = User(username=args.username, email=args.email, first_name=first, last_name=last,
                is_service_account=args.service_account)
    if args.service_account:
        user.set_unusable_password()
    else:
        password = sys.stdin.readline().rstrip("\n") if args.password_stdin else getpass.getpass("Password: ")
        try:
            validate_password(password, user)
        except ValidationError as exc:
            return _fail("password not accepted: " + " ".join(exc.messages))
        user.set_password(password)
    user.save()
    print(f"Created user {user.username}.")
    return 0


def cmd_user_grant(args) -> int:
    setup_django()
    from oversight.accounts.services import RoleError, grant_role
    from oversight.audit.context import acting_as, system_actor

    try:
        with acting_as(system_actor("oversight-cli:user-grant")):
            assignment = grant_role(_get_user(args.username), args.role, args.ods_code, granted_by="oversight-cli")
    except (LookupError, RoleError) as exc:
        return _fail(str(exc))
    print(f"{args.username} is now {assignment}.")
    return 0


def cmd_user_revoke(args) -> int:
    setup_django()
    from oversight.accounts.services import RoleError, revoke_role
    from oversight.audit.context import acting_as, system_actor

    try:
        with acting_as(system_actor("oversight-cli:user-revoke")):
            revoke_role(_get_user(args.username), args.role, args.ods_code)
    except (LookupError, RoleError) as exc:
        return _fail(str(exc))
    print(f"Revoked {args.role} for {args.ods_code} from {args.username}.")
    return 0


def cmd_user_list(args) -> int:
    setup_django()
    from oversight.accounts.models import User

    for user in User.objects.order_by("username").prefetch_related("role_assignments__organisation"):
        roles = "; ".join(str(a) for a in user.role_assignments.all()) or "no roles"
        kind = " (service account)" if user.is_service_account else ""
        print(f"{user.username}{kind}: {roles}")
    return 0


def cmd_user_roles(args) -> int:
    setup_django()
    from oversight.accounts.roles import CAPABILITIES, Capability, Role

    for role in Role:
        print(f"{role.value}  ({role.label})")
        for capability in sorted(CAPABILITIES[role]):
            print(f"    {Capability(capability).label}")
    return 0


def cmd_token_create(args) -> int:
    setup_django()
    from datetime import timedelta

    from django.utils import timezone

    from oversight.accounts.models import APIToken
    from oversight.audit.auditor import Auditor
    from oversight.audit.context import system_actor
    from oversight.audit.models import AuditAction

    try:
        user = _get_user(args.user)
    except LookupError as exc:
        return _fail(str(exc))
    expires = timezone.now() + timedelta(days=args.days) if args.days > 0 else None
    token, plain = APIToken.issue(user, args.name, expires_at=expires)
    Auditor(system_actor("oversight-cli:token-create")).record(
        AuditAction.TOKEN, token, object_repr=str(token), changes={"user": user.username}
    )
    print(plain)
    print(f"Token {token.key_id} for {user.username}; shown once, store it securely. "
          f"Use it as: Authorization: Bearer <token>", file=sys.stderr)
    return 0


def cmd_token_revoke(args) -> int:
    setup_django()
    from django.utils import timezone

    from oversight.accounts.models import APIToken

    updated = APIToken.objects.filter(key_id=args.key_id, revoked_at__isnull=True).update(revoked_at=timezone.now())
    if not updated:
        return _fail(f"no active token with key id {args.key_id!r}")
    print(f"Revoked token {args.key_id}.")
    return 0


