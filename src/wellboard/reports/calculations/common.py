"""What every kind of report reads and shows: the strategy's tree with each action's rating and
latest update as at the report's period, milestones, linked indicators, returns and reach.

The figures come from the other apps' selectors and calculations; this module only arranges them
into the report model's tables. Every figure about people (reach, returns' counts, indicators'
counts and denominators) is a ``count`` column, so disclosure control finds it before a published
edition leaves Wellboard. Counts of the partnership's own actions and organisations are not about
people and stay as they are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from wellboard.charts.reach import ReachPoint, reach_chart
from wellboard.core.access import Actor
from wellboard.core.periods import Period
from wellboard.core.rag import Rag
from wellboard.indicators.calculations.judgements import NOT_COMPARED, SIGNIFICANCE_LABELS, SIMILAR
from wellboard.indicators.calculations.summaries import IndicatorSummary, indicator_summaries
from wellboard.indicators.models import Indicator
from wellboard.indicators.selectors.definitions import node_indicator_links
from wellboard.partners.models import Partnership
from wellboard.reports.document import (
    CellValue,
    Chart,
    Column,
    Narrative,
    NarrativeKey,
    Notice,
    Section,
    Table,
    TableBlock,
)
from wellboard.reports.selectors import action_milestones, action_updates, node_updates
from wellboard.returns.calculations import PeriodTotal, measure_figures, totals_by_period
from wellboard.returns.models import Measure
from wellboard.returns.selectors import (
    collection_list,
    collection_members,
    reach_measures,
    returned_organisations,
)
from wellboard.strategy.models import Action, Milestone, ProgressUpdate, Strategy
from wellboard.strategy.selectors import NodeSummary, StrategyTree, strategy_tree

NARRATIVE_TITLES: dict[NarrativeKey, str] = {
    "foreword": "Foreword",
    "highlights": "Highlights",
    "lessons": "Lessons learnt",
    "next_steps": "What comes next",
    "summary": "Summary",
}


@dataclass
class ReportInputs:
    """What a report is about and the words the coordinator wrote for it."""

    actor: Actor
    partnership: Partnership
    strategy: Strategy
    period: Period
    today: dt.date
    narratives: Mapping[str, str] = field(default_factory=dict)

    @property
    def as_of(self) -> dt.date:
        """The day the report describes: the end of its period, or today while the period runs."""
        return min(self.period.end, self.today)


@dataclass
class StrategyFacts:
    """The tree as at the report's period, each action with its updates and milestones."""

    tree: StrategyTree
    updates: dict[int, list[ProgressUpdate]]
    milestones: dict[int, list[Milestone]]
    node_updates: dict[int, list[ProgressUpdate]]

    def actions(self) -> list[Action]:
        found: list[Action] = []
        for summary in self.tree.walk():
            found.extend(summary.actions)
        return found


def strategy_facts(inputs: ReportInputs) -> StrategyFacts:
    tree = strategy_tree(actor=inputs.actor, strategy=inputs.strategy, today=inputs.as_of)
    actions = [a for summary in tree.walk() for a in summary.actions]
    ids = [a.pk for a in actions]
    return StrategyFacts(
        tree=tree,
        updates=action_updates(action_ids=ids, until=inputs.period.end),
        milestones=action_milestones(action_ids=ids),
        node_updates=node_updates(node_ids=list(tree.nodes), until=inputs.period.end),
    )


def latest_update(updates: Sequence[ProgressUpdate], *, until: Period) -> ProgressUpdate | None:
    """The newest update for a period that started by the end of ``until`` (updates come oldest
    first)."""
    chosen = [u for u in updates if u.period_start <= until.end]
    return chosen[-1] if chosen else None


def rag_at(action: Action, updates: Sequence[ProgressUpdate], period: Period) -> str:
    """An action's rating as at ``period``: its latest update's, or the rating it carries when no
    update had been posted by then (the action keeps no other history of its rating)."""
    update = latest_update(updates, until=period)
    return update.rag if update is not None else action.rag


def rag_label(code: str) -> str:
    try:
        return str(Rag(code).label)
    except ValueError:
        return code


def iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def narrative(inputs: ReportInputs, key: NarrativeKey) -> Narrative | Notice:
    html = (inputs.narratives.get(key) or "").strip()
    title = NARRATIVE_TITLES[key]
    if not html:
        return Notice(f"{title}: not written yet.")
    return Narrative(key=key, title=title, html=html)


def narrative_section(inputs: ReportInputs, key: NarrativeKey, *, anchor: str) -> Section:
    return Section(title=NARRATIVE_TITLES[key], anchor=anchor, blocks=(narrative(inputs, key),))


