"""What every kind of report reads and shows: the strategy's tree with each action's rating and
latest update as at the report's period, milestones, linked indicators, returns and reach.

The figures come from the other apps' selectors and calculations; this package only arranges them
into the report model's tables. Every figure about people (reach, returns' counts, indicators'
counts and denominators) is a ``count`` column, so disclosure control finds it before a published
edition leaves Wellboard. Counts of the partnership's own actions and organisations are not about
people and stay as they are.
"""

from wellboard.reports.calculations.common.actions import (
    ACTION_COLUMNS,
    MILESTONE_COLUMNS,
    action_row,
    actions_table,
    milestone_state,
    milestones_table,
    node_title,
)
from wellboard.reports.calculations.common.facts import (
    NARRATIVE_TITLES,
    ReportInputs,
    StrategyFacts,
    iso,
    latest_update,
    narrative,
    narrative_section,
    rag_at,
    rag_label,
    strategy_facts,
)
from wellboard.reports.calculations.common.indicators import (
    INDICATOR_COLUMNS,
    comparison_words,
    indicator_row,
    indicator_summaries_by_node,
    indicators_table,
)
from wellboard.reports.calculations.common.returns import (
    CHART_COLUMNS,
    CHART_RATE_COLUMNS,
    COMPLETENESS_COLUMNS,
    REACH_COLUMNS,
    ReachFigure,
    completeness_table,
    reach_charts,
    reach_figures,
    reach_section,
)

__all__ = [
    "ACTION_COLUMNS",
    "CHART_COLUMNS",
    "CHART_RATE_COLUMNS",
    "COMPLETENESS_COLUMNS",
    "INDICATOR_COLUMNS",
    "MILESTONE_COLUMNS",
    "NARRATIVE_TITLES",
    "REACH_COLUMNS",
    "ReachFigure",
    "ReportInputs",
    "StrategyFacts",
    "action_row",
    "actions_table",
    "comparison_words",
    "completeness_table",
    "indicator_row",
    "indicator_summaries_by_node",
    "indicators_table",
    "iso",
    "latest_update",
    "milestone_state",
    "milestones_table",
    "narrative",
    "narrative_section",
    "node_title",
    "rag_at",
    "rag_label",
    "reach_charts",
    "reach_figures",
    "reach_section",
    "strategy_facts",
]
