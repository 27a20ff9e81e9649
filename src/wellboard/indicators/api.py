"""The indicators API (mounted under /api/v1/ by wellboard.api.main): read-only JSON.

Paths name the partnership: ``/partnerships/{partnership}/indicators…``. A partner token of that
partnership reads everything its owner may; without one (or with another partnership's token)
only a public partnership's indicators are readable, and their counts pass disclosure control
(small counts suppressed, others rounded, figures derived from suppressed counts withheld).
A private partnership answers 404 to anyone outside it.
"""

from __future__ import annotations

import math
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router

from wellboard.core.access import Actor
from wellboard.core.errors import NotFound
from wellboard.core.paging import PageQuery
from wellboard.core.responses import error_responses
from wellboard.indicators.calculations import NOT_COMPARED
from wellboard.indicators.calculations.published import disclose_series
from wellboard.indicators.calculations.summaries import (
    Figure,
    indicator_series,
    indicator_summary,
    rag_as_published,
)
from wellboard.indicators.models import Indicator, IndicatorKind, Observation, ValueType
from wellboard.indicators.schemas import (
    ComparatorOut,
    ComparisonOut,
    FigureOut,
    IndicatorDetailOut,
    IndicatorOut,
    NodeRefOut,
    ObservationOut,
    ObservationPageOut,
    RagOut,
    TargetOut,
)
from wellboard.indicators.selectors import (
    comparator_list,
    indicator_get,
    indicator_list,
    indicator_nodes,
    observation_list,
    target_list,
)
from wellboard.partners.api import PartnerToken
from wellboard.partners.models import Partnership
from wellboard.publishing.disclosure import disclose_counts, disclose_observations

router = Router(tags=["indicators"])


class _Anonymous:
    """A request without a (valid) partner token: it may read public partnerships only."""


def _anonymous(request: HttpRequest) -> _Anonymous:
    return _Anonymous()


AUTH = [PartnerToken(), _anonymous]
# A token is optional: without one (or with another partnership's) a public partnership is readable.
TOKEN_OPTIONAL: dict[str, Any] = {"security": [{}]}  # added to the token scheme ninja lists
BASE = "/partnerships/{partnership}"


def _reader(request: HttpRequest, partnership: str) -> tuple[Actor, str | None]:
    """The actor to read as, and the disclosure rule to apply (None for the partnership's members)."""
    found = Partnership.objects.filter(slug=partnership).first()
    if found is None:
        raise NotFound("partnership")
    auth = getattr(request, "auth", None)
    if isinstance(auth, Actor) and auth.partnership_id == found.pk:
        return auth, None
    return Actor(partnership_id=found.pk, user=None), found.disclosure_rule


def _indicator(indicator: Indicator) -> dict[str, Any]:
    return {
        "slug": indicator.slug,
        "name": indicator.name,
        "short_name": indicator.short_name,
        "kind": indicator.kind,
        "value_type": indicator.value_type,
        "polarity": indicator.polarity,
        "unit": indicator.unit,
        "multiplier": indicator.multiplier,
        "method": indicator.method,
        "source": indicator.source,
        "frequency": indicator.frequency,
        "definition": indicator.definition,
        "external_source": indicator.external_source,
        "external_id": indicator.external_id,
        "nodes": [
            NodeRefOut(strategy=n.strategy.slug, ref=n.ref, title=n.title) for n in indicator.nodes.all()
        ],
        "version": indicator.version,
    }


_FIGURES = ("count", "denominator", "value", "lower95", "upper95", "lower998", "upper998")


def _disclosed(records: list[dict[str, Any]], rule: str | None, indicator: Indicator) -> list[dict[str, Any]]:
    """Apply disclosure control to the figures of each record (in place) when ``rule`` is set; a
    count indicator's values are counts, disclosed as counts."""
    for record in records:
        record["suppressed"] = False
    if rule is None or not records:
        return records
    safe = disclose_observations(
        rule=rule,
        value_is_count=indicator.value_type == ValueType.COUNT,
        **{name: [r[name] for r in records] for name in _FIGURES},
    )
    for index, record in enumerate(records):
        for name in _FIGURES:
            number = float(getattr(safe, name)[index])
            record[name] = None if math.isnan(number) else number  # NaN: not published
        record["suppressed"] = bool(safe.suppressed[index])
    return records


@router.get(
    BASE + "/indicators",
    response={200: list[IndicatorOut], **error_responses(404, 422)},
    auth=AUTH,
    openapi_extra=TOKEN_OPTIONAL,
    summary="List a partnership's indicators",
)
def indicators(
    request: HttpRequest, partnership: str, kind: str = "", value_type: str = "", q: str = ""
) -> list[IndicatorOut]:
    actor, _ = _reader(request, partnership)
    found = indicator_list(actor=actor, kind=kind, value_type=value_type, search=q).prefetch_related(
        indicator_nodes(actor=actor)
    )
    return [IndicatorOut(**_indicator(i)) for i in found]


def _figure(figure: Figure | None, rule: str | None, indicator: Indicator) -> FigureOut | None:
    if figure is None:
        return None
    record = {
        "area_code": figure.area_code,
        "area_name": figure.area_name,
        "period": figure.period,
        **{name: getattr(figure, name) for name in _FIGURES},
    }
    return FigureOut(**_disclosed([record], rule, indicator)[0])


