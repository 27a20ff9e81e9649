"""Open data: a public partnership's datasets, each as CSV and JSON, described by one Frictionless
data package (``datapackage.json``).

Each dataset states its fields once (name, type, title, description); the CSV, the JSON and the
package's schema are all written from that. Counts pass through the partnership's disclosure rule
(``public.calculations``): a suppressed cell is blank, and the row's ``suppressed`` column says so.
Text cells are neutralised against formula injection, as every Wellboard export is.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from wellboard.charts.significance import significance_label
from wellboard.core.periods import period_label
from wellboard.core.spreadsheets import cell_safe
from wellboard.indicators.calculations.summaries import summary_context
from wellboard.partners.models import Partnership
from wellboard.public.calculations import public_reach, public_series
from wellboard.public.selectors import (
    live_strategies,
    public_actions,
    public_actor,
    public_indicators,
    public_nodes,
    reach_measures,
)

LICENCE = {
    "name": "OGL-UK-3.0",
    "title": "Open Government Licence v3.0",
    "path": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
}
SUPPRESSED_DESCRIPTION = (
    "True where a figure in this row is withheld by the partnership's disclosure rule (its cell is blank)"
)
Row = dict[str, Any]


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # a Frictionless table schema type: string, integer, number, boolean, date, datetime
    title: str
    description: str = ""

    def descriptor(self) -> dict[str, str]:
        found = {"name": self.name, "type": self.type, "title": self.title}
        if self.description:
            found["description"] = self.description
        return found


@dataclass(frozen=True)
class Dataset:
    name: str
    title: str
    description: str
    source: str
    fields: tuple[Field, ...]
    rows: Callable[[Partnership], list[Row]]

    def resource(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "path": f"{self.name}.csv",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "title": self.title,
            "description": self.description,
            "sources": [{"title": self.source}],
            "licenses": [LICENCE],
            "schema": {"fields": [f.descriptor() for f in self.fields], "missingValues": [""]},
        }


# ---------------------------------------------------------------- rows of each dataset


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


# ---------------------------------------------------------------- the datasets

_SUPPRESSED = Field("suppressed", "boolean", "Suppressed", SUPPRESSED_DESCRIPTION)

DATASETS: dict[str, Dataset] = {
    d.name: d
    for d in (
        Dataset(
            name="strategy",
            title="Strategy",
            description="Each live strategy and its tree of themes and priorities.",
            source="The partnership's strategy, as its coordinators keep it in Wellboard",
            fields=(
                Field("strategy", "string", "Strategy", "The strategy's short name"),
                Field("strategy_title", "string", "Strategy title"),
                Field("ref", "string", "Reference", "The node's reference; blank for the strategy itself"),
                Field("parent_ref", "string", "Parent reference", "The reference of the node above"),
                Field("level", "string", "Level", "Strategy, or the name of the tree's level"),
                Field("title", "string", "Title"),
                Field(
                    "description", "string", "Description", "The strategy's vision, or the node's description"
                ),
                Field("start_date", "date", "Start date"),
                Field("end_date", "date", "End date"),
            ),
            rows=_strategy_rows,
        ),
        Dataset(
            name="actions",
            title="Actions",
            description="The SMART actions of each live strategy, with their status and RAG rating.",
            source="The partnership's action plan, updated by the lead organisations",
            fields=(
                Field("strategy", "string", "Strategy"),
                Field(
                    "node_ref", "string", "Theme or priority", "The reference of the node the action is under"
                ),
                Field("ref", "string", "Reference"),
                Field("title", "string", "Title"),
                Field("description", "string", "Description"),
                Field("smart_target", "string", "SMART target"),
                Field("lead_organisation", "string", "Lead organisation"),
                Field("supporting_organisations", "string", "Supporting organisations", "Separated by '; '"),
                Field("start_date", "date", "Start date"),
                Field("due_date", "date", "Due date"),
                Field("status", "string", "Status"),
                Field("rag", "string", "RAG rating", "Red, Amber, Green, Complete or Not rated"),
                Field("milestones", "string", "Milestones", "Each with its due date, and when it was done"),
                Field(
                    "latest_update_period",
                    "string",
                    "Latest update",
                    "The period of the latest progress update",
                ),
            ),
            rows=_action_rows,
        ),
        Dataset(
            name="progress-updates",
            title="Progress updates",
            description=(
                "What each action's lead organisation reported, period by period, with a RAG rating; "
                "and the progress of themes and priorities as a whole."
            ),
            source="Progress updates from the lead organisations",
            fields=(
                Field("strategy", "string", "Strategy"),
                Field("node_ref", "string", "Theme or priority", "The reference of the part of the tree"),
                Field(
                    "action_ref", "string", "Action reference", "Blank for a theme's or priority's own update"
                ),
                Field("title", "string", "Action, theme or priority"),
                Field("organisation", "string", "Lead organisation", "The action's lead organisation"),
                Field("period", "string", "Period"),
                Field("period_start", "date", "Period start"),
                Field("rag", "string", "RAG rating"),
                Field("action_to_date", "string", "Action to date"),
                Field("posted_on", "date", "Posted on"),
            ),
            rows=_update_rows,
        ),
        Dataset(
            name="indicator-observations",
            title="Indicator observations",
            description=(
                "Each indicator's figures over time for the partnership's place, with 95% and 99.8% "
                "confidence limits and the comparison with the default comparator."
            ),
            source="Office for Health Improvement and Disparities (Fingertips), ONS and partners' own data",
            fields=(
                Field("indicator", "string", "Indicator", "The indicator's short name"),
                Field("indicator_name", "string", "Indicator name"),
                Field("area_code", "string", "Area code", "ONS GSS code"),
                Field("area_name", "string", "Area"),
                Field("sex", "string", "Sex"),
                Field("age", "string", "Age"),
                Field("period", "string", "Period"),
                Field("period_start", "date", "Period start"),
                Field("value", "number", "Value"),
                Field("unit", "string", "Unit"),
                Field("lower95", "number", "Lower 95% limit"),
                Field("upper95", "number", "Upper 95% limit"),
                Field("lower998", "number", "Lower 99.8% limit"),
                Field("upper998", "number", "Upper 99.8% limit"),
                Field("count", "number", "Count", "Rounded or suppressed by the disclosure rule"),
                Field("denominator", "number", "Denominator", "Rounded or suppressed by the disclosure rule"),
                Field("comparator", "string", "Comparator"),
                Field("comparator_value", "number", "Comparator value"),
                Field("compared_with_comparator", "string", "Compared with the comparator"),
                Field("target", "number", "Target"),
                _SUPPRESSED,
            ),
            rows=_observation_rows,
        ),
        Dataset(
            name="reach",
            title="Reach of initiatives",
            description=(
                "What partners delivered for each initiative, period by period, from approved returns: "
                "counts added up across organisations with their running total; percentages and rates "
                "worked out from the added-up numerators and denominators."
            ),
            source="Partners' approved returns",
            fields=(
                Field("initiative", "string", "Initiative"),
                Field("collection", "string", "Collection"),
                Field("measure", "string", "Measure"),
                Field("unit", "string", "Unit"),
                Field("period", "string", "Period"),
                Field("period_start", "date", "Period start"),
                Field("period_end", "date", "Period end"),
                Field("value", "number", "In the period"),
                Field("running_total", "number", "Running total", "Counts and amounts only"),
                Field("numerator", "number", "Numerator", "Percentages and rates only"),
                Field("denominator", "number", "Denominator", "Percentages and rates only"),
                Field("lower95", "number", "Lower 95% limit"),
                Field("upper95", "number", "Upper 95% limit"),
                _SUPPRESSED,
            ),
            rows=_reach_rows,
        ),
    )
}


def dataset_get(name: str) -> Dataset | None:
    return DATASETS.get(name)


# ---------------------------------------------------------------- formats


def _json_value(value: Any) -> Any:
    if isinstance(value, float):
        if math.isnan(value):
            return None
        # Twelve significant figures: the stored precision, without binary noise (28.999999999999996).
        value = float(f"{value:.12g}")
        return int(value) if value.is_integer() else value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _csv_value(value: Any, kind: str) -> str:
    value = _json_value(value)
    if value is None:
        return ""
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "string":
        return str(cell_safe(str(value)))
    return str(value)


def as_csv(dataset: Dataset, rows: Iterable[Row]) -> str:
    """The rows as CSV (UTF-8, a header row of field names), text cells formula-safe."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([f.name for f in dataset.fields])
    for row in rows:
        writer.writerow([_csv_value(row.get(f.name), f.type) for f in dataset.fields])
    return out.getvalue()


