"""An indicator's inequality page (figures by deprivation with the slope index) and its ward map,
each for a period chosen from those with figures (the latest by default), and their downloads.
Both are about population indicators: asked for a performance measure, they lead to its page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET

from wellboard.charts import SlopeIndexSummary, sii_sentence
from wellboard.core.access import Actor
from wellboard.core.errors import NotFound
from wellboard.core.page_bodies import PageBody, body_cached
from wellboard.core.periods import period_label
from wellboard.core.views import member_view
from wellboard.indicators.calculations.summaries import (
    Inequality,
    SummaryContext,
    WardMap,
    inequality,
    summary_context,
    ward_map,
)
from wellboard.indicators.forms import ChoiceOptionsForm
from wellboard.indicators.models import Indicator, IndicatorKind
from wellboard.indicators.selectors import areas_by_code, indicator_get
from wellboard.indicators.views._common import (
    SECTION,
    ChartView,
    bad_download,
    chart_or_404,
    only,
    page,
    page_body,
    table_download,
)
from wellboard.indicators.views._present import inequality_view, map_view
from wellboard.indicators.views._words import name_of, value_text
from wellboard.partners.selectors import partnership_access


class HasPeriods(Protocol):
    @property
    def periods(self) -> tuple[str, ...]: ...


Result = TypeVar("Result", bound=HasPeriods)


@dataclass
class PeriodPage(Generic[Result]):
    """A page of one summary for the period chosen in its GET form."""

    form: ChoiceOptionsForm
    result: Result
    query: str

    @property
    def valid(self) -> bool:
        return not self.form.is_bound or self.form.is_valid()

    def page_context(self, indicator: Indicator) -> dict[str, Any]:
        """What the indicator's page shows around its chart: 400 with the form's errors for a
        period without figures."""
        return {
            "status": 200 if self.valid else 400,
            "form": self.form,
            "indicator": indicator,
            "name": name_of(indicator),
            "result": self.result,
            "has_charts": True,
        }


def period_page(request: HttpRequest, summarise: Callable[[str], Result]) -> PeriodPage[Result]:
    """Summarise for the period asked for; a period without figures makes the form invalid (400
    with the error summary) and the page shows the latest instead."""
    picked = only(request.GET, ("period",))
    asked = picked.get("period", "") if picked is not None else ""
    result = summarise(asked)
    choices = [("", "Latest"), *((p, period_label(p)) for p in result.periods)]
    form = ChoiceOptionsForm(picked, options={"period": ("Period", choices)})
    if form.is_bound and not form.is_valid():
        return PeriodPage(form, summarise(""), "")
    return PeriodPage(form, result, picked.urlencode() if picked is not None else "")


# ---------------------------------------------------------------- inequality


def _population(actor: Actor, slug: str) -> Indicator:
    """A population indicator: a performance measure has no figures by deprivation or ward."""
    found = indicator_get(actor=actor, slug=slug)
    if found.kind != IndicatorKind.POPULATION:
        raise NotFound("download")
    return found


def _inequality(request: HttpRequest, actor: Actor, indicator: Indicator) -> PeriodPage[Inequality]:
    context = summary_context(actor=actor)
    return period_page(
        request,
        lambda period: inequality(actor=actor, indicator=indicator, period=period, context=context),
    )


@member_view
@require_GET
def indicator_inequality(request: HttpRequest, slug: str, indicator: str) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    found = indicator_get(actor=actor, slug=indicator)
    if found.kind != IndicatorKind.POPULATION:
        return redirect("indicator-detail", slug, found.slug)
    built = _inequality(request, actor, found)
    result = built.result
    chart = inequality_view(result)
    chart.with_downloads(reverse("indicator-inequality", args=[slug, found.slug]) + "data/", built.query)
    return page(
        request,
        "indicators/indicator_inequality.html",
        partnership=partnership,
        actor=actor,
        **built.page_context(found),
        overall_text=value_text(found, result.overall, result.decimals),
        sii_text=sii_sentence(
            SlopeIndexSummary(
                result.sii.sii, result.sii.sii_lower, result.sii.sii_upper, result.sii.intercept
            )
            if result.sii
            else None,
            unit=found.unit,
            decimals=result.decimals,
        ),
        chart=chart,
    )


@member_view
@require_GET
def indicator_inequality_data(
    request: HttpRequest, slug: str, indicator: str, chart: str, fmt: str
) -> HttpResponse:
    _partnership, actor = partnership_access(user=request.user, slug=slug)
    found = _population(actor, indicator)
    built = _inequality(request, actor, found)
    if not built.valid:
        return bad_download(built.form)
    chosen = chart_or_404([inequality_view(built.result)], chart)
    return table_download(chosen.table, fmt=fmt, name=f"{found.slug}-{chosen.key}")


# ---------------------------------------------------------------- ward map


def _map(request: HttpRequest, actor: Actor, indicator: Indicator) -> tuple[PeriodPage[WardMap], ChartView]:
    context: SummaryContext = summary_context(actor=actor)
    built = period_page(
        request,
        lambda period: ward_map(actor=actor, indicator=indicator, period=period, context=context),
    )
    areas = areas_by_code(actor=actor, codes=[r.area_code for r in built.result.rows])
    return built, map_view(built.result, areas)


@member_view
@require_GET
def indicator_map(request: HttpRequest, slug: str, indicator: str) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)

    def build() -> PageBody:
        found = indicator_get(actor=actor, slug=indicator)
        if found.kind != IndicatorKind.POPULATION:
            raise _NoMap(found.slug)
        built, chart = _map(request, actor, found)
        chart.with_downloads(reverse("indicator-map", args=[slug, found.slug]) + "data/", built.query)
        result = built.result
        return page_body(
            request,
            "indicators/indicator_map.html",
            partnership=partnership,
            actor=actor,
            **built.page_context(found),
            parent_text=value_text(found, result.parent_value, result.decimals),
            chart=chart,
            has_boundaries=chart.extra.get("has_boundaries", False),
        )

    # Every ward's figure and boundary: the page is kept whole until the data changes. The indicator
    # is looked up only to build it, so a page read again costs no query for it.
    try:
        return body_cached(
            request, partnership=partnership, actor=actor, section=SECTION, name="indicator-map", build=build
        )
    except _NoMap as elsewhere:
        return redirect("indicator-detail", slug, elsewhere.slug)


class _NoMap(Exception):
    """A performance measure has no map of wards: its page is the measure's own."""

    def __init__(self, slug: str) -> None:
        super().__init__(slug)
        self.slug = slug


@member_view
@require_GET
def indicator_map_data(request: HttpRequest, slug: str, indicator: str, chart: str, fmt: str) -> HttpResponse:
    _partnership, actor = partnership_access(user=request.user, slug=slug)
    found = _population(actor, indicator)
    built, view = _map(request, actor, found)
    if not built.valid:
        return bad_download(built.form)
    chosen = chart_or_404([view], chart)
    return table_download(chosen.table, fmt=fmt, name=f"{found.slug}-{chosen.key}")