# ---------------------------------------------------------------- actions


ACTION_COLUMNS = (
    Column("ref", "Ref"),
    Column("action", "Action"),
    Column("lead", "Lead organisation"),
    Column("due", "Due", kind="date"),
    Column("rag", "RAG", kind="rag"),
    Column("update_period", "Latest update for", kind="period"),
    Column("update", "Action to date"),
)


def action_row(action: Action, facts: StrategyFacts, period: Period) -> tuple[CellValue, ...]:
    updates = facts.updates.get(action.pk, [])
    update = latest_update(updates, until=period)
    return (
        action.ref,
        action.title,
        action.lead_organisation.name,
        iso(action.due_date),
        rag_at(action, updates, period),
        update.period if update is not None else "",
        update.narrative if update is not None else "No update yet",
    )


def actions_table(caption: str, actions: Iterable[Action], facts: StrategyFacts, period: Period) -> Table:
    return Table(
        caption=caption,
        columns=ACTION_COLUMNS,
        rows=tuple(action_row(a, facts, period) for a in actions),
    )


MILESTONE_COLUMNS = (
    Column("ref", "Action"),
    Column("milestone", "Milestone"),
    Column("due", "Due", kind="date"),
    Column("done", "Completed", kind="date"),
    Column("state", "State"),
)


def milestone_state(milestone: Milestone, day: dt.date) -> str:
    if milestone.completed_on is not None and milestone.completed_on <= day:
        return "Done"
    if milestone.due_date < day:
        return "Overdue"
    return "To do"


def milestones_table(caption: str, actions: Iterable[Action], facts: StrategyFacts, day: dt.date) -> Table:
    rows: list[tuple[CellValue, ...]] = []
    for action in actions:
        for milestone in facts.milestones.get(action.pk, []):
            done = (
                milestone.completed_on if milestone.completed_on and milestone.completed_on <= day else None
            )
            rows.append(
                (
                    action.ref,
                    milestone.title,
                    iso(milestone.due_date),
                    iso(done),
                    milestone_state(milestone, day),
                )
            )
    return Table(caption=caption, columns=MILESTONE_COLUMNS, rows=tuple(rows))


def node_title(summary: NodeSummary) -> str:
    return f"{summary.level_name} {summary.node.ref}: {summary.node.title}"


# ---------------------------------------------------------------- indicators


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


# ---------------------------------------------------------------- returns and reach


COMPLETENESS_COLUMNS = (
    Column("collection", "Collection"),
    Column("period", "Period", kind="period"),
    Column("expected", "Organisations expected", kind="number"),
    Column("returned", "Returned", kind="number"),
    Column("missing", "Still to return"),
)


def completeness_table(inputs: ReportInputs) -> Table:
    """For each collection, each of its periods that ended within the report's period: who returned."""
    rows: list[tuple[CellValue, ...]] = []
    for collection in collection_list(actor=inputs.actor).order_by("name"):
        periods = [
            p
            for p in collection.periods(until=inputs.period.end)
            if p.start >= inputs.period.start and p.end <= inputs.period.end
        ]
        if not periods:
            continue
        members = collection_members(collection=collection)
        for period in periods:
            returned = returned_organisations(collection=collection, period=period)
            missing = [o.name for o in members if o.pk not in returned]
            rows.append(
                (
                    collection.name,
                    period.label,
                    len(members),
                    len([o for o in members if o.pk in returned]),
                    ", ".join(missing) if missing else "All returned",
                )
            )
    return Table(
        caption=f"Returns completeness, {inputs.period.label}",
        columns=COMPLETENESS_COLUMNS,
        rows=tuple(rows),
        notes=("Returns submitted or approved for each period that ended within the report's period.",),
        sheet_name="Returns completeness",
    )


REACH_COLUMNS = (
    Column("initiative", "Initiative"),
    Column("measure", "Measure"),
    Column("in_period", "In the period", kind="count"),
    Column("value", "Percentage or rate", kind="number", decimals=1, derived_from="in_period"),
    Column("to_date", "Total to date", kind="count"),
    Column("returns", "Returns", kind="number"),
)


