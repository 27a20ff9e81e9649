"""``wellboard strategy``: list a partnership's strategies, and export and import strategy workbooks.

wellboard strategy list PARTNERSHIP
wellboard strategy export PARTNERSHIP STRATEGY -o FILE.xlsx
wellboard strategy import FILE.xlsx --partnership PARTNERSHIP [--dry-run] [--ignore-versions]
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from wellboard.core.importing import read_file
from wellboard.core.management.base import SubcommandGroup
from wellboard.partners.selectors import partnership_get_for_command_line
from wellboard.strategy.selectors import strategy_get, strategy_list
from wellboard.strategy.workbook import Rules, strategy_workbook_bytes, strategy_workbook_import


class Command(SubcommandGroup):
    help = "List a partnership's strategies, and export and import them as XLSX strategy workbooks."

    def add_subcommands(self) -> None:
        listing = self.subcommand(
            "list", "Print each strategy's slug, one per line, followed by a tab and its title."
        )
        listing.add_argument(
            "partnership", metavar="PARTNERSHIP", help="the partnership's slug, e.g. healthy-stevenage"
        )

        export = self.subcommand("export", "Write a strategy to an XLSX strategy workbook.")
        export.add_argument("partnership", metavar="PARTNERSHIP", help="the partnership's slug")
        export.add_argument(
            "strategy", metavar="STRATEGY", help="the strategy's slug (see `wellboard strategy list`)"
        )
        export.add_argument("-o", "--output", required=True, metavar="FILE.xlsx", help="where to write it")

        load = self.subcommand(
            "import",
            "Check a strategy workbook and report what it would create, update, leave unchanged or reject; "
            "apply it only if every row is valid. Exits 1 if anything was rejected.",
        )
        load.add_argument("file", metavar="FILE.xlsx")
        load.add_argument("--partnership", required=True, help="the partnership's slug")
        load.add_argument("--dry-run", action="store_true", help="check and report, but change nothing")
        load.add_argument(
            "--ignore-versions",
            action="store_true",
            help="apply the workbook even where it would undo changes made in Wellboard since it was "
            "exported (to move a strategy between deployments, or import a workbook without versions)",
        )

    def handle_list(self, **options: Any) -> None:
        partnership, actor = partnership_get_for_command_line(slug=options["partnership"])
        strategies = strategy_list(actor=actor).order_by("slug")
        for strategy in strategies:
            self.stdout.write(f"{strategy.slug}\t{strategy.title}")
        if not strategies:
            self.stderr.write(f"{partnership.slug} has no strategies yet.")

    def handle_export(self, **options: Any) -> None:
        _partnership, actor = partnership_get_for_command_line(slug=options["partnership"])
        strategy = strategy_get(actor=actor, slug=options["strategy"])
        data = strategy_workbook_bytes(actor=actor, strategy=strategy)
        target = Path(options["output"])
        if not target.parent.is_dir():
            raise CommandError(f"There is no folder {target.parent} to write {target.name} into")
        # Write beside the target and rename, so a reader never sees half a file.
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        self.stdout.write(f"Wrote {strategy.slug} to {target}")

    def handle_import(self, **options: Any) -> None:
        path = Path(options["file"])
        rules = Rules()
        data = read_file(path, max_bytes=rules.max_bytes)
        _partnership, actor = partnership_get_for_command_line(slug=options["partnership"])
        report = strategy_workbook_import(
            by=actor,
            data=data,
            source=path.name,
            dry_run=options["dry_run"],
            rules=rules,
            ignore_versions=options["ignore_versions"],
        )
        for line in report.summary_lines():
            self.stdout.write(line)
        if not report.ok:
            count = len(report.rejections)
            problems = f"{count} problem{'s' if count != 1 else ''}"
            raise CommandError(f"{path.name} was rejected ({problems}); nothing has been changed")
