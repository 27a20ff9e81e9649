"""The reach dashboard: per initiative, what partners have delivered, period by period and in total."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from wellboard.charts.reach import ReachPoint, reach_chart
from wellboard.core.clock import today
from wellboard.core.views import member_view
from wellboard.returns.calculations import PeriodTotal, measure_figures, totals_by_period
from wellboard.returns.models import Measure
from wellboard.returns.selectors import collection_members, reach_measures, returned_organisations
from wellboard.returns.views._common import access, page


def _number(value: Decimal | None, measure: Measure) -> str:
    if value is None:
        return ""
    if measure.kind.has_denominator:
        unit = "%" if measure.multiplier == 100 else f" per {measure.multiplier:,}"
        return f"{value:,.1f}{unit}"
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value:,.2f}"


def reach_spec(measure: Measure, totals: list[PeriodTotal]) -> dict[str, Any]:
    """The measure's chart: each period's figure and, for counts, the running total."""
    return reach_chart(
        title=measure.label,
        subtitle=measure.collection.name,
        unit=measure.unit or ("%" if measure.kind.has_denominator else ""),
        points=[
            ReachPoint(
                period=t.period.label,
                start=t.period.start,
                value=float(t.value) if t.value is not None else None,
                cumulative=float(t.cumulative) if t.cumulative is not None else None,
            )
            for t in totals
        ],
        running_total=not measure.kind.has_denominator,
    )


@member_view
@require_safe
def reach_dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, actor = access(request, slug)
    day = today()
    measures = reach_measures(actor=actor)
    figures = measure_figures(measures=measures)
    by_initiative: dict[int, dict[str, Any]] = {}
    latest_cache: dict[int, dict[str, Any]] = {}
    members_cache: dict[int, list[Any]] = defaultdict(list)
    for index, measure in enumerate(measures):
        initiative = measure.initiative
        if initiative is None:  # never: reach_measures gives only measures of an initiative
            continue
        collection = measure.collection
        periods = [p for p in collection.periods(until=day) if p.start <= day]
        totals = totals_by_period(measure, periods, figures.get(measure.pk, []))
        if collection.pk not in latest_cache:
            ended = [p for p in periods if p.end < day]
            latest = ended[-1] if ended else None
            members = collection_members(collection=collection)
            members_cache[collection.pk] = members
            returned = returned_organisations(collection=collection, period=latest) if latest else set()
            latest_cache[collection.pk] = {
                "collection": collection,
                "period": latest,
                "due": collection.due_date(latest) if latest else None,
                "missing": [o for o in members if o.pk not in returned] if latest else [],
            }
        section = by_initiative.setdefault(
            initiative.pk, {"initiative": initiative, "measures": [], "collections": {}}
        )
        section["collections"][collection.pk] = latest_cache[collection.pk]
        last_total = next(
            (t for t in reversed(totals) if t.value is not None or t.cumulative is not None), None
        )
        section["measures"].append(
            {
                "measure": measure,
                "chart_id": f"reach-chart-{index}",
                "spec": reach_spec(measure, totals),
                "rows": [
                    {
                        "period": t.period,
                        "value": _number(t.value, measure),
                        "cumulative": _number(t.cumulative, measure),
                        "limits": f"{t.lower95:,.1f} to {t.upper95:,.1f}"
                        if t.lower95 is not None and t.upper95 is not None
                        else "",
                        "organisations": t.organisations,
                    }
                    for t in totals
                ],
                "total": _number(
                    last_total.cumulative
                    if last_total and not measure.kind.has_denominator
                    else (last_total.value if last_total else None),
                    measure,
                ),
                "additive": not measure.kind.has_denominator,
            }
        )
    sections = []
    for section in by_initiative.values():
        section["collections"] = list(section["collections"].values())
        sections.append(section)
    return render(request, "returns/reach.html", page(partnership, actor, sections=sections, today=day))
