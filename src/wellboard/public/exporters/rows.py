"""The rows of each open dataset, read for a public partnership through the public selectors and
calculations (counts already through the disclosure rule)."""

from __future__ import annotations

from wellboard.charts.significance import significance_label
from wellboard.core.periods import period_label
from wellboard.indicators.calculations.summaries import summary_context
from wellboard.partners.models import Partnership
from wellboard.public.calculations import public_reach, public_series
from wellboard.public.exporters.schema import Row
from wellboard.public.selectors import (
    live_strategies,
    public_actions,
    public_actor,
    public_indicators,
    public_nodes,
    reach_measures,
)


def _strategy_rows(partnership: Partnership) -> list[Row]:
    strategies = live_strategies(partnership=partnership)
    rows = [
        {
            "strategy": s.slug,
            "strategy_title": s.title,
            "ref": "",
            "parent_ref": "",
            "level": "Strategy",
            "title": s.title,
            "description": s.vision,
            "start_date": s.start_date,
            "end_date": s.end_date,
        }
        for s in strategies
    ]
    for node in public_nodes(strategies=strategies):
        rows.append(
            {
                "strategy": node.strategy.slug,
                "strategy_title": node.strategy.title,
                "ref": node.ref,
                "parent_ref": node.parent.ref if node.parent is not None else "",
                "level": node.level_name,
                "title": node.title,
                "description": node.description,
                "start_date": None,
                "end_date": None,
            }
        )
    return rows


def _action_rows(partnership: Partnership) -> list[Row]:
    rows = []
    for action in public_actions(strategies=live_strategies(partnership=partnership)):
        latest = next(iter(action.updates.all()), None)
        rows.append(
            {
                "strategy": action.strategy.slug,
                "node_ref": action.node.ref,
                "ref": action.ref,
                "title": action.title,
                "description": action.description,
                "smart_target": action.smart_target,
                "lead_organisation": action.lead_organisation.name,
                "supporting_organisations": "; ".join(o.name for o in action.supporting_organisations.all()),
                "start_date": action.start_date,
                "due_date": action.due_date,
                "status": action.get_status_display(),
                "rag": action.get_rag_display(),
                "milestones": "; ".join(
                    f"{m.title} (due {m.due_date.isoformat()}"
                    + (f", done {m.completed_on.isoformat()})" if m.completed_on else ")")
                    for m in action.milestones.all()
                ),
                "latest_update_period": period_label(latest.period) if latest else "",
            }
        )
    return rows


def _update_rows(partnership: Partnership) -> list[Row]:
    """Each action's updates, then each theme's or priority's own (its progress as a whole)."""
    strategies = live_strategies(partnership=partnership)
    rows = []
    for action in public_actions(strategies=strategies):
        for update in action.updates.all():
            rows.append(
                {
                    "strategy": action.strategy.slug,
                    "node_ref": action.node.ref,
                    "action_ref": action.ref,
                    "title": action.title,
                    "organisation": action.lead_organisation.name,
                    "period": period_label(update.period),
                    "period_start": update.period_start,
                    "rag": update.get_rag_display(),
                    "action_to_date": update.narrative,
                    "posted_on": update.posted_at.date(),
                }
            )
    for node in public_nodes(strategies=strategies):
        for update in node.updates.all():
            rows.append(
                {
                    "strategy": node.strategy.slug,
                    "node_ref": node.ref,
                    "action_ref": "",
                    "title": node.title,
                    "organisation": "",
                    "period": period_label(update.period),
                    "period_start": update.period_start,
                    "rag": update.get_rag_display(),
                    "action_to_date": update.narrative,
                    "posted_on": update.posted_at.date(),
                }
            )
    return rows


def _observation_rows(partnership: Partnership) -> list[Row]:
    actor = public_actor(partnership)
    context = summary_context(actor=actor)
    rows = []
    for indicator in public_indicators(partnership=partnership):
        disclosed = public_series(actor=actor, partnership=partnership, indicator=indicator, context=context)
        series = disclosed.series
        for point, hidden in zip(series.points, disclosed.suppressed, strict=True):
            rows.append(
                {
                    "indicator": indicator.slug,
                    "indicator_name": indicator.name,
                    "area_code": series.area.code if series.area is not None else "",
                    "area_name": series.area.name if series.area is not None else "",
                    "sex": series.sex,
                    "age": series.age,
                    "period": period_label(point.period),
                    "period_start": point.period_start,
                    "value": point.value,
                    "unit": indicator.unit,
                    "lower95": point.lower,
                    "upper95": point.upper,
                    "lower998": point.lower998,
                    "upper998": point.upper998,
                    "count": point.count,
                    "denominator": point.denominator,
                    "comparator": series.comparator,
                    "comparator_value": point.comparator_value,
                    "compared_with_comparator": significance_label(point.significance)
                    if point.value is not None
                    else "",
                    "target": point.target,
                    "suppressed": hidden,
                }
            )
    return rows


def _reach_rows(partnership: Partnership) -> list[Row]:
    rows = []
    for reach in public_reach(partnership=partnership, measures=reach_measures(partnership=partnership)):
        measure = reach.measure
        for row in reach.rows:
            rows.append(
                {
                    "initiative": reach.initiative.name,
                    "collection": measure.collection.name,
                    "measure": measure.label,
                    "unit": measure.unit,
                    "period": row.period_label,
                    "period_start": row.start,
                    "period_end": row.end,
                    "value": row.value,
                    "running_total": row.cumulative,
                    "numerator": row.numerator,
                    "denominator": row.denominator,
                    "lower95": row.lower95,
                    "upper95": row.upper95,
                    "suppressed": row.suppressed,
                }
            )
    return rows
