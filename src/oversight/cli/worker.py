"""``oversight worker``: run queued background tasks (case imports, urgent care call-event loads) in a process of their own.

Production sets OVERSIGHT_IMPORT_WORKER=separate and runs this beside the web server (e.g. a second
systemd unit), so an import is never stopped by a web server restart. The demo needs no worker: the
web server's own thread runs imports (docs/adr/0005-background-tasks.md).
"""

from __future__ import annotations


def register(subparsers) -> None:
    worker = subparsers.add_parser("worker", help="run queued imports and call-event loads (production: beside the web server)")
    worker.add_argument("--once", action="store_true", help="run what is queued now, then stop")
    worker.add_argument("--interval", type=float, default=1.0, help="seconds between looks at an empty queue")
    worker.set_defaults(func=cmd_worker, needs_django=True)


def cmd_worker(args) -> int:
    from oversight.governance.imports.jobs import run_worker

    run_worker(batch=args.once, interval=args.interval)
    return 0
