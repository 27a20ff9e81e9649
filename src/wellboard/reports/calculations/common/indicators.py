"""The indicators table: each linked indicator's latest figure and how it compares."""

from __future__ import annotations

from collections.abc import Sequence

from wellboard.indicators.calculations.judgements import NOT_COMPARED, SIGNIFICANCE_LABELS, SIMILAR
from wellboard.indicators.calculations.summaries import IndicatorSummary, indicator_summaries
from wellboard.indicators.models import Indicator
from wellboard.indicators.selectors.definitions import node_indicator_links
from wellboard.reports.calculations.common.facts import ReportInputs
from wellboard.reports.document import CellValue, Column, Table

INDICATOR_COLUMNS = (
    Column("indicator", "Indicator"),
    Column("area", "Area"),
    Column("period", "Period", kind="period"),
    Column("value", "Value", kind="number", decimals=1, derived_from="count"),
    Column("count", "Count", kind="count"),
    Column("unit", "Unit"),
    Column("comparison", "Compared with", derived_from="count"),
    Column("trend", "Recent trend"),
    Column("rag", "RAG against target", kind="rag", derived_from="count"),
    Column("thresholds", "Thresholds"),
)


def indicator_summaries_by_node(
    inputs: ReportInputs, node_ids: Sequence[int]
) -> dict[int, list[IndicatorSummary]]:
    """Each node's directly linked indicators, summarised for the partnership's place."""
    links = node_indicator_links(actor=inputs.actor, node_ids=node_ids)
    ids = sorted({i for found in links.values() for i in found})
    if not ids:
        return {}
    indicators = list(
        Indicator.objects.filter(pk__in=ids, partnership_id=inputs.actor.partnership_id).order_by(
            "name", "pk"
        )
    )
    summaries = {s.indicator.pk: s for s in indicator_summaries(actor=inputs.actor, indicators=indicators)}
    return {
        node_id: sorted((summaries[i] for i in found if i in summaries), key=lambda s: s.indicator.name)
        for node_id, found in links.items()
    }


def comparison_words(summary: IndicatorSummary) -> str:
    parts = []
    for comparison in summary.comparisons:
        if comparison.value is None or comparison.significance == NOT_COMPARED:
            continue
        verdict = SIGNIFICANCE_LABELS.get(comparison.significance, comparison.significance)
        joiner = "to" if comparison.significance == SIMILAR else "than"
        parts.append(f"{verdict} {joiner} {comparison.name}")
    return "; ".join(parts) or "Not compared"


def indicator_row(summary: IndicatorSummary) -> tuple[CellValue, ...]:
    latest = summary.latest
    return (
        summary.indicator.name,
        latest.area_name if latest else "",
        latest.period if latest else "",
        latest.value if latest else None,
        latest.count if latest else None,
        summary.indicator.unit,
        comparison_words(summary),
        summary.trend or "",
        summary.rag.rag,
        summary.rag.thresholds,
    )


def indicators_table(caption: str, summaries: Sequence[IndicatorSummary]) -> Table:
    return Table(
        caption=caption,
        columns=INDICATOR_COLUMNS,
        rows=tuple(indicator_row(s) for s in summaries),
        notes=("Latest figure available for each indicator, compared at 95% confidence.",),
    )
