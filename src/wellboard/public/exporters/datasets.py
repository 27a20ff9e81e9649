"""The open datasets a public partnership publishes: each one's title, source, fields and rows."""

from __future__ import annotations

from wellboard.public.exporters.rows import (
    _action_rows,
    _observation_rows,
    _reach_rows,
    _strategy_rows,
    _update_rows,
)
from wellboard.public.exporters.schema import SUPPRESSED_DESCRIPTION, Dataset, Field

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
