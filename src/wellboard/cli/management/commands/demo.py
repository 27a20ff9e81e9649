"""Everything `make demo` does: migrate, load the demo once, print the logins, serve.

Run as `wellboard demo`, the settings are the demo's (``WELLBOARD_DEMO``, set by the `wellboard` command):
DEBUG off, so visitors see Wellboard's own error pages, over plain HTTP on this machine.
"""

from __future__ import annotations

import argparse
from typing import Any

from django.core.management import call_command

from wellboard.cli.management.commands.serve import links_point_here, run_server
from wellboard.core.management.base import WellboardCommand


class Command(WellboardCommand):
    help = "Migrate the database, load the demo partnership if needed, and serve it."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--no-serve", action="store_true", help="set everything up but do not start the server"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from django.conf import settings

        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        # Static files are served from the package; an empty STATIC_ROOT keeps WhiteNoise from
        # warning that it is missing.
        settings.STATIC_ROOT.mkdir(parents=True, exist_ok=True)
        self.stdout.write("Migrating the database…")
        call_command("migrate", verbosity=0, interactive=False)
        # The demo's emails (referral updates, reminders) link to the server it is about to start.
        links_point_here(host=options["host"], port=options["port"])
        call_command("load_demo", stdout=self.stdout)
        if options["no_serve"]:
            return
        host = options["host"]
        if host not in ("0.0.0.0", "::") and host not in settings.ALLOWED_HOSTS:  # noqa: S104
            # With DEBUG off Django answers 400 to a host it was not told about: allow the one asked for.
            settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, host]
        url = f"http://{host}:{options['port']}/"
        self.stdout.write(self.style.SUCCESS(f"\nWellboard demo: {url}  (Ctrl+C to stop)\n"))
        run_server(host=options["host"], port=options["port"], workers=2, threads=8, access_log=False)
