"""``wellboard indicators``: import a Fingertips export or a file of observations, list indicators,
recompute figures."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from wellboard.core.importing import ImportReport, UploadRejected, check_path, read_file
from wellboard.core.management.base import SubcommandGroup
from wellboard.indicators.importers import observations as observations_file
from wellboard.indicators.importers.fingertips import MAX_BYTES, fingertips_import
from wellboard.indicators.models import Method, Polarity, ValueType
from wellboard.indicators.selectors import indicator_data_summaries, indicator_get, indicator_list
from wellboard.indicators.services import observations_recalculate
from wellboard.partners.selectors import partnership_get_for_command_line


class Command(SubcommandGroup):
    help = "Indicators: import a Fingertips CSV export, list a partnership's indicators, recompute figures."

    def add_subcommands(self) -> None:
        p = self.subcommand(
            "import-fingertips",
            "Import a Fingertips CSV export: create or update its indicators, areas and observations.",
        )
        p.add_argument("file", metavar="FILE", help="the CSV file downloaded from Fingertips")
        p.add_argument("--partnership", required=True, metavar="P", help="the partnership's slug")
        p.add_argument("--dry-run", action="store_true", help="check and report; change nothing")
        p.add_argument(
            "--polarity",
            choices=Polarity.values,
            help="which direction is better (the export does not say); default: inferred from the "
            "published 'Compared to England' labels for a new indicator, kept for an existing one",
        )

        p = self.subcommand(
            "import-observations",
            "Import a CSV file of observations for many indicators at once (columns: indicator, "
            "area_code, period and any other observation fields); read a chunk at a time.",
        )
        p.add_argument("file", metavar="FILE", help="the CSV file")
        p.add_argument("--partnership", required=True, metavar="P", help="the partnership's slug")
        p.add_argument("--dry-run", action="store_true", help="check and report; change nothing")
        p.add_argument(
            "--source", default="", help="what the figures record as their source (default: the file's name)"
        )

        p = self.subcommand("list", "List a partnership's indicators (slug first).")
        p.add_argument("partnership", metavar="PARTNERSHIP")

        p = self.subcommand(
            "recalculate",
            "Recompute the values and limits Wellboard computed from counts (published figures stay).",
        )
        p.add_argument("partnership", metavar="PARTNERSHIP")
        p.add_argument("--indicator", metavar="SLUG", help="only this indicator")
        p.add_argument("--dry-run", action="store_true", help="report what would change; change nothing")

    def _report(self, report: ImportReport) -> None:
        for line in report.summary_lines():
            self.stdout.write(line)

    def handle_import_fingertips(self, **options: Any) -> None:
        path = Path(options["file"])
        data = read_file(path, max_bytes=MAX_BYTES)
        _partnership, actor = partnership_get_for_command_line(slug=options["partnership"])
        report = fingertips_import(
            by=actor,
            data=data,
            filename=path.name,
            dry_run=options["dry_run"],
            polarity=options.get("polarity"),
        )
        self._report(report)
        if not report.ok:
            raise CommandError(
                f"The import was rejected ({report.totals()['rejected']} problem(s)); nothing was changed"
            )

    def handle_import_observations(self, **options: Any) -> None:
        path = Path(options["file"])
        _partnership, actor = partnership_get_for_command_line(slug=options["partnership"])
        try:
            file = check_path(path, max_bytes=observations_file.FILE_LIMITS.max_bytes)
        except UploadRejected as exc:
            raise CommandError(exc.reason) from exc
        with file.open("rb") as stream:
            report = observations_file.observations_file_import(
                by=actor,
                data=stream,
                filename=path.name,
                dry_run=options["dry_run"],
                source=options["source"],
            )
        self._report(report)
        if not report.ok:
            raise CommandError(
                f"{path.name} was rejected ({report.totals()['rejected']:,} problem(s)); nothing was changed"
            )

    def handle_list(self, **options: Any) -> None:
        _partnership, actor = partnership_get_for_command_line(slug=options["partnership"])
        indicators = list(indicator_list(actor=actor))
        if not indicators:
            self.stderr.write("No indicators yet.")
            return
        data = indicator_data_summaries(actor=actor)
        # No header row: the slug is the first column of every line, for scripts (as in the other
        # list commands). Then the name, value type, method, polarity, figures and latest year.
        rows: list[tuple[str, ...]] = []
        for indicator in indicators:
            summary = data.get(indicator.pk)
            rows.append(
                (
                    indicator.slug,
                    indicator.name[:60],
                    ValueType(indicator.value_type).label,
                    Method(indicator.method).label.split(" (")[0],
                    Polarity(indicator.polarity).label,
                    str(summary.observations if summary else 0),
                    str(summary.latest_period_start.year) if summary and summary.latest_period_start else "-",
                )
            )
        widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]  # at least one row
        for row in rows:
            self.stdout.write(
                "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
            )

    def handle_recalculate(self, **options: Any) -> None:
        _partnership, actor = partnership_get_for_command_line(slug=options["partnership"])
        if options.get("indicator"):
            indicators = [indicator_get(actor=actor, slug=options["indicator"])]
        else:
            indicators = list(indicator_list(actor=actor))
        total = 0
        for indicator in indicators:
            report = observations_recalculate(by=actor, indicator=indicator, dry_run=options["dry_run"])
            changed = report.totals()["update"]
            total += changed
            if report.rows_read or report.notes:
                self.stdout.write(
                    f"{indicator.slug}: {changed} of {report.rows_read} computed figures "
                    f"{'would change' if options['dry_run'] else 'recalculated'}"
                )
            for note in report.notes:
                self.stdout.write(f"  note: {note}")
        verb = "would be recalculated" if options["dry_run"] else "recalculated"
        self.stdout.write(f"{total} figures {verb}; published figures were left as published.")