def _comparator_value(value: float | None, rule: str | None, indicator: Indicator) -> float | None:
    """A comparator's figure; a count indicator's (a count of the comparator's areas) is disclosed
    as a count to readers outside the partnership."""
    if rule is None or value is None or indicator.value_type != ValueType.COUNT:
        return value
    number = float(disclose_counts([value], rule=rule).values[0])
    return None if math.isnan(number) else number


@router.get(
    BASE + "/indicators/{slug}",
    response={200: IndicatorDetailOut, **error_responses(404, 422)},
    auth=AUTH,
    openapi_extra=TOKEN_OPTIONAL,
    summary="One indicator: its definition, latest figure, comparisons, recent trend and RAG",
)
def indicator(request: HttpRequest, partnership: str, slug: str) -> IndicatorDetailOut:
    actor, rule = _reader(request, partnership)
    found = indicator_get(actor=actor, slug=slug)
    summary = indicator_summary(actor=actor, indicator=found)
    latest = _figure(summary.latest, rule, found)
    # Readers outside the partnership see the figure as published: how it compares with its target
    # and with other places is worked out from that, and withheld with it, so that neither gives
    # away a suppressed count or the true value behind a rounded one. A rounded count's limits are
    # withheld, so it is compared with no place.
    published = latest.value if latest is not None else None
    hidden = latest is not None and (
        latest.suppressed or (summary.latest is not None and published != summary.latest.value)
    )
    rag = summary.rag
    if rule is not None and latest is not None:
        rag = rag_as_published(actor=actor, summary=summary, value=None if latest.suppressed else published)
    # A performance measure is judged against its target only, as its page shows it: it is neither
    # compared with places nor given a recent trend.
    population = found.kind == IndicatorKind.POPULATION
    trend, trend_assessment = summary.trend, summary.trend_assessment
    if rule is not None and population:
        published_series = disclose_series(indicator_series(actor=actor, indicator=found), rule=rule).series
        trend, trend_assessment = published_series.trend, published_series.trend_assessment
    return IndicatorDetailOut(
        **_indicator(found),
        latest=latest,
        comparisons=[
            ComparisonOut(
                comparator=c.slug,
                name=c.name,
                value=_comparator_value(c.value, rule, found),
                significance=NOT_COMPARED if hidden else c.significance,
                significance998=NOT_COMPARED if hidden else c.significance998,
                judged_by="" if hidden else c.judged_by,
                publisher="" if hidden else c.publisher,
            )
            for c in (summary.comparisons if population else ())
        ],
        trend=trend if population else None,
        trend_assessment=trend_assessment if population else None,
        rag=RagOut(rag=rag.rag, target=summary.rag.target, thresholds=summary.rag.thresholds),
        targets=[
            TargetOut(
                area_code=t.area.code, period=t.period, value=t.value, amber_tolerance=t.amber_tolerance
            )
            for t in target_list(actor=actor, indicator=found)
        ],
    )


class ObservationFilters(PageQuery):
    area: str = Field("", description="An area's GSS code, e.g. E07000243")
    period: str = Field("", description="A period code, e.g. 2019/20")
    sex: str = ""
    age: str = ""
    category_type: str | None = Field(None, description="'' for figures without a category breakdown")


def _observation(observation: Observation) -> dict[str, Any]:
    return {
        "area_code": observation.area.code,
        "area_name": observation.area.name,
        "period": observation.period,
        "period_start": observation.period_start,
        "period_end": observation.period_end,
        "sex": observation.sex,
        "age": observation.age,
        "category_type": observation.category_type,
        "category": observation.category,
        **{name: getattr(observation, name) for name in _FIGURES},
        "status": observation.status,
        "note": observation.note,
        "source": observation.source,
        "value_computed": observation.value_computed,
        "limits_computed": observation.limits_computed,
        "published_vs_england": observation.published_vs_england,
    }


@router.get(
    BASE + "/indicators/{slug}/observations",
    response={200: ObservationPageOut, **error_responses(404, 422)},
    auth=AUTH,
    openapi_extra=TOKEN_OPTIONAL,
    summary="An indicator's observations, filtered and paged",
)
def observations(
    request: HttpRequest, partnership: str, slug: str, filters: Query[ObservationFilters]
) -> ObservationPageOut:
    actor, rule = _reader(request, partnership)
    found = indicator_get(actor=actor, slug=slug)
    qs = observation_list(
        actor=actor,
        indicator=found,
        area_code=filters.area,
        period=filters.period,
        sex=filters.sex,
        age=filters.age,
        category_type=filters.category_type,
    )
    page = [_observation(o) for o in qs[filters.offset : filters.offset + filters.limit]]
    return ObservationPageOut(
        count=qs.count(),
        limit=filters.limit,
        offset=filters.offset,
        results=[ObservationOut(**r) for r in _disclosed(page, rule, found)],
    )


@router.get(
    BASE + "/comparators",
    response={200: list[ComparatorOut], **error_responses(404, 422)},
    auth=AUTH,
    openapi_extra=TOKEN_OPTIONAL,
    summary="A partnership's comparators",
)
def comparators(request: HttpRequest, partnership: str) -> list[ComparatorOut]:
    actor, _ = _reader(request, partnership)
    return [
        ComparatorOut(
            slug=c.slug,
            name=c.name,
            kind=c.kind,
            is_default=c.is_default,
            area_codes=[a.code for a in c.areas.all()],
        )
        for c in comparator_list(actor=actor)
    ]
