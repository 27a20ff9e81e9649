"""``wellboard restore FILE``: load a backup made by ``wellboard backup`` into this database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wellboard.core.backup import backup_restore
from wellboard.core.errors import InvalidInput


class Command(BaseCommand):
    help = (
        "Load FILE, made by `wellboard backup`, into this (migrated, empty) database: all of it or "
        "nothing. --replace deletes what the database holds first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="an archive written by `wellboard backup`")
        parser.add_argument(
            "--replace", action="store_true", help="delete every record in this database first"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path} does not exist")
        try:
            summary = backup_restore(
                path,
                replace=options["replace"],
                progress=lambda line: self.stderr.write(f"  {line}") if options["verbosity"] > 1 else None,
            )
        except InvalidInput as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Restored {summary.rows} rows into {summary.tables} tables from {summary.path}")
