"""Progress on recommendations, grouped by pillar: each recommendation's text, its action to date,
its RAG, its lead organisations and the measures that show it.

A strategy whose tree is Pillar > Recommendation gives the pillars and their recommendations
directly. Any other tree tagged to the King's Fund population health model's pillars is grouped by
those tags: each node without children is a recommendation, under every pillar it or one of its
parents is tagged with.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from wellboard.core.rag import RAG_ORDER, Rag
from wellboard.indicators.calculations.summaries import IndicatorSummary
from wellboard.reports.calculations.common import (
    ReportInputs,
    StrategyFacts,
    indicator_summaries_by_node,
    latest_update,
    narrative_section,
    rag_at,
    strategy_facts,
)
from wellboard.reports.document import Block, CellValue, Column, Notice, Paragraph, Section, Table, TableBlock
from wellboard.strategy.models import Action
from wellboard.strategy.selectors import NodeSummary

NARRATIVES = ("foreword",)
KINGS_FUND = "kings-fund-population-health"

COLUMNS = (
    Column("ref", "Ref"),
    Column("recommendation", "Recommendation"),
    Column("progress", "Action to date"),
    Column("rag", "RAG", kind="rag"),
    Column("leads", "Lead organisations"),
    Column("measures", "Measures that show it"),
)


@dataclass
class Pillar:
    title: str
    anchor: str
    recommendations: list[NodeSummary]


def is_pillar_tree(inputs: ReportInputs) -> bool:
    names = inputs.strategy.level_names or []
    return bool(names) and names[0].strip().lower().startswith("pillar")


def pillars_of(inputs: ReportInputs, facts: StrategyFacts) -> list[Pillar]:
    if is_pillar_tree(inputs):
        return [
            Pillar(
                title=f"{root.node.ref}. {root.node.title}",
                anchor=f"pillar-{root.node.ref}",
                recommendations=root.children or [root],
            )
            for root in facts.tree.roots
        ]
    pillars: dict[str, Pillar] = {}
    order: dict[str, int] = {}

    def visit(summary: NodeSummary, inherited: dict[str, tuple[str, int]]) -> None:
        own = {t.slug: (t.name, t.position) for t in summary.node.tags.all() if t.scheme.slug == KINGS_FUND}
        tags = {**inherited, **own}
        if summary.children:
            for child in summary.children:
                visit(child, tags)
            return
        for slug, (name, position) in tags.items():
            order[slug] = position
            pillars.setdefault(slug, Pillar(title=name, anchor=f"pillar-{slug}", recommendations=[]))
            pillars[slug].recommendations.append(summary)

    for root in facts.tree.roots:
        visit(root, {})
    return [pillars[slug] for slug in sorted(pillars, key=lambda s: order[s])]


def _worst(ratings: Sequence[str]) -> str:
    for rating in RAG_ORDER:
        if rating.value in ratings:
            return rating.value
    return Rag.NOT_RATED.value


def progress_of(summary: NodeSummary, facts: StrategyFacts, inputs: ReportInputs) -> tuple[str, str]:
    """The action to date in words and its RAG: the recommendation's own latest progress update if
    it has one, else its actions' latest updates (RAG: the worst of theirs)."""
    own = latest_update(facts.node_updates.get(summary.node.pk, []), until=inputs.period)
    if own is not None:
        return own.narrative, own.rag
    actions: list[Action] = summary.all_actions
    if not actions:
        return "No actions yet.", Rag.NOT_RATED.value
    words = []
    ratings = []
    for action in actions:
        updates = facts.updates.get(action.pk, [])
        update = latest_update(updates, until=inputs.period)
        ratings.append(rag_at(action, updates, inputs.period))
        words.append(f"{action.ref} {action.title}: {update.narrative if update else 'no update yet'}")
    return "\n".join(words), _worst(ratings)


def measures_of(summary: NodeSummary, indicators: dict[int, list[IndicatorSummary]]) -> str:
    names = [s.indicator.name for s in indicators.get(summary.node.pk, [])]
    names.extend(
        f"{m.label} ({initiative.name})"
        for initiative in summary.node.initiatives.all()
        for m in initiative.return_measures.all()
    )
    return "; ".join(dict.fromkeys(names)) or "None linked yet"


def recommendation_row(
    summary: NodeSummary,
    facts: StrategyFacts,
    inputs: ReportInputs,
    indicators: dict[int, list[IndicatorSummary]],
) -> tuple[CellValue, ...]:
    words, rating = progress_of(summary, facts, inputs)
    leads = sorted({a.lead_organisation.name for a in summary.all_actions})
    return (
        summary.node.ref,
        summary.node.title + (f"\n{summary.node.description}" if summary.node.description else ""),
        words,
        rating,
        ", ".join(leads) or "None yet",
        measures_of(summary, indicators),
    )


def build(inputs: ReportInputs) -> tuple[Section, ...]:
    facts = strategy_facts(inputs)
    indicators = indicator_summaries_by_node(inputs, list(facts.tree.nodes))
    pillars = pillars_of(inputs, facts)
    intro = narrative_section(inputs, "foreword", anchor="foreword")
    if not pillars:
        return (
            intro,
            Section(
                title="Progress on recommendations",
                anchor="recommendations",
                blocks=(
                    Notice(
                        "This strategy's tree is neither Pillar > Recommendation nor tagged to the "
                        "King's Fund pillars, so there are no recommendations to report on."
                    ),
                ),
            ),
        )
    sections: list[Section] = []
    for pillar in pillars:
        blocks: list[Block] = []
        if not pillar.recommendations:
            blocks.append(Paragraph("No recommendations under this pillar."))
        else:
            rows = tuple(recommendation_row(r, facts, inputs, indicators) for r in pillar.recommendations)
            blocks.append(
                TableBlock(Table(caption=f"Recommendations: {pillar.title}", columns=COLUMNS, rows=rows))
            )
        sections.append(Section(title=pillar.title, anchor=pillar.anchor, blocks=tuple(blocks)))
    return (
        intro,
        Section(title="Progress on recommendations", anchor="recommendations", children=tuple(sections)),
    )
