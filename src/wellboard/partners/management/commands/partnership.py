"""Create and list partnerships (``wellboard partnership create|list``)."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from django.core.management.base import CommandError

from wellboard.core.management.base import SubcommandGroup
from wellboard.partners.selectors import partnership_list_for_command_line
from wellboard.partners.services import partnership_create


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2024-04-01") from exc


class Command(SubcommandGroup):
    help = "Create and list partnerships (the tenants of this deployment)."

    def add_subcommands(self) -> None:
        create = self.subcommand(
            "create", "Create a partnership. Then add its coordinator with `wellboard createuser`."
        )
        create.add_argument(
            "slug", metavar="SLUG", help="short name used in web addresses, e.g. healthy-stevenage"
        )
        create.add_argument("--name", required=True, help="e.g. 'Healthy Stevenage Partnership'")
        create.add_argument("--place", required=True, help="the place it serves, e.g. Stevenage")
        create.add_argument("--area-code", default="", help="ONS GSS code of the place, e.g. E07000243")
        create.add_argument("--description", default="")
        create.add_argument(
            "--fortnight-anchor",
            type=_date,
            default=None,
            help="first day of any fortnight, for fortnightly returns (default 2020-03-30, a Monday)",
        )
        create.add_argument("--public", action="store_true", help="publish live strategies to everyone")
        self.subcommand("list", "Print each partnership's slug, then a tab and its name.")

    def handle_create(self, **options: Any) -> None:
        partnership, _ = partnership_create(
            slug=options["slug"],
            name=options["name"],
            place_name=options["place"],
            area_code=options["area_code"],
            description=options["description"],
            fortnight_anchor=options["fortnight_anchor"],
            is_public=options["public"],
        )
        self.stdout.write(f"Created {partnership.slug}: {partnership.name}")
        self.stdout.write(
            "Next: wellboard createuser EMAIL --first-name NAME "
            f"--partnership {partnership.slug} --role coordinator"
        )

    def handle_list(self, **options: Any) -> None:
        partnerships = partnership_list_for_command_line()
        if not partnerships:
            raise CommandError(
                "There are no partnerships yet: create one with `wellboard partnership create`"
            )
        for partnership in partnerships:
            self.stdout.write(f"{partnership.slug}\t{partnership.name}")
