"""A quarterly report built by hand (what the renderers' tests read in every format), and a small
strategy with returns for the builders' tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tests.factories.returns import CollectionFactory, MeasureFactory
from tests.factories.strategy import InitiativeFactory, StrategyWorld, build_strategy_world
from wellboard.charts.data import TrendPoint
from wellboard.charts.trend import trend_chart
from wellboard.core.periods import PeriodKind, period_parse
from wellboard.partners.models import Organisation, Partnership
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
from wellboard.returns.models import Figure, Measure, Return, ReturnStatus

SCRIPT = "<script>alert(1)</script>"
IMAGE = "<img src=x onerror=alert(1)>"
FORMULAS = ('=HYPERLINK("http://x")', "+SUM(1,2)", "@cmd", "-2+3")


def reach_table() -> Table:
    return Table(
        caption="People reached by initiative, 2024/25 Q3",
        columns=(
            Column("initiative", "Initiative"),
            Column("people", "People reached", kind="count"),
            Column("share", "Share of target", kind="percent", decimals=1, derived_from="people"),
            Column("rag", "Rating", kind="rag"),
            Column("updated", "Last return", kind="date"),
        ),
        rows=(
            ("So Active", 1295, 47.5, "green", "2024-12-20"),
            ("Chatty Cafés", "*", "*", "amber", "2024-12-18"),
            ("Walk and Talk", 40, None, "red", None),
        ),
        notes=("Approved returns only.",),
        sheet_name="Reach",
    )


def trend() -> Chart:
    points = [
        TrendPoint(period="2021/22", value=21.4, lower=19.8, upper=23.1),
        TrendPoint(period="2022/23", value=22.9, lower=21.2, upper=24.7),
        TrendPoint(period="2023/24", value=24.1, lower=22.4, upper=25.9),
    ]
    spec = trend_chart(points, unit="%", title="Adults who are physically inactive")
    table = Table(
        caption="Adults who are physically inactive (%)",
        columns=(
            Column("period", "Period", kind="period"),
            Column("value", "Value", kind="percent", decimals=1),
            Column("lower", "Lower 95% limit", kind="number", decimals=1),
            Column("upper", "Upper 95% limit", kind="number", decimals=1),
        ),
        rows=tuple((p.period, p.value, p.lower, p.upper) for p in points),
        notes=("Source: Active Lives Survey.",),
    )
    return Chart(
        title="Adults who are physically inactive",
        spec=spec,
        alt="Line chart: physical inactivity rose from 21.4% in 2021/22 to 24.1% in 2023/24.",
        table=table,
    )


def hostile_table() -> Table:
    return Table(
        caption=f"Comments {SCRIPT}",
        columns=(Column("comment", f"Comment {IMAGE}"), Column("count", "Count", kind="count")),
        rows=tuple((payload, 10 + i) for i, payload in enumerate((*FORMULAS, SCRIPT, IMAGE))),
        sheet_name="=Comments",
    )


def quarterly() -> ReportDocument:
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
                    KeyFigures(
                        items=(
                            KeyFigure("Actions on track", 12, kind="count"),
                            KeyFigure("Returns approved", 87.5, kind="percent", note="Of 24 due"),
                            KeyFigure("People reached", 1335, kind="count"),
                        )
                    ),
                    Narrative(
                        key="foreword",
                        title="Foreword from the chair",
                        html="<p>Good <strong>progress</strong> this quarter.</p>"
                        "<ul><li>Three new walking groups</li><li>A new café</li></ul>"
                        '<p>See <a href="https://example.org/plan">the plan</a>.</p>',
                    ),
                    Notice("One return is still awaited."),
                ),
            ),
            Section(
                title="Priority 1: Physical activity",
                anchor="theme-1",
                blocks=(Paragraph("What partners delivered in the quarter."),),
                children=(
                    Section(
                        title="Reach",
                        blocks=(TableBlock(reach_table()),),
                    ),
                    Section(title="Inactivity", blocks=(trend(),)),
                ),
            ),
            Section(
                title=f"Exceptions {SCRIPT}",
                anchor="exceptions",
                blocks=(
                    Paragraph(f"Partner wrote {IMAGE} and {FORMULAS[0]}"),
                    Narrative(
                        key="lessons",
                        title=f"Lessons {IMAGE}",
                        html=f"<p>Kept</p>{SCRIPT}<p onclick='alert(1)'>Clicked</p>"
                        '<a href="javascript:alert(1)">link</a><iframe src="http://x"></iframe>',
                    ),
                    TableBlock(hostile_table()),
                ),
            ),
        ),
    )


@pytest.fixture
def document() -> ReportDocument:
    return quarterly()


FROZEN_NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> dt.datetime:
    """Hold the clock at 23 November 2026 (2026/27 Q3): the latest complete quarter is 2026/27 Q2."""
    monkeypatch.setattr("wellboard.core.clock.now", lambda: FROZEN_NOW)
    return FROZEN_NOW


@pytest.fixture
def world(partnership: Partnership) -> StrategyWorld:
    return build_strategy_world(partnership)


def approved_return(measure: Measure, organisation: Organisation, period: str, value: int) -> Return:
    found = period_parse(period)
    data_return = Return.objects.create(
        collection=measure.collection,
        organisation=organisation,
        period=found.code,
        period_start=found.start,
        period_end=found.end,
        due_date=found.end + dt.timedelta(days=10),
        status=ReturnStatus.APPROVED,
    )
    Figure.objects.create(data_return=data_return, measure=measure, value=Decimal(value))
    return data_return


@pytest.fixture
def reach_measure(partnership: Partnership, world: StrategyWorld) -> Measure:
    """A quarterly collection from April 2026 with one measure of an initiative linked to the priority."""
    initiative = InitiativeFactory(partnership=partnership, name="Pop-up Play", slug="pop-up-play")
    initiative.nodes.add(world.priority)
    collection = CollectionFactory(
        partnership=partnership,
        slug="play",
        name="Play sessions",
        frequency=PeriodKind.QUARTER.value,
        first_period_start=dt.date(2026, 4, 1),
    )
    return MeasureFactory(
        collection=collection, initiative=initiative, code="children", label="Children playing"
    )
