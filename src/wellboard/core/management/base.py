"""Base class for Wellboard's commands: domain errors become one readable line and exit code 1."""

from __future__ import annotations

import argparse
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from wellboard.core.errors import InvalidInput, WellboardError


class WellboardCommand(BaseCommand):
    def execute(self, *args: Any, **options: Any) -> str | None:
        try:
            return super().execute(*args, **options)
        except InvalidInput as exc:
            details = "; ".join(
                f"{field}: {message}" if field else message
                for field, messages in exc.errors.items()
                for message in messages
            )
            raise CommandError(details) from exc
        except WellboardError as exc:
            raise CommandError(str(exc)) from exc


class SubcommandGroup(WellboardCommand):
    """A command with sub-commands, e.g. ``wellboard strategy export``.

    Subclasses add parsers in ``add_subcommands`` with ``self.subcommand(name, help)`` and handle
    each in a method named ``handle_<name>`` (hyphens become underscores).
    """

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        self.subparsers = parser.add_subparsers(dest="subcommand", metavar="SUBCOMMAND", required=True)
        self.add_subcommands()

    def add_subcommands(self) -> None:
        """Add one parser per sub-command with ``self.subcommand(name, help)``."""

    def subcommand(self, name: str, help_text: str) -> argparse.ArgumentParser:
        # Django's CommandParser makes each sub-parser a CommandParser too, so errors in a
        # sub-command's arguments print as one line like the command's own.
        parser: argparse.ArgumentParser = self.subparsers.add_parser(
            name, help=help_text, description=help_text
        )
        return parser

    def handle(self, *args: Any, **options: Any) -> None:
        name = options["subcommand"]
        method = getattr(self, "handle_" + name.replace("-", "_"))
        method(**options)