@dataclass(frozen=True)
class ReachFigure:
    measure: Measure
    totals: list[PeriodTotal]  # every period up to the report's end, oldest first
    in_period: list[PeriodTotal]  # those within the report's period

    @property
    def additive(self) -> bool:
        return not self.measure.kind.has_denominator

    def period_count(self) -> float | None:
        if not self.additive:
            numerator = sum((t.numerator or Decimal(0) for t in self.in_period), Decimal(0))
            return float(numerator) if any(t.numerator is not None for t in self.in_period) else None
        values = [t.value for t in self.in_period if t.value is not None]
        return float(sum(values, Decimal(0))) if values else None

    def period_value(self) -> float | None:
        if self.additive:
            return None
        numerator = sum((t.numerator or Decimal(0) for t in self.in_period), Decimal(0))
        denominator = sum((t.denominator or Decimal(0) for t in self.in_period), Decimal(0))
        if not denominator:
            return None
        return float(numerator / denominator * self.measure.multiplier)

    def to_date(self) -> float | None:
        if not self.additive:
            return None
        running = [t.cumulative for t in self.totals if t.cumulative is not None]
        return float(running[-1]) if running else None

    def returns(self) -> int:
        return sum(t.organisations for t in self.in_period)


def reach_figures(inputs: ReportInputs) -> list[ReachFigure]:
    """Each initiative measure's approved figures, period by period up to the end of the report's
    period, and those within it (measures whose collection had no period within it are left out)."""
    measures = reach_measures(actor=inputs.actor)
    figures = measure_figures(measures=measures)
    found: list[ReachFigure] = []
    for measure in measures:
        periods = measure.collection.periods(until=inputs.period.end)
        periods = [p for p in periods if p.end <= inputs.period.end or p.start <= inputs.as_of]
        totals = totals_by_period(measure, periods, figures.get(measure.pk, []))
        within = [t for t in totals if inputs.period.start <= t.period.start <= inputs.period.end]
        if within:  # a collection that had no period then has nothing to say about it
            found.append(ReachFigure(measure=measure, totals=totals, in_period=within))
    return found


def reach_section(inputs: ReportInputs, *, anchor: str, title: str = "Reach of each initiative") -> Section:
    figures = reach_figures(inputs)
    if not figures:
        return Section(
            title=title,
            anchor=anchor,
            blocks=(Notice(f"No data collection of an initiative had a period in {inputs.period.label}."),),
        )
    rows = []
    for figure in figures:
        initiative = figure.measure.initiative
        rows.append(
            (
                initiative.name if initiative else "",
                figure.measure.label,
                figure.period_count(),
                figure.period_value(),
                figure.to_date(),
                figure.returns(),
            )
        )
    table = Table(
        caption=f"Reach of each initiative, {inputs.period.label}",
        columns=REACH_COLUMNS,
        rows=tuple(rows),
        notes=("From approved returns only.",),
        sheet_name="Reach",
    )
    blocks: list[TableBlock | Notice | Chart] = []
    if not any(f.in_period for f in figures if any(t.organisations for t in f.in_period)):
        blocks.append(Notice(f"No returns were approved for {inputs.period.label}."))
    blocks.append(TableBlock(table))
    blocks.extend(reach_charts(figures, inputs))
    return Section(title=title, anchor=anchor, blocks=tuple(blocks))


CHART_COLUMNS = (
    Column("period", "Period", kind="period"),
    Column("value", "In the period", kind="count"),
    Column("cumulative", "Running total", kind="count"),
)
CHART_RATE_COLUMNS = (
    Column("period", "Period", kind="period"),
    Column("numerator", "Numerator", kind="count"),
    Column("value", "Percentage or rate", kind="number", decimals=1, derived_from="numerator"),
)


def reach_charts(figures: Sequence[ReachFigure], inputs: ReportInputs) -> list[Chart]:
    """The reach dashboard's chart of each measure with figures in the period, and its data."""
    charts: list[Chart] = []
    for figure in figures:
        shown = [t for t in figure.in_period if t.organisations]
        if not shown:
            continue
        measure = figure.measure
        unit = measure.unit or ("%" if measure.kind.has_denominator else "")
        spec = reach_chart(
            title=measure.label,
            subtitle=measure.collection.name,
            unit=unit,
            points=[
                ReachPoint(
                    period=t.period.label,
                    start=t.period.start,
                    value=float(t.value) if t.value is not None else None,
                    cumulative=float(t.cumulative) if t.cumulative is not None else None,
                )
                for t in figure.in_period
            ],
            running_total=figure.additive,
        )
        if figure.additive:
            columns = CHART_COLUMNS
            rows = tuple((t.period.label, _float(t.value), _float(t.cumulative)) for t in figure.in_period)
        else:
            columns = CHART_RATE_COLUMNS
            rows = tuple((t.period.label, _float(t.numerator), _float(t.value)) for t in figure.in_period)
        table = Table(caption=f"{measure.label} by period, {inputs.period.label}", columns=columns, rows=rows)
        charts.append(
            Chart(
                title=measure.label,
                spec=spec,
                alt=f"Chart of {measure.label.lower()} by period in {inputs.period.label}; "
                "the figures are in the table that follows.",
                table=table,
            )
        )
    return charts


def _float(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None
