"""Time the four report formats on a document the size of a nine-priority quarterly report.

Budget (DESIGN.md): the PDF with its charts under 10 s; targets DOCX and XLSX under 5 s each.

The document comes from ``bench_document()``: a strategy of 9 priorities, each with its key
figures, a narrative, a table of 6 actions with their ratings, and indicators (20 tables and 20
trend charts with their data tables in all), built by hand so the benchmark needs no database.
Each format is rendered ``--repeats`` times: the first run with the chart cache empty (what the
first download of a report costs), then warm runs. It prints seconds for each and whether the
budget is met, and exits 1 when a cold run is over budget.

Usage: ``.venv/bin/python bench/reports.py [--repeats N] [--out DIR]`` (``--out`` keeps the files).
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from wellboard.reports.document import ReportDocument

BUDGET = {"html": 5.0, "pdf": 10.0, "docx": 5.0, "xlsx": 5.0}
PRIORITIES = 9
ACTIONS_PER_PRIORITY = 6
INDICATOR_TABLES = 20
CHARTS = 20
PERIODS = 10


def bench_document() -> ReportDocument:
    """A nine-priority quarterly report: what a coordinator's board pack holds each quarter."""
    from wellboard.charts.data import TrendPoint
    from wellboard.charts.trend import trend_chart
    from wellboard.reports.document import (
        Chart,
        Column,
        KeyFigure,
        KeyFigures,
        Narrative,
        Notice,
        Paragraph,
        ReportDocument,
        Section,
        Table,
        TableBlock,
    )

    ratings = ("green", "amber", "red", "complete", "green", "amber")
    periods = [f"{2014 + i}/{(15 + i) % 100:02d}" for i in range(PERIODS)]

    def actions(priority: int) -> Table:
        return Table(
            caption=f"Priority {priority}: actions and their ratings, 2024/25 Q3",
            columns=(
                Column("ref", "Reference"),
                Column("action", "Action"),
                Column("lead", "Lead partner"),
                Column("rag", "Rating", kind="rag"),
                Column("reached", "People reached", kind="count"),
                Column("update", "Update"),
            ),
            rows=tuple(
                (
                    f"{priority}.{a}",
                    f"Deliver the {a}th programme of community sessions for priority {priority}",
                    f"Partner organisation {a}",
                    ratings[a % len(ratings)],
                    "*" if a == 3 else 40 * a + priority,
                    "Sessions ran as planned; attendance rose in the second month and a waiting "
                    "list opened for the next term.",
                )
                for a in range(1, ACTIONS_PER_PRIORITY + 1)
            ),
            notes=("Ratings are the lead partner's, agreed at the delivery group.",),
        )

    def indicator_table(n: int) -> Table:
        return Table(
            caption=f"Indicator {n}: value by area, latest period",
            columns=(
                Column("area", "Area"),
                Column("count", "Count", kind="count"),
                Column("value", "Value", kind="percent", decimals=1, derived_from="count"),
                Column("lower", "Lower 95% limit", kind="number", decimals=1),
                Column("upper", "Upper 95% limit", kind="number", decimals=1),
            ),
            rows=tuple(
                (
                    f"Ward {w}",
                    "*" if w == 4 else 100 + 13 * w,
                    None if w == 4 else 20 + w * 0.7,
                    18 + w * 0.6,
                    22 + w,
                )
                for w in range(1, 13)
            ),
            notes=("Source: local survey.",),
        )

    def chart(n: int) -> Chart:
        points = [
            TrendPoint(
                period=p,
                value=20 + (i * 0.8 + n) % 7,
                lower=18 + (i * 0.8 + n) % 7,
                upper=22 + (i * 0.8 + n) % 7,
            )
            for i, p in enumerate(periods)
        ]
        title = f"Indicator {n}: adults who are physically active"
        return Chart(
            title=title,
            spec=trend_chart(points, unit="%", title=title),
            alt=f"Line chart of indicator {n} over ten years.",
            table=Table(
                caption=f"{title} (%)",
                columns=(
                    Column("period", "Period", kind="period"),
                    Column("value", "Value", kind="percent", decimals=1),
                    Column("lower", "Lower 95% limit", kind="number", decimals=1),
                    Column("upper", "Upper 95% limit", kind="number", decimals=1),
                ),
                rows=tuple((p.period, p.value, p.lower, p.upper) for p in points),
            ),
        )

    def priority(p: int) -> Section:
        tables = [
            TableBlock(indicator_table(n))
            for n in range(1, INDICATOR_TABLES + 1)
            if (n - 1) % PRIORITIES == p - 1
        ]
        charts = [chart(n) for n in range(1, CHARTS + 1) if (n - 1) % PRIORITIES == p - 1]
        return Section(
            title=f"Priority {p}: healthy lives theme {p}",
            anchor=f"priority-{p}",
            blocks=(
                KeyFigures(
                    items=(
                        KeyFigure("Actions on track", 4, kind="count"),
                        KeyFigure("Actions at risk", 1, kind="count"),
                        KeyFigure("People reached", 1250 + p, kind="count"),
                    )
                ),
                Narrative(
                    key="highlights",
                    title="Highlights",
                    html="<p>Partners <strong>opened two new groups</strong> this quarter.</p>"
                    "<ul><li>More sessions in the east of the borough</li><li>A new volunteer lead</li></ul>",
                ),
            ),
            children=(
                Section(title="Actions", blocks=(TableBlock(actions(p)),)),
                Section(
                    title="Indicators",
                    blocks=(Paragraph("How the priority's indicators have moved."), *tables, *charts),
                ),
            ),
        )

    return ReportDocument(
        kind="quarterly",
        title="Quarterly monitoring report",
        subtitle="Healthy lives in every neighbourhood",
        partnership="Healthy Stevenage",
        strategy="Healthy Stevenage Strategy 2022 to 2027",
        period_label="2024/25 Q3",
        generated_at="2025-01-15T09:30:00+00:00",
        data_version=42,
        sections=(
            Section(
                title="Summary",
                anchor="summary",
                blocks=(
                    Narrative(key="foreword", title="Foreword", html="<p>A quarter of steady progress.</p>"),
                    Notice("Two returns for this quarter are still awaited."),
                ),
            ),
            *(priority(p) for p in range(1, PRIORITIES + 1)),
        ),
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wellboard.settings")
    import django

    django.setup()
    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    from wellboard.reports.renderers import FORMATS, render
    from wellboard.reports.renderers.charts import clear_cache

    document = bench_document()
    tables = len(document.tables())
    print(f"Document: {len(document.sections)} sections, {tables} tables, {CHARTS} charts")
    # Timings scale with what else the machine is doing: say how busy it was.
    print(f"Load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"{'format':<6} {'cold (s)':>9} {'warm median (s)':>16} {'size (KB)':>10}  budget")
    over = False
    for fmt in FORMATS:
        times: list[float] = []
        data = b""
        for run in range(max(args.repeats, 1)):
            if run == 0:
                clear_cache()
            start = time.perf_counter()
            data = render(document, fmt)
            times.append(time.perf_counter() - start)
        cold, warm = times[0], statistics.median(times[1:]) if len(times) > 1 else times[0]
        ok = cold <= BUDGET[fmt]
        over = over or not ok
        verdict = f"{'within' if ok else 'OVER'} {BUDGET[fmt]:.0f} s"
        print(f"{fmt:<6} {cold:>9.2f} {warm:>16.2f} {len(data) / 1024:>10.0f}  {verdict}")
        if args.out:
            args.out.mkdir(parents=True, exist_ok=True)
            (args.out / f"bench-report.{FORMATS[fmt].extension}").write_bytes(data)
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
