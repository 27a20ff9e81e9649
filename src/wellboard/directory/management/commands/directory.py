"""The service directory from the command line (``wellboard directory import-oruk|export-oruk|list``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from wellboard.core.importing import UploadRejected, read_file
from wellboard.core.management.base import SubcommandGroup
from wellboard.directory.exporters import oruk_list
from wellboard.directory.importers.fetch import fetch_feed, is_address
from wellboard.directory.importers.oruk import oruk_import
from wellboard.directory.importers.structure import MAX_BYTES
from wellboard.directory.selectors import freshness_of, service_list, stale_after_days
from wellboard.partners.selectors import partnership_get_for_command_line


class Command(SubcommandGroup):
    help = "The service directory: import and export Open Referral UK 3.0 feeds, list services."

    def add_subcommands(self) -> None:
        load = self.subcommand(
            "import-oruk",
            "Check and import the services of an Open Referral UK 3.0 feed: a file or an http(s) address "
            "holding a page of /services, a list of services or one service. Nothing is saved if any "
            "service is refused; importing the same feed again changes nothing.",
        )
        load.add_argument("partnership", metavar="PARTNERSHIP", help="the partnership's short name")
        load.add_argument("source", metavar="FILE_OR_URL", help="a .json file, or the feed's address")
        load.add_argument("--dry-run", action="store_true", help="check and report; change nothing")
        dump = self.subcommand(
            "export-oruk", "Write every service of the directory as Open Referral UK 3.0 JSON (a list)."
        )
        dump.add_argument("partnership", metavar="PARTNERSHIP")
        dump.add_argument("-o", "--output", required=True, metavar="FILE.json")
        listing = self.subcommand(
            "list",
            "Print each service's short name, when it was last verified and whether that is out of date.",
        )
        listing.add_argument("partnership", metavar="PARTNERSHIP")

    def handle_import_oruk(self, **options: Any) -> None:
        _partnership, actor = partnership_get_for_command_line(slug=options["partnership"])
        source: str = options["source"]
        try:
            if is_address(source):
                data, name = fetch_feed(source), source
            else:
                path = Path(source)
                data, name = read_file(path, max_bytes=MAX_BYTES), path.name
        except UploadRejected as exc:
            raise CommandError(f"{source} was refused: {exc.reason}") from exc
        report = oruk_import(by=actor, data=data, filename=name, dry_run=options["dry_run"])
        for line in report.summary_lines():
            self.stdout.write(line)
        if not report.ok:
            raise CommandError(f"{name} was rejected; nothing was changed")

    def handle_export_oruk(self, **options: Any) -> None:
        _partnership, actor = partnership_get_for_command_line(slug=options["partnership"])
        services = list(service_list(actor=actor))
        path = Path(options["output"])
        path.write_text(
            json.dumps(oruk_list(services), indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        self.stdout.write(f"Wrote {len(services):,} service{'s' if len(services) != 1 else ''} to {path}")

    def handle_list(self, **options: Any) -> None:
        partnership, actor = partnership_get_for_command_line(slug=options["partnership"])
        services = list(service_list(actor=actor))
        if not services:
            raise CommandError(
                f"{partnership.name} has no services yet: import some with `wellboard directory import-oruk`"
            )
        days = stale_after_days(partnership_id=partnership.pk)
        for service in services:
            fresh = freshness_of(service, days=days)
            verified = service.last_verified.isoformat() if service.last_verified else "never"
            self.stdout.write(f"{service.slug}\t{verified}\t{fresh.label}\t{service.name}")
