"""Serve Wellboard with gunicorn (threads for concurrency; SQLite runs in WAL mode)."""

from __future__ import annotations

import argparse
import os
from typing import Any

from django.core.management.base import CommandError

from wellboard.core.management.base import WellboardCommand


def links_point_here(*, host: str, port: int) -> None:
    """Unless ``SITE_URL`` is set, the links Wellboard writes into emails (invitations, referral
    updates, return reminders) point at the address being served, not at the default port."""
    from django.conf import settings

    if os.environ.get("SITE_URL", "").strip():
        return
    shown = "127.0.0.1" if host in ("", "0.0.0.0", "::") else host  # noqa: S104 (a name, not a bind)
    shown = f"[{shown}]" if ":" in shown else shown
    settings.SITE_URL = f"http://{shown}:{port}"


def run_server(*, host: str, port: int, workers: int, threads: int, access_log: bool) -> None:
    from gunicorn.app.base import BaseApplication

    from wellboard.wsgi import application

    class Server(BaseApplication):
        def load_config(self) -> None:
            options = {
                "bind": f"{host}:{port}",
                "workers": workers,
                "threads": threads,
                "worker_class": "gthread",
                "timeout": 120,
                "graceful_timeout": 5,
                "accesslog": "-" if access_log else None,
                "errorlog": "-",
                "loglevel": "warning",
                "proc_name": "wellboard",
            }
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            return application

    Server().run()


class Command(WellboardCommand):
    help = "Serve Wellboard over HTTP (default http://127.0.0.1:8000)."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
        parser.add_argument("--port", type=int, default=8000, help="port (default 8000)")
        parser.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
        parser.add_argument("--threads", type=int, default=8, help="threads per worker (default 8)")
        parser.add_argument("--access-log", action="store_true", help="print one line per request")

    def handle(self, *args: Any, **options: Any) -> None:
        from django.db import connection
        from django.db.migrations.executor import MigrationExecutor

        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            raise CommandError("The database needs migrating first: run `wellboard migrate`")
        self.stdout.write(
            f"Wellboard is running on http://{options['host']}:{options['port']}/ (Ctrl+C to stop)"
        )
        links_point_here(host=options["host"], port=options["port"])
        run_server(
            host=options["host"],
            port=options["port"],
            workers=options["workers"],
            threads=options["threads"],
            access_log=options["access_log"],
        )
