"""The report model survives a JSON round trip: a published edition reads back exactly as frozen."""

import json

import pytest

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


def _document() -> ReportDocument:
    reach = Table(
        caption="Reach by initiative",
        columns=(
            Column("initiative", "Initiative"),
            Column("people", "People reached", kind="count"),
            Column("share", "Share of target", kind="percent", decimals=1, derived_from="people"),
        ),
        rows=(("So Active", 95, 47.5), ("Chatty Cafés", 4, None)),
        notes=("Approved returns only.",),
    )
    return ReportDocument(
        kind="quarterly",
        title="Quarterly monitoring report",
        partnership="Healthy Stevenage",
        strategy="Community strategy",
        period_label="2024/25 Q3",
        generated_at="2026-12-04T10:00:00+00:00",
        data_version=7,
        sections=(
            Section(
                title="Summary",
                anchor="summary",
                blocks=(
                    KeyFigures(items=(KeyFigure("Actions on track", 12, kind="count"),)),
                    Narrative(key="foreword", title="Foreword", html="<p>Good progress.</p>"),
                ),
                children=(
                    Section(
                        title="Reach",
                        blocks=(
                            Paragraph("What partners delivered."),
                            Notice("One return is still awaited."),
                            TableBlock(reach),
                            Chart(title="Reach", spec={"mark": "bar"}, alt="Bar chart of reach", table=reach),
                        ),
                    ),
                ),
            ),
        ),
    )


def test_round_trip_through_json_text_gives_the_same_document() -> None:
    document = _document()
    text = json.dumps(document.to_json())
    assert ReportDocument.from_json(json.loads(text)) == document


def test_tables_lists_every_table_in_reading_order_charts_included() -> None:
    tables = _document().tables()
    assert [t.caption for t in tables] == ["Reach by initiative", "Reach by initiative"]


def test_an_unknown_block_is_refused() -> None:
    data = _document().to_json()
    data["sections"][0]["blocks"][0]["block"] = "video"
    with pytest.raises(ValueError, match="unknown report block 'video'"):
        ReportDocument.from_json(data)
