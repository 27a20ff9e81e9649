"""The stocktake: for each priority, its progress (its actions' ratings and latest updates), its
impact (the indicators and measures that moved) and the lessons learnt."""

from __future__ import annotations

from collections import Counter

from wellboard.core.rag import RAG_ORDER
from wellboard.indicators.calculations.summaries import IndicatorSummary
from wellboard.reports.calculations.annual import movement_table
from wellboard.reports.calculations.common import (
    ReachFigure,
    ReportInputs,
    StrategyFacts,
    actions_table,
    indicator_summaries_by_node,
    latest_update,
    narrative_section,
    node_title,
    rag_at,
    rag_label,
    reach_figures,
    strategy_facts,
)
from wellboard.reports.document import Block, CellValue, Column, Notice, Paragraph, Section, Table, TableBlock
from wellboard.strategy.selectors import NodeSummary

NARRATIVES = ("foreword", "lessons", "next_steps")


def priorities(facts: StrategyFacts) -> list[NodeSummary]:
    """The nodes actions hang from: every node without children, in tree order."""
    return [summary for summary in facts.tree.walk() if not summary.children]


def moved(summary: IndicatorSummary) -> bool:
    latest, previous = summary.latest, summary.previous
    return (
        latest is not None
        and previous is not None
        and latest.value is not None
        and previous.value is not None
        and latest.value != previous.value
    )


def progress_sentence(summary: NodeSummary, facts: StrategyFacts, inputs: ReportInputs) -> str:
    actions = summary.all_actions
    if not actions:
        return "No actions yet."
    counts = Counter(rag_at(a, facts.updates.get(a.pk, []), inputs.period) for a in actions)
    parts = ", ".join(f"{counts[r.value]} {r.label.lower()}" for r in RAG_ORDER if counts[r.value])
    return f"{len(actions)} action{'s' if len(actions) != 1 else ''}: {parts}."


MEASURE_COLUMNS = (
    Column("initiative", "Initiative"),
    Column("measure", "Measure"),
    Column("in_period", "In the period", kind="count"),
    Column("value", "Percentage or rate", kind="number", decimals=1, derived_from="in_period"),
)


def priority_section(
    summary: NodeSummary,
    facts: StrategyFacts,
    inputs: ReportInputs,
    indicators: dict[int, list[IndicatorSummary]],
    reach: list[ReachFigure],
) -> Section:
    progress: list[Block] = [Paragraph(progress_sentence(summary, facts, inputs))]
    own = latest_update(facts.node_updates.get(summary.node.pk, []), until=inputs.period)
    if own is not None:
        progress.append(
            Paragraph(
                f"Progress and impact ({own.period}, rated {rag_label(own.rag).lower()}): {own.narrative}"
            )
        )
    if summary.all_actions:
        progress.append(
            TableBlock(
                actions_table(f"Actions: {summary.node.ref}", summary.all_actions, facts, inputs.period)
            )
        )
    impact: list[Block] = []
    moving = [s for s in indicators.get(summary.node.pk, []) if moved(s)]
    if moving:
        impact.append(TableBlock(movement_table(f"Indicators that moved: {summary.node.ref}", moving)))
    initiative_ids = {i.pk for i in summary.node.initiatives.all()}
    rows: list[tuple[CellValue, ...]] = []
    for figure in reach:
        initiative = figure.measure.initiative
        if initiative is None or initiative.pk not in initiative_ids:
            continue
        count, value = figure.period_count(), figure.period_value()
        if count or value:
            rows.append((initiative.name, figure.measure.label, count, value))
    if rows:
        impact.append(
            TableBlock(
                Table(caption=f"Measures: {summary.node.ref}", columns=MEASURE_COLUMNS, rows=tuple(rows))
            )
        )
    if not impact:
        impact.append(Paragraph(f"No linked indicator or measure moved in {inputs.period.label}."))
    return Section(
        title=node_title(summary),
        anchor=f"priority-{summary.node.ref}",
        children=(
            Section(title="Progress", anchor=f"priority-{summary.node.ref}-progress", blocks=tuple(progress)),
            Section(title="Impact", anchor=f"priority-{summary.node.ref}-impact", blocks=tuple(impact)),
        ),
    )


def build(inputs: ReportInputs) -> tuple[Section, ...]:
    facts = strategy_facts(inputs)
    indicators = indicator_summaries_by_node(inputs, list(facts.tree.nodes))
    reach = reach_figures(inputs)
    found = [priority_section(p, facts, inputs, indicators, reach) for p in priorities(facts)]
    return (
        narrative_section(inputs, "foreword", anchor="foreword"),
        Section(
            title="Progress and impact by priority",
            anchor="priorities",
            blocks=() if found else (Notice("The strategy has no priorities yet."),),
            children=tuple(found),
        ),
        narrative_section(inputs, "lessons", anchor="lessons"),
        narrative_section(inputs, "next_steps", anchor="next"),
    )
