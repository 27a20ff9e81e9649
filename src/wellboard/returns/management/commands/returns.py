"""``wellboard returns``: collections, templates, uploads and completeness from the command line."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from wellboard.core.clock import today
from wellboard.core.importing import read_file
from wellboard.core.management.base import SubcommandGroup
from wellboard.core.spreadsheets import UploadRejected
from wellboard.partners.selectors import organisation_find, partnership_get_for_command_line
from wellboard.returns.calculations import completeness
from wellboard.returns.importers import csv_upload
from wellboard.returns.models import ReturnStatus
from wellboard.returns.selectors import (
    collection_get,
    collection_list,
    collection_members,
    period_get,
    return_organisation_get,
)
from wellboard.returns.workbook import template_build, workbook_identify, workbook_upload

MAX_FILE_BYTES = 20 * 1024 * 1024


class Command(SubcommandGroup):
    help = "Partners' periodic data returns: collections, templates, uploads and completeness."

    def add_subcommands(self) -> None:
        p = self.subcommand("collections", "List a partnership's collections (slug first).")
        p.add_argument("partnership", metavar="PARTNERSHIP")

        p = self.subcommand("periods", "List a collection's periods with their due dates.")
        p.add_argument("partnership", metavar="PARTNERSHIP")
        p.add_argument("collection", metavar="COLLECTION")

        p = self.subcommand("template", "Write the XLSX template for one organisation and period.")
        p.add_argument("partnership", metavar="PARTNERSHIP")
        p.add_argument("collection", metavar="COLLECTION")
        p.add_argument("organisation", metavar="ORGANISATION", help="slug or name")
        p.add_argument("period", metavar="PERIOD", help="the period's code or its first day (YYYY-MM-DD)")
        p.add_argument("-o", "--output", required=True, metavar="FILE.xlsx")

        p = self.subcommand("upload", "Check and save a filled-in template (or a CSV file of many returns).")
        p.add_argument("file", metavar="FILE.xlsx")
        p.add_argument("--dry-run", action="store_true", help="check and report; change nothing")
        p.add_argument("--submit", action="store_true", help="submit the return(s) for approval")
        p.add_argument("--partnership", help="for a CSV file: the partnership's slug")
        p.add_argument("--collection", help="for a CSV file: the collection's slug")

        p = self.subcommand("status", "Show the completeness table: organisations by periods.")
        p.add_argument("partnership", metavar="PARTNERSHIP")
        p.add_argument("collection", metavar="COLLECTION")
        p.add_argument("--last", type=int, default=6, help="how many recent periods to show (default 6)")

    # ------------------------------------------------------------ sub-commands
    def handle_collections(self, **options: Any) -> None:
        _partnership, actor = partnership_get_for_command_line(slug=options["partnership"])
        collections = list(collection_list(actor=actor).prefetch_related("measures", "organisations"))
        if not collections:
            self.stderr.write("No collections yet.")
            return
        rows = [
            (
                c.slug,
                c.name,
                c.get_frequency_display(),
                f"{c.measures.count()} measures",
                f"{c.organisations.count()} organisations",
                "open" if c.is_open else "closed",
            )
            for c in collections
        ]
        self._table(rows)

    def handle_periods(self, **options: Any) -> None:
        _partnership, actor = partnership_get_for_command_line(slug=options["partnership"])
        collection = collection_get(actor=actor, slug=options["collection"])
        day = today()
        periods = collection.periods(until=day)
        if not periods:
            self.stdout.write("The collection's first period has not started yet.")
            return
        rows = []
        for period in periods:
            due = collection.due_date(period)
            state = "not due yet" if due >= day else "due date passed"
            if period.end >= day:
                state = "in progress"
            rows.append(
                (period.start.isoformat(), period.code, period.label, f"due {due.isoformat()}", state)
            )
        self._table(rows)

    def handle_template(self, **options: Any) -> None:
        _partnership, actor = partnership_get_for_command_line(slug=options["partnership"])
        collection = collection_get(actor=actor, slug=options["collection"])
        found = organisation_find(actor=actor, name_or_slug=options["organisation"])
        if found is None:
            raise CommandError(f"No organisation '{options['organisation']}' in this partnership")
        organisation = return_organisation_get(actor=actor, collection=collection, slug=found.slug)
        period = period_get(collection=collection, text=options["period"])
        data = template_build(actor=actor, collection=collection, organisation=organisation, period=period)
        output = Path(options["output"])
        output.write_bytes(data)
        self.stdout.write(f"Wrote {output} ({organisation.name}, {period.label})")

    def handle_upload(self, **options: Any) -> None:
        path = Path(options["file"])
        data = read_file(path, max_bytes=MAX_FILE_BYTES)
        if path.suffix.lower() == ".csv":
            self._upload_csv(path, data, **options)
            return
        try:
            identity = workbook_identify(data)
        except UploadRejected as exc:
            raise CommandError(f"{path.name}: {exc} Nothing was changed.") from exc
        _partnership, actor = partnership_get_for_command_line(slug=identity.partnership)
        try:
            outcome = workbook_upload(
                by=actor, data=data, filename=path.name, dry_run=options["dry_run"], submit=options["submit"]
            )
        except UploadRejected as exc:
            raise CommandError(f"{path.name}: {exc} Nothing was changed.") from exc
        report = outcome.report
        if outcome.organisation and outcome.period:
            self.stdout.write(f"{outcome.organisation.name}, {outcome.period.label}")
        for line in report.summary_lines():
            self.stdout.write(line)
        if not report.ok:
            raise CommandError(f"{path.name} was rejected; nothing was changed")
        if outcome.data_return is not None:
            status = ReturnStatus(outcome.data_return.status).label.lower()
            self.stdout.write(f"The return is now {status}.")

    def _upload_csv(self, path: Path, data: bytes, **options: Any) -> None:
        if not options.get("partnership") or not options.get("collection"):
            raise CommandError("For a CSV file give --partnership and --collection")
        _partnership, actor = partnership_get_for_command_line(slug=options["partnership"])
        collection = collection_get(actor=actor, slug=options["collection"])
        report = csv_upload(
            by=actor,
            collection=collection,
            data=data,
            filename=path.name,
            dry_run=options["dry_run"],
            submit=options["submit"],
        )
        for line in report.summary_lines():
            self.stdout.write(line)
        if not report.ok:
            raise CommandError(f"{path.name} was rejected; nothing was changed")

    def handle_status(self, **options: Any) -> None:
        _partnership, actor = partnership_get_for_command_line(slug=options["partnership"])
        collection = collection_get(actor=actor, slug=options["collection"])
        grid = completeness(collection=collection, today=today(), last=max(1, options["last"]))
        if not grid.periods:
            self.stdout.write("The collection's first period has not started yet.")
            return
        header = ("Organisation", *[p.start.strftime("%d %b %y") for p in grid.periods], "On time")
        rows = [header]
        for row in grid.rows:
            pct = row.on_time_percent
            rows.append(
                (row.organisation.name, *[c.label for c in row.cells], "n/a" if pct is None else f"{pct}%")
            )
        self._table(rows)
        overall = grid.on_time_percent
        self.stdout.write(f"On time overall: {'n/a' if overall is None else f'{overall}%'}")
        missing = sum(1 for r in grid.rows for c in r.cells if c.status.value == "missing")
        expected = len(collection_members(collection=collection)) * len(grid.periods)
        self.stdout.write(f"Missing returns: {missing} of {expected}")
        for stale in grid.stale:
            who = stale.organisation.name if stale.organisation else "all organisations"
            self.stdout.write(f"Stale: {stale.measure.code} ({who}): {stale.reason}")

    def _table(self, rows: Sequence[Sequence[object]]) -> None:
        widths = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]))]
        for row in rows:
            self.stdout.write("  ".join(str(v).ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())
