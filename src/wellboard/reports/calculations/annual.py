"""The year's report for publication: the coordinator's foreword and highlights, what each theme
completed, the reach of each initiative over the year from approved returns, how the indicators
moved and what comes next."""

from __future__ import annotations

import datetime as dt

from wellboard.core.rag import Rag
from wellboard.indicators.calculations.summaries import IndicatorSummary
from wellboard.reports.calculations.common import (
    ReportInputs,
    StrategyFacts,
    indicator_summaries_by_node,
    iso,
    narrative,
    narrative_section,
    node_title,
    reach_section,
    strategy_facts,
)
from wellboard.reports.document import Block, CellValue, Column, Notice, Paragraph, Section, Table, TableBlock
from wellboard.strategy.models import Action, ActionStatus
from wellboard.strategy.selectors import NodeSummary

NARRATIVES = ("foreword", "highlights", "next_steps")


def completed_in_year(action: Action, facts: StrategyFacts, inputs: ReportInputs) -> bool:
    """Completed during the year: an update for a period in the year rates it complete and none
    before the year did; or, for an action never updated, it is marked completed and was due in the
    year (the nearest the record comes to saying when)."""
    updates = facts.updates.get(action.pk, [])
    start, end = inputs.period.start, inputs.period.end
    if not updates:
        return (
            action.status == ActionStatus.COMPLETED
            and action.due_date is not None
            and start <= action.due_date <= end
        )
    before = [u for u in updates if u.period_start < start]
    if before and before[-1].rag == Rag.COMPLETE:
        return False
    return any(u.rag == Rag.COMPLETE for u in updates if start <= u.period_start <= end)


def _completed_rows(
    summary: NodeSummary, facts: StrategyFacts, inputs: ReportInputs
) -> tuple[list[tuple[CellValue, ...]], list[tuple[CellValue, ...]]]:
    actions: list[tuple[CellValue, ...]] = []
    milestones: list[tuple[CellValue, ...]] = []
    start, end = inputs.period.start, inputs.as_of
    for action in summary.all_actions:
        if completed_in_year(action, facts, inputs):
            actions.append((action.ref, action.title, action.lead_organisation.name))
        for milestone in facts.milestones.get(action.pk, []):
            if milestone.completed_on is not None and start <= milestone.completed_on <= end:
                milestones.append((action.ref, milestone.title, iso(milestone.completed_on)))
    return actions, milestones


def theme_section(summary: NodeSummary, facts: StrategyFacts, inputs: ReportInputs) -> Section:
    actions, milestones = _completed_rows(summary, facts, inputs)
    blocks: list[Block] = []
    if not actions and not milestones:
        blocks.append(Paragraph(f"No action or milestone was completed in {inputs.period.label}."))
    if actions:
        blocks.append(
            TableBlock(
                Table(
                    caption=f"Actions completed: {node_title(summary)}",
                    columns=(
                        Column("ref", "Ref"),
                        Column("action", "Action"),
                        Column("lead", "Lead organisation"),
                    ),
                    rows=tuple(actions),
                )
            )
        )
    if milestones:
        blocks.append(
            TableBlock(
                Table(
                    caption=f"Milestones reached: {node_title(summary)}",
                    columns=(
                        Column("ref", "Action"),
                        Column("milestone", "Milestone"),
                        Column("done", "Completed", kind="date"),
                    ),
                    rows=tuple(milestones),
                )
            )
        )
    return Section(title=node_title(summary), anchor=f"completed-{summary.node.ref}", blocks=tuple(blocks))


MOVEMENT_COLUMNS = (
    Column("indicator", "Indicator"),
    Column("area", "Area"),
    Column("previous_period", "Earlier period", kind="period"),
    Column("previous", "Earlier value", kind="number", decimals=1),
    Column("period", "Latest period", kind="period"),
    Column("value", "Latest value", kind="number", decimals=1),
    Column("change", "Change", kind="number", decimals=1),
    Column("unit", "Unit"),
    Column("trend", "Recent trend"),
    Column("rag", "RAG against target", kind="rag"),
    Column("thresholds", "Thresholds"),
)


def movement_row(summary: IndicatorSummary) -> tuple[CellValue, ...]:
    latest, previous = summary.latest, summary.previous
    change = (
        latest.value - previous.value
        if latest is not None
        and previous is not None
        and latest.value is not None
        and previous.value is not None
        else None
    )
    return (
        summary.indicator.name,
        latest.area_name if latest else "",
        previous.period if previous else "",
        previous.value if previous else None,
        latest.period if latest else "",
        latest.value if latest else None,
        change,
        summary.indicator.unit,
        summary.trend or "",
        summary.rag.rag,
        summary.rag.thresholds,
    )


def movement_table(caption: str, summaries: list[IndicatorSummary]) -> Table:
    return Table(
        caption=caption,
        columns=MOVEMENT_COLUMNS,
        rows=tuple(movement_row(s) for s in summaries),
        notes=("The latest figure against the one before it, for the partnership's place.",),
        sheet_name="Indicators",
    )


def indicators_section(inputs: ReportInputs, facts: StrategyFacts) -> Section:
    by_node = indicator_summaries_by_node(inputs, list(facts.tree.nodes))
    seen: dict[int, IndicatorSummary] = {}
    for summary in facts.tree.walk():
        for item in by_node.get(summary.node.pk, []):
            seen.setdefault(item.indicator.pk, item)
    if not seen:
        return Section(
            title="How the indicators moved",
            anchor="indicators",
            blocks=(Notice("No indicator is linked to the strategy yet."),),
        )
    table = movement_table(
        f"Indicators, {inputs.period.label}", sorted(seen.values(), key=lambda s: s.indicator.name)
    )
    return Section(title="How the indicators moved", anchor="indicators", blocks=(TableBlock(table),))


def next_section(inputs: ReportInputs, facts: StrategyFacts) -> Section:
    start = inputs.period.end + dt.timedelta(days=1)
    end = inputs.period.next().end
    rows: list[tuple[CellValue, ...]] = []
    for action in facts.actions():
        for milestone in facts.milestones.get(action.pk, []):
            if milestone.completed_on is None and start <= milestone.due_date <= end:
                rows.append((action.ref, milestone.title, iso(milestone.due_date)))
    blocks: list[Block] = [narrative(inputs, "next_steps")]
    if rows:
        blocks.append(
            TableBlock(
                Table(
                    caption=f"Milestones due in {inputs.period.next().label}",
                    columns=(
                        Column("ref", "Action"),
                        Column("milestone", "Milestone"),
                        Column("due", "Due", kind="date"),
                    ),
                    rows=tuple(sorted(rows, key=lambda r: str(r[2]))),
                )
            )
        )
    return Section(title="What comes next", anchor="next", blocks=tuple(blocks))


def build(inputs: ReportInputs) -> tuple[Section, ...]:
    facts = strategy_facts(inputs)
    themes = tuple(theme_section(root, facts, inputs) for root in facts.tree.roots)
    return (
        narrative_section(inputs, "foreword", anchor="foreword"),
        narrative_section(inputs, "highlights", anchor="highlights"),
        Section(
            title="What was completed",
            anchor="completed",
            blocks=() if themes else (Notice("The strategy has no themes yet."),),
            children=themes,
        ),
        reach_section(inputs, anchor="reach", title="Reach of each initiative over the year"),
        indicators_section(inputs, facts),
        next_section(inputs, facts),
    )
