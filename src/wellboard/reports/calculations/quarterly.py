"""The executive's quarterly monitoring report for one strategy and one quarter.

Exceptions come first, as an executive reads them: the RAG summary and its change since last
quarter, then red and amber actions, overdue actions and milestones, and actions with no update this
quarter. Then each theme and priority with its actions (their latest update and milestones) and the
indicators linked to it; then returns completeness and the reach of each initiative.
"""

from __future__ import annotations

from collections import Counter

from wellboard.core.rag import RAG_ORDER, Rag
from wellboard.indicators.calculations.summaries import IndicatorSummary
from wellboard.reports.calculations.common import (
    ReportInputs,
    StrategyFacts,
    actions_table,
    completeness_table,
    indicator_summaries_by_node,
    indicators_table,
    milestone_state,
    milestones_table,
    narrative,
    node_title,
    rag_at,
    reach_section,
    strategy_facts,
)
from wellboard.reports.document import (
    Block,
    CellValue,
    Column,
    KeyFigure,
    KeyFigures,
    Notice,
    Paragraph,
    Section,
    Table,
    TableBlock,
)
from wellboard.strategy.selectors import CLOSED_STATUSES, NodeSummary

NARRATIVES = ("highlights",)


def rag_summary(inputs: ReportInputs, facts: StrategyFacts) -> Section:
    actions = facts.actions()
    previous = inputs.period.previous()
    now = Counter(rag_at(a, facts.updates.get(a.pk, []), inputs.period) for a in actions)
    before = Counter(rag_at(a, facts.updates.get(a.pk, []), previous) for a in actions)
    rows: list[tuple[CellValue, ...]] = []
    for rating in RAG_ORDER:
        change = now[rating.value] - before[rating.value]
        rows.append((rating.value, now[rating.value], before[rating.value], change))
    rows.append(("All actions", len(actions), len(actions), 0))
    table = Table(
        caption=f"Actions by RAG rating, {inputs.period.label} and {previous.label}",
        columns=(
            Column("rag", "RAG", kind="rag"),
            Column("now", inputs.period.label, kind="number"),
            Column("before", previous.label, kind="number"),
            Column("change", "Change", kind="number"),
        ),
        rows=tuple(rows),
        notes=(
            "Each action is rated by its latest progress update up to the quarter, or by its current "
            "rating if it had no update by then.",
        ),
        sheet_name="RAG summary",
    )
    figures = KeyFigures(
        items=tuple(
            KeyFigure(str(rating.label), now[rating.value], kind="number")
            for rating in (Rag.RED, Rag.AMBER, Rag.GREEN, Rag.COMPLETE)
        )
    )
    blocks: list[Block] = [figures, TableBlock(table)]
    if not actions:
        blocks.insert(0, Notice("The strategy has no actions yet."))
    blocks.append(narrative(inputs, "highlights"))
    return Section(title="Summary", anchor="summary", blocks=tuple(blocks))


def _listed(title: str, anchor: str, table: Table, empty: str) -> Section:
    if table.is_empty:
        return Section(title=title, anchor=anchor, blocks=(Paragraph(empty),))
    return Section(title=title, anchor=anchor, blocks=(TableBlock(table),))


def exceptions(inputs: ReportInputs, facts: StrategyFacts) -> Section:
    day = inputs.as_of
    actions = facts.actions()
    period = inputs.period
    rated = [
        a
        for a in actions
        if rag_at(a, facts.updates.get(a.pk, []), period) in (Rag.RED.value, Rag.AMBER.value)
    ]
    rated.sort(key=lambda a: (rag_at(a, facts.updates.get(a.pk, []), period) != Rag.RED.value, a.ref))
    overdue = [a for a in actions if a.is_overdue(day)]
    late_milestones = [
        a
        for a in actions
        if any(milestone_state(m, day) == "Overdue" for m in facts.milestones.get(a.pk, []))
    ]
    silent = [
        a
        for a in actions
        if a.status not in CLOSED_STATUSES
        and not any(u.period == period.code for u in facts.updates.get(a.pk, []))
    ]
    milestones = milestones_table("Overdue milestones", late_milestones, facts, day)
    milestones = Table(
        caption=milestones.caption,
        columns=milestones.columns,
        rows=tuple(r for r in milestones.rows if r[-1] == "Overdue"),
    )
    return Section(
        title="Exceptions",
        anchor="exceptions",
        children=(
            _listed(
                "Red and amber actions",
                "exceptions-rag",
                actions_table("Red and amber actions", rated, facts, period),
                "No action is rated red or amber.",
            ),
            _listed(
                "Overdue actions",
                "exceptions-overdue",
                actions_table("Overdue actions", overdue, facts, period),
                "No action is overdue.",
            ),
            _listed("Overdue milestones", "exceptions-milestones", milestones, "No milestone is overdue."),
            _listed(
                f"Actions with no update for {period.label}",
                "exceptions-no-update",
                actions_table(f"Actions with no update for {period.label}", silent, facts, period),
                f"Every open action has an update for {period.label}.",
            ),
        ),
    )


def node_section(
    inputs: ReportInputs,
    facts: StrategyFacts,
    summary: NodeSummary,
    indicators: dict[int, list[IndicatorSummary]],
) -> Section:
    blocks: list[Block] = []
    if summary.node.description:
        blocks.append(Paragraph(summary.node.description))
    if summary.actions:
        blocks.append(
            TableBlock(actions_table(f"Actions: {summary.node.ref}", summary.actions, facts, inputs.period))
        )
        milestones = milestones_table(f"Milestones: {summary.node.ref}", summary.actions, facts, inputs.as_of)
        if not milestones.is_empty:
            blocks.append(TableBlock(milestones))
    elif not summary.children:
        blocks.append(Paragraph("No actions."))
    linked = indicators.get(summary.node.pk, [])
    if linked:
        blocks.append(TableBlock(indicators_table(f"Indicators: {summary.node.ref}", linked)))
    return Section(
        title=node_title(summary),
        anchor=f"node-{summary.node.ref}",
        blocks=tuple(blocks),
        children=tuple(node_section(inputs, facts, child, indicators) for child in summary.children),
    )


def build(inputs: ReportInputs) -> tuple[Section, ...]:
    facts = strategy_facts(inputs)
    indicators = indicator_summaries_by_node(inputs, list(facts.tree.nodes))
    tree_sections = tuple(node_section(inputs, facts, root, indicators) for root in facts.tree.roots)
    returns = completeness_table(inputs)
    returns_blocks: tuple[Block, ...] = (
        (TableBlock(returns),)
        if not returns.is_empty
        else (Notice(f"No data collection had a period ending in {inputs.period.label}."),)
    )
    return (
        rag_summary(inputs, facts),
        exceptions(inputs, facts),
        Section(
            title="Progress by theme and priority",
            anchor="progress",
            blocks=() if tree_sections else (Notice("The strategy has no themes or priorities yet."),),
            children=tree_sections,
        ),
        Section(title="Returns completeness", anchor="returns", blocks=returns_blocks),
        reach_section(inputs, anchor="reach"),
    )
