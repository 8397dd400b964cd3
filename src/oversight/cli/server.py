"""``oversight serve``, ``oversight demo`` and ``oversight migrate``."""

from __future__ import annotations

import sys


def register(subparsers) -> None:
    serve = subparsers.add_parser("serve", help="serve the web app (http://127.0.0.1:8000 by default)")
    serve.add_argument("--address", default="127.0.0.1:8000")
    serve.set_defaults(func=cmd_serve, needs_django=True)

    demo = subparsers.add_parser("demo", help="migrate, build the demo region and serve it")
    demo.add_argument("--no-serve", action="store_true", help="build the demo data only")
    demo.add_argument("--address", default="127.0.0.1:8000")
    demo.add_argument("--seed", type=int, default=2026)
    demo.set_defaults(func=cmd_demo, needs_django=True)

    migrate = subparsers.add_parser("migrate", help="create or update the database tables")
    migrate.set_defaults(func=cmd_migrate, needs_django=True)


def cmd_migrate(args) -> int:
    from django.conf import settings
    from django.core.management import call_command

    settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)  # the database cache the rate limits count in (CACHES)
    print("Database is up to date.")
    return 0


def cmd_serve(args) -> int:
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
