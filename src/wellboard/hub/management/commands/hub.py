"""Hubs from the command line (``wellboard hub create|list|stats|refresh-totals|…``)."""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from wellboard.core.errors import InvalidInput, NotFound
from wellboard.core.importing import UploadRejected, check_path, read_file
from wellboard.core.management.base import SubcommandGroup
from wellboard.hub import importers
from wellboard.hub.assessment_import import MAX_CSV_BYTES as MAX_ASSESSMENTS_BYTES
from wellboard.hub.assessment_import import assessments_import
from wellboard.hub.calculations import Scope, dashboard_hub, hub_figures, parse_routes, scope_for
from wellboard.hub.calculations.afresh import summary_differences
from wellboard.hub.calculations.scope import EARLIEST
from wellboard.hub.exporters import contacts_export_chunks
from wellboard.hub.models import HubKind
from wellboard.hub.selectors import hub_get, hub_list, pseudonym_key
from wellboard.hub.services import hub_create
from wellboard.hub.services.daily_totals import hub_totals_rebuild
from wellboard.partners.selectors import organisation_find, partnership_get_for_command_line
from wellboard.strategy.selectors import initiative_get


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
        self._add_import_assessments()
        self.add_stats_subcommand()
        self.add_refresh_subcommand()

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
        rows, chunks = contacts_export_chunks(by=actor, hub=hub)
        path = Path(options["output"])
        with path.open("w", encoding="utf-8", newline="") as out:
            out.writelines(chunks)
        self.stdout.write(f"Wrote {rows:,} visit{'s' if rows != 1 else ''} at {hub.name} to {path}")

    # ---------------------------------------------------------------- outcome assessments

    def _add_import_assessments(self) -> None:
        load = self.subcommand(
            "import-assessments",
            "Check and record participants' wellbeing assessments (ONS4, SWEMWBS) from a CSV file for a "
            "hub's programme or an initiative (see docs/outcomes.md for its columns). Nothing is saved if "
            "any row is rejected; importing the same file again changes nothing.",
        )
        load.add_argument("partnership", metavar="PARTNERSHIP")
        programme = load.add_mutually_exclusive_group(required=True)
        programme.add_argument("--hub", metavar="HUB", help="the hub's short name")
        programme.add_argument("--initiative", metavar="SLUG", help="the initiative's short name")
        load.add_argument("file", metavar="FILE.csv")
        load.add_argument("--dry-run", action="store_true", help="check and report; change nothing")

    def handle_import_assessments(self, **options: Any) -> None:
        _partnership, actor = partnership_get_for_command_line(slug=options["partnership"])
        hub = hub_get(actor=actor, slug=options["hub"]) if options["hub"] else None
        initiative = (
            initiative_get(actor=actor, slug=options["initiative"]) if options["initiative"] else None
        )
        path = Path(options["file"])
        report = assessments_import(
            by=actor,
            hub=hub,
            initiative=initiative,
            data=read_file(path, max_bytes=MAX_ASSESSMENTS_BYTES),
            filename=path.name,
            dry_run=options["dry_run"],
        )
        for line in report.summary_lines():
            self.stdout.write(line)
        if not report.ok:
            raise CommandError(f"{path.name} was rejected; nothing was changed")

    # ------------------------------------------------------------------ hub figures (``hub stats``)

    def add_stats_subcommand(self) -> None:
        stats = self.subcommand(
            "stats",
            "Print a hub's figures as one JSON object: contacts, clients, counts by sex, age band, route, "
            "need and exercise reason, onward referrals, partners and partner appointments. Exact counts, "
            "for the partnership's own staff: no disclosure control is applied.",
        )
        stats.add_argument("partnership", metavar="PARTNERSHIP")
        stats.add_argument("hub", metavar="HUB", help="the hub's short name")
        stats.add_argument(
            "--from", dest="date_from", default="", metavar="DATE", help="first day (default: a year ago)"
        )
        stats.add_argument(
            "--to", dest="date_to", default="", metavar="DATE", help="last day (default: today)"
        )
        stats.add_argument(
            "--route", default="", metavar="ROUTE[,ROUTE...]", help="count only contacts of these routes"
        )
        stats.add_argument("--format", choices=["json"], default="json", help="the output format (json)")

    def handle_stats(self, **options: Any) -> None:
        # A mistake in what was asked exits with 2, as a mistyped option does.
        _partnership, actor = partnership_get_for_command_line(slug=options["partnership"])
        try:
            hub = dashboard_hub(actor=actor, slug=options["hub"])
        except NotFound as exc:
            known = ", ".join(h.slug for h in hub_list(actor=actor)) or "none yet"
            raise CommandError(
                f"No hub '{options['hub']}' in {_partnership.name} (its hubs: {known})", returncode=2
            ) from exc
        try:
            scope = scope_for(
                hubs=[hub],
                start_text=options["date_from"],
                end_text=options["date_to"],
                routes=parse_routes(options["route"]),
                exact=True,
            )
        except InvalidInput as exc:
            details = "; ".join(
                f"--{field}: {message}" for field, messages in exc.errors.items() for message in messages
            )
            raise CommandError(details, returncode=2) from exc
        figures = hub_figures(scope, [hub], areas=False)
        self.stdout.write(json.dumps(figures.stats(), ensure_ascii=False))

    # ------------------------------------------------------------------ the daily summary

    def add_refresh_subcommand(self) -> None:
        refresh = self.subcommand(
            "refresh-totals",
            "Rebuild the daily totals that dashboards and `hub stats` read, counting every visit of one "
            "hub (or of every hub of the partnership) afresh. Needed only after visits were loaded "
            "without the hub's own services; --check then compares them with a count over the visits.",
        )
        refresh.add_argument("partnership", metavar="PARTNERSHIP")
        refresh.add_argument("hub", metavar="HUB", nargs="?", default="", help="one hub's short name")
        refresh.add_argument(
            "--check",
            action="store_true",
            help="compare the totals with a count afresh over all dates; exit 1 if any figure differs",
        )

    def handle_refresh_totals(self, **options: Any) -> None:
        _partnership, actor = partnership_get_for_command_line(slug=options["partnership"])
        hubs = [hub_get(actor=actor, slug=options["hub"])] if options["hub"] else list(hub_list(actor=actor))
        if not hubs:
            raise CommandError(f"{_partnership.name} has no hubs yet: add one with `wellboard hub create`")
        wrong = 0
        for hub in hubs:
            started = time.perf_counter()
            rows = hub_totals_rebuild(by=actor, hub=hub)
            took = time.perf_counter() - started
            self.stdout.write(f"{hub.slug}: {rows:,} daily totals rebuilt in {took:.1f} s")
            if options["check"]:
                scope = Scope(hub_ids=(hub.pk,), start=EARLIEST, end=dt.date.max, exact=True)
                differences = summary_differences(scope, [hub])
                wrong += len(differences)
                for line in differences:
                    self.stdout.write(f"{hub.slug}: {line}")
                if not differences:
                    self.stdout.write(f"{hub.slug}: every figure matches a count over the visits")
        if wrong:
            raise CommandError(f"{wrong} figure{'s' if wrong != 1 else ''} differ from a count afresh")
