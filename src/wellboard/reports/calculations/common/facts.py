"""What a report is made from (``ReportInputs``), the strategy's facts as at the report's period,
and the helpers every section uses: ratings as at a period, dates and narratives."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from wellboard.core.access import Actor
from wellboard.core.periods import Period
from wellboard.core.rag import Rag
from wellboard.partners.models import Partnership
from wellboard.reports.document import Narrative, NarrativeKey, Notice, Section
from wellboard.reports.selectors import action_milestones, action_updates, node_updates
from wellboard.strategy.models import Action, Milestone, ProgressUpdate, Strategy
from wellboard.strategy.selectors import StrategyTree, strategy_tree

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