def as_json(dataset: Dataset, rows: Iterable[Row], *, partnership: Partnership) -> str:
    """The rows as JSON: the dataset's title, licence and fields, then one object per row."""
    return json.dumps(
        {
            "name": dataset.name,
            "title": dataset.title,
            "partnership": partnership.name,
            "licence": LICENCE,
            "fields": [f.descriptor() for f in dataset.fields],
            "data": [{f.name: _json_value(row.get(f.name)) for f in dataset.fields} for row in rows],
        },
        ensure_ascii=False,
        indent=1,
    )


def datapackage(*, partnership: Partnership, home_url: str) -> dict[str, Any]:
    """The Frictionless data package describing every dataset; resource paths are relative to it."""
    return {
        "name": f"{partnership.slug}-open-data",
        "title": f"{partnership.name}: open data",
        "description": (
            f"The strategy, actions, progress, indicators and reach of initiatives of {partnership.name}"
            f" ({partnership.place_name}). Counts are published under the partnership's disclosure rule."
        ),
        "homepage": home_url,
        "licenses": [LICENCE],
        "sources": [{"title": d.source} for d in DATASETS.values()],
        "resources": [d.resource() for d in DATASETS.values()],
    }


def public_rows(dataset: Dataset, partnership: Partnership) -> list[Row]:
    """The dataset's rows for a public partnership (anything else is 'not found')."""
    public_actor(partnership)
    return dataset.rows(partnership)
