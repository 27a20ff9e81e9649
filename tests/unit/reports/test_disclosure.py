"""A published report's counts pass through the partnership's disclosure rule; nothing else changes."""

from __future__ import annotations

from wellboard.partners.models import DisclosureRule
from wellboard.reports.disclosure import disclose_document, disclose_table
from wellboard.reports.document import (
    Chart,
    Column,
    KeyFigure,
    KeyFigures,
    ReportDocument,
    Section,
    Table,
    TableBlock,
)

REACH = Table(
    caption="Reach",
    columns=(
        Column("initiative", "Initiative"),
        Column("people", "People", kind="count"),
        Column("share", "Share", kind="percent", decimals=1, derived_from="people"),
        Column("actions", "Actions", kind="number"),
    ),
    rows=(
        ("So Active", 0, 0.0, 3),
        ("Chatty Cafés", 3, 1.5, 2),
        ("Pop-up Play", 12, 6.0, 1),
        ("Hub", 101, 50.5, 4),
    ),
)


def test_counts_are_suppressed_and_rounded_and_derived_figures_follow() -> None:
    table = disclose_table(REACH, DisclosureRule.STANDARD)
    assert [r[1] for r in table.rows] == [0, "*", 10, 100]
    assert [r[2] for r in table.rows] == [0.0, "*", 6.0, 50.5]
    assert [r[3] for r in table.rows] == [3, 2, 1, 4]  # not a count of people
    assert table.notes[-1].startswith("Figures about people are shown for publication: 0 is shown as 0")


def test_the_under_five_rule_also_hides_the_next_smallest_count_of_the_column() -> None:
    table = disclose_table(REACH, DisclosureRule.UNDER_FIVE)
    assert [r[1] for r in table.rows] == [0, "*", "*", 101]


def test_a_table_without_counts_is_left_alone() -> None:
    plain = Table(caption="Actions", columns=(Column("ref", "Ref"),), rows=(("A1",),))
    assert disclose_table(plain, DisclosureRule.STANDARD) is plain


def test_the_document_is_marked_and_its_charts_and_key_figures_disclosed() -> None:
    spec = {"data": {"values": [{"initiative": r[0], "people": r[1]} for r in REACH.rows]}, "mark": "bar"}
    document = ReportDocument(
        kind="quarterly",
        title="Quarterly",
        partnership="Test",
        strategy="Strategy",
        period_label="2026/27 Q2",
        generated_at="2026-11-23T12:00:00+00:00",
        data_version="abc",
        sections=(
            Section(
                title="Reach",
                blocks=(
                    KeyFigures(items=(KeyFigure("People", 6, kind="count"), KeyFigure("Red", 2))),
                    TableBlock(REACH),
                    Chart(title="Reach", spec=spec, alt="Reach by initiative", table=REACH),
                ),
            ),
        ),
    )
    published = disclose_document(document, rule=DisclosureRule.STANDARD)
    assert published.disclosed
    figures, table, chart = published.sections[0].blocks
    assert [i.value for i in figures.items] == ["*", 2]  # type: ignore[union-attr]
    assert [r[1] for r in table.table.rows] == [0, "*", 10, 100]  # type: ignore[union-attr]
    assert [p["people"] for p in chart.spec["data"]["values"]] == [0, None, 10, 100]  # type: ignore[union-attr]
    assert disclose_document(published, rule=DisclosureRule.STANDARD) is published
    assert ReportDocument.from_json(published.to_json()) == published


def test_an_indicator_judgement_is_withheld_with_its_figure_and_made_on_the_published_one() -> None:
    from wellboard.reports.calculations.common import INDICATOR_COLUMNS

    indicators = Table(
        caption="Indicators",
        columns=INDICATOR_COLUMNS,
        rows=(
            # a percentage from a suppressed count: its RAG and comparison would say how small it is
            ("Smokers", "Stevenage", "2020", 0.5, 5, "%", "Better than England", "", "green", "Green: ≤ 30"),
            # a count rounded from 102 to 100: judged as 102, the RAG says what the rounding hides
            ("Falls", "Stevenage", "2020", 102, 102, "admissions", "Not compared", "", "red", "Green: ≤ 100"),
            # a percentage whose count is rounded: the percentage is published as it is, so is its RAG
            ("Obesity", "Stevenage", "2020", 10.2, 102, "%", "Worse than England", "", "red", "Green: ≤ 9"),
        ),
    )
    table = disclose_table(indicators, DisclosureRule.STANDARD)
    assert [(r[3], r[4], r[6], r[8]) for r in table.rows] == [
        ("*", "*", "*", "*"),
        (100, 100, "*", "*"),
        (10.2, 100, "Worse than England", "red"),
    ]
    assert [r[9] for r in table.rows] == [r[9] for r in indicators.rows]  # the thresholds are no secret
