"""Run background tasks from the database queue, and enqueue the periodic ones when they fall due."""

from __future__ import annotations

import argparse
import time
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.utils.module_loading import import_string

from wellboard.core.management.base import WellboardCommand


def enqueue_periodic() -> list[str]:
    """Call each hook in ``WELLBOARD_PERIODIC_TASKS``; each enqueues whatever has fallen due."""
    reports = []
    for dotted in getattr(settings, "WELLBOARD_PERIODIC_TASKS", []):
        hook = import_string(dotted)
        result = hook()
        if result:
            reports.append(f"{dotted}: {result}")
    return reports


class Command(WellboardCommand):
    help = "Run background tasks (reminder emails, digests). Runs until stopped unless --once is given."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "--once", action="store_true", help="enqueue what is due, run every queued task, then stop"
        )
        parser.add_argument(
            "--interval", type=int, default=300, help="seconds between checks for periodic work (default 300)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        verbosity = options["verbosity"]
        while True:
            for line in enqueue_periodic():
                if verbosity:
                    self.stdout.write(line)
            call_command(
                "db_worker",
                batch=True,
                reload=False,
                startup_delay=False,
                verbosity=verbosity,
                queue_name="*",
            )
            if options["once"]:
                return
            time.sleep(options["interval"])
