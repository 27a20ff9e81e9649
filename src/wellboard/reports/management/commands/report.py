"""``wellboard report``: render a board report from the current data, and list published reports.

wellboard report render PARTNERSHIP KIND --strategy SLUG [--period LABEL] --format FORMAT -o FILE
wellboard report list PARTNERSHIP
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError
from django.utils.timezone import localtime

from wellboard.core.errors import NotFound
from wellboard.core.management.base import SubcommandGroup
from wellboard.partners.selectors import partnership_get_for_command_line
from wellboard.reports.calculations import BUILDERS, build_report, report_period
from wellboard.reports.models import ReportKind
from wellboard.reports.renderers import FORMATS, render
from wellboard.reports.selectors import published_editions
from wellboard.strategy.selectors import strategy_get, strategy_list


def write_atomically(target: Path, data: bytes) -> None:
    """Write beside the target and rename, so a reader never sees half a file."""
    if not target.parent.is_dir():
        raise CommandError(f"There is no folder {target.parent} to write {target.name} into")
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class Command(SubcommandGroup):
    help = "Render a board report from the current data, or list a partnership's published reports."

    def add_subcommands(self) -> None:
        rendering = self.subcommand(
            "render",
            "Render a report from the data as it is now, without storing anything. Kinds: "
            + ", ".join(BUILDERS)
            + ".",
        )
        rendering.add_argument("partnership", metavar="PARTNERSHIP", help="the partnership's slug")
        rendering.add_argument("kind", metavar="KIND", help="one of: " + ", ".join(BUILDERS))
        rendering.add_argument(
            "--strategy",
            required=True,
            metavar="SLUG",
            help="the strategy's slug (see `wellboard strategy list`)",
        )
        rendering.add_argument(
            "--period",
            default="",
            metavar="LABEL",
            help="e.g. '2024/25 Q3' for a quarterly report, '2024/25' for the others "
            "(default: the latest complete one)",
        )
        rendering.add_argument(
            "--format", required=True, metavar="FORMAT", help="one of: " + ", ".join(FORMATS)
        )
        rendering.add_argument("-o", "--output", required=True, metavar="FILE", help="where to write it")

        listing = self.subcommand(
            "list", "Print each published edition: when, kind, strategy, period and edition number."
        )
        listing.add_argument("partnership", metavar="PARTNERSHIP", help="the partnership's slug")

    def handle_render(self, **options: Any) -> None:
        partnership, actor = partnership_get_for_command_line(slug=options["partnership"])
        kind = options["kind"]
        if kind not in BUILDERS:
            raise CommandError(f"'{kind}' is not a kind of report: choose one of {', '.join(BUILDERS)}")
        fmt = options["format"]
        if fmt not in FORMATS:
            raise CommandError(f"'{fmt}' is not a report format: choose one of {', '.join(FORMATS)}")
        try:
            strategy = strategy_get(actor=actor, slug=options["strategy"])
        except NotFound as exc:
            known = ", ".join(strategy_list(actor=actor).order_by("slug").values_list("slug", flat=True))
            raise CommandError(
                f"{partnership.slug} has no strategy '{options['strategy']}' "
                f"(its strategies: {known or 'none yet'})"
            ) from exc
        period = report_period(kind, options["period"])
        document = build_report(
            actor=actor, partnership=partnership, strategy=strategy, kind=kind, period=period
        )
        target = Path(options["output"])
        write_atomically(target, render(document, fmt))
        self.stdout.write(f"Wrote the {ReportKind(kind).label.lower()} for {period.label} to {target}")

    def handle_list(self, **options: Any) -> None:
        partnership, actor = partnership_get_for_command_line(slug=options["partnership"])
        editions = list(published_editions(actor=actor))
        for edition in editions:
            report = edition.report
            self.stdout.write(
                "\t".join(
                    (
                        localtime(edition.published_at).strftime("%Y-%m-%d %H:%M"),
                        report.kind,
                        report.strategy.slug,
                        report.period,
                        f"edition {edition.number}",
                    )
                )
            )
        if not editions:
            self.stderr.write(f"{partnership.slug} has no published reports yet.")
