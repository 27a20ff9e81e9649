"""Hubs from the command line (``wellboard hub create|list``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from wellboard.core.importing import UploadRejected, check_path
from wellboard.core.management.base import SubcommandGroup
from wellboard.hub import importers
from wellboard.hub.exporters import contacts_export
from wellboard.hub.models import HubKind
from wellboard.hub.selectors import hub_get, hub_list, pseudonym_key
from wellboard.hub.services import hub_create
from wellboard.partners.selectors import organisation_find, partnership_get_for_command_line


class Command(SubcommandGroup):
    help = "Healthy Hubs: create and list a partnership's hubs."

    def add_subcommands(self) -> None:
        create = self.subcommand("create", "Create a hub run by one of the partnership's organisations.")
        create.add_argument("partnership", metavar="PARTNERSHIP", help="the partnership's short name")
        create.add_argument("slug", metavar="SLUG", help="the hub's short name, e.g. healthy-hub")
        create.add_argument("--name", required=True, help="e.g. 'Stevenage Healthy Hub'")
        create.add_argument(
            "--organisation", required=True, help="the organisation that runs it (its name or short name)"
        )
        create.add_argument("--kind", choices=HubKind.values, default=HubKind.MAIN, help="default: main")
        listing = self.subcommand("list", "Print each hub's short name, kind, name and who runs it.")
        listing.add_argument("partnership", metavar="PARTNERSHIP")
        load = self.subcommand(
            "import-contacts",
            "Check and record a hub's visits from a CSV file (see docs/hub.md for its columns). "
            "Nothing is saved if any row is rejected; importing the same file again changes nothing.",
        )
        load.add_argument("partnership", metavar="PARTNERSHIP")
        load.add_argument("hub", metavar="HUB", help="the hub's short name")
        load.add_argument("file", metavar="FILE.csv")
        load.add_argument("--dry-run", action="store_true", help="check and report; change nothing")
        dump = self.subcommand(
            "export-contacts", "Write a hub's visits to a CSV file, with client keys, never identifiers."
        )
        dump.add_argument("partnership", metavar="PARTNERSHIP")
        dump.add_argument("hub", metavar="HUB", help="the hub's short name")
        dump.add_argument("-o", "--output", required=True, metavar="FILE.csv")

    def handle(self, *args: Any, **options: Any) -> None:
        pseudonym_key()  # without it, every hub command says why it cannot work
        super().handle(*args, **options)

    def handle_create(self, **options: Any) -> None:
        partnership, actor = partnership_get_for_command_line(slug=options["partnership"])
        organisation = organisation_find(actor=actor, name_or_slug=options["organisation"])
        if organisation is None:
            raise CommandError(
                f"No organisation '{options['organisation']}' in {partnership.name}: "
                "give the name or short name of a member organisation"
            )
        hub = hub_create(
            by=actor,
            slug=options["slug"],
            name=options["name"],
            organisation=organisation,
            kind=options["kind"],
        )
        self.stdout.write(f"Created hub {hub.slug}: {hub.name}, run by {organisation.name}")

    def handle_list(self, **options: Any) -> None:
        partnership, actor = partnership_get_for_command_line(slug=options["partnership"])
        hubs = list(hub_list(actor=actor))
        if not hubs:
            raise CommandError(f"{partnership.name} has no hubs yet: add one with `wellboard hub create`")
        for hub in hubs:
            state = "" if hub.active else "\t(closed)"
            self.stdout.write(f"{hub.slug}\t{hub.kind}\t{hub.name}\t{hub.organisation.name}{state}")

    def handle_import_contacts(self, **options: Any) -> None:
        _partnership, actor = partnership_get_for_command_line(slug=options["partnership"])
        hub = hub_get(actor=actor, slug=options["hub"])
        path = Path(options["file"])
        try:
            file = check_path(path, max_bytes=importers.FILE_LIMITS.max_bytes)
        except UploadRejected as exc:
            raise CommandError(exc.reason) from exc
        with file.open("rb") as stream:
            report = importers.contacts_import(
                by=actor,
                hub=hub,
                data=stream,
                filename=path.name,
                dry_run=options["dry_run"],
                limits=importers.FILE_LIMITS,
            )
        for line in report.summary_lines():
            self.stdout.write(line)
        if not report.ok:
            raise CommandError(f"{path.name} was rejected; nothing was changed")

    def handle_export_contacts(self, **options: Any) -> None:
        _partnership, actor = partnership_get_for_command_line(slug=options["partnership"])
        hub = hub_get(actor=actor, slug=options["hub"])
        text = contacts_export(by=actor, hub=hub)
        path = Path(options["output"])
        path.write_text(text, encoding="utf-8")
        rows = text.count("\r\n") - 1
        self.stdout.write(f"Wrote {rows:,} visit{'s' if rows != 1 else ''} at {hub.name} to {path}")
