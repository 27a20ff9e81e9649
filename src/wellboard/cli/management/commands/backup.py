"""``wellboard backup FILE``: the whole deployment in one archive (see ``wellboard.core.backup``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wellboard.core.backup import backup_write


class Command(BaseCommand):
    help = "Write every partnership, person and record of this deployment to FILE (a zip archive)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the archive to write, e.g. wellboard-2026-12-05.zip")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.parent.is_dir():
            raise CommandError(f"{path.parent} is not a folder")
        summary = backup_write(
            path, progress=lambda line: self.stderr.write(f"  {line}") if options["verbosity"] > 1 else None
        )
        self.stdout.write(f"Backed up {summary.rows} rows from {summary.tables} tables to {summary.path}")
