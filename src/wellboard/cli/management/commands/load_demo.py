"""Load the demo partnership (``wellboard load-demo``)."""

from __future__ import annotations

import argparse
from typing import Any

from wellboard.core.management.base import WellboardCommand


def print_logins(command: WellboardCommand) -> None:
    from wellboard.demo import DEMO_SLUG
    from wellboard.demo.step_10_partners import PEOPLE, demo_password

    command.stdout.write(f"\nDemo partnership: {DEMO_SLUG}. Sign in with any of these (demo only):\n")
    for key, first, last, title, role, org in PEOPLE:
        email = f"{first}.{last}@example.org".lower()
        where = f" for {org}" if org else ""
        command.stdout.write(f"  {role:<12} {email:<32} password: {demo_password(key):<28} ({title}{where})")
    command.stdout.write(
        f"The partnership publishes: its public site, open to anyone, is at /public/{DEMO_SLUG}/"
    )


class Command(WellboardCommand):
    help = "Load the demo partnership 'healthy-stevenage' into the database (DATABASE_URL)."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "--reset", action="store_true", help="delete the demo partnership and load it again"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from wellboard.demo import demo_delete, demo_exists, load_demo

        if demo_exists():
            if not options["reset"]:
                self.stdout.write("The demo partnership is already loaded (use --reset to rebuild it).")
                print_logins(self)
                return
            demo_delete()
            self.stdout.write("Deleted the demo partnership.")
        self.stdout.write("Loading the demo partnership…")
        load_demo(log=self.stdout.write)
        self.stdout.write(self.style.SUCCESS("Demo loaded."))
        print_logins(self)
