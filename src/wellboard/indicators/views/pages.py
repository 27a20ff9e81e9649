"""The indicator list, and the indicator page with its charts and their downloads."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import TypeVar

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from wellboard.core.access import Actor
from wellboard.core.cache import cached, data_version
from wellboard.core.periods import period_label
from wellboard.core.views import member_view
from wellboard.geography.models import Area
from wellboard.indicators.calculations import rag_thresholds
from wellboard.indicators.calculations.summaries import (
    WITHIN_TYPES,
    AreasCompared,
    IndicatorSummary,
    SummaryContext,
    areas_compared,
    indicator_breakdowns,
    indicator_series,
    indicator_summaries,
    indicator_summary,
    summary_context,
)
from wellboard.indicators.forms import ChoiceOptionsForm, IndicatorFilterForm
from wellboard.indicators.models import Indicator
from wellboard.indicators.selectors import indicator_get, indicator_list, target_list
from wellboard.indicators.views._common import (
    ChartView,
    bad_download,
    chart_or_404,
    only,
    page,
    table_download,
)
from wellboard.indicators.views._present import (
    SignificanceText,
    TrendWords,
    breakdown_views,
    compare_view,
    interval_text,
    name_of,
    polarity_words,
    significance_text,
    trend_sentence,
    trend_view,
    trend_words,
    value_text,
)
from wellboard.partners.selectors import partnership_access
from wellboard.strategy.selectors import node_choices

PAGE_SIZE = 50
TABLE_PARTIAL = "indicators/partials/indicator_table.html"
T = TypeVar("T")


# ---------------------------------------------------------------- list


@dataclass(frozen=True)
class ListRow:
    indicator: Indicator
    summary: IndicatorSummary
    latest_text: str
    significance: SignificanceText | None
    trend: TrendWords


@member_view
@require_GET
def indicator_list_view(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    nodes = [(n.pk, f"{n.strategy.title}: {n.ref} {n.title}") for n in node_choices(actor=actor)]
    form = IndicatorFilterForm(request.GET or None, nodes=nodes)
    valid = form.is_valid() if form.is_bound else True
    node_id = form.value("node") if form.is_bound else None
    node = next((n for n in node_choices(actor=actor).filter(pk=node_id)), None) if node_id else None
    indicators = indicator_list(
        actor=actor,
        kind=(form.value("kind") or "") if form.is_bound else "",
        value_type=(form.value("value_type") or "") if form.is_bound else "",
        search=(form.value("q") or "") if form.is_bound else "",
        node=node,
    )
    paginator = Paginator(indicators, PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get("page"))
    shown = list(page_obj.object_list)
    context = summary_context(actor=actor)

    def table() -> str:
        summaries = indicator_summaries(actor=actor, indicators=shown, context=context)
        rows = [
            ListRow(
                indicator=s.indicator,
                summary=s,
                latest_text=value_text(s.indicator, s.latest.value, s.decimals) if s.latest else "",
                significance=(
                    significance_text(s.comparisons[0].significance, s.comparisons[0].name)
                    if s.latest and s.comparisons
                    else None
                ),
                trend=trend_words(s.trend, s.trend_assessment),
            )
            for s in summaries
        ]
        table_context = {"partnership": partnership, "rows": rows, "comparator": context.default_comparator}
        return render_to_string(TABLE_PARTIAL, table_context)

    # The table is the costly part of the page and the same for every reader: it is cached until
    # the partnership's data next changes.
    table_html = (
        cached(
            partnership_id=partnership.pk,
            name="indicator-list-table",
            parts=tuple(i.pk for i in shown),
            build=table,
        )
        if shown
        else ""
    )
    return page(
        request,
        "indicators/indicator_list.html",
        partnership=partnership,
        actor=actor,
        status=200 if valid else 400,
        form=form,
        indicators=shown,
        table_html=mark_safe(table_html),  # rendered by Django's template engine above, so escaped
        page_obj=page_obj,
        total=paginator.count,
        filtered=bool(form.is_bound and any(form.value(n) for n in ("q", "kind", "value_type", "node"))),
        place=context.place,
        comparator=context.default_comparator,
    )


# ---------------------------------------------------------------- indicator page

WIDEN = "all"


@dataclass
class IndicatorPage:
    """Everything the indicator page shows, for the options chosen."""

    form: ChoiceOptionsForm
    summary: IndicatorSummary
    charts: list[ChartView]
    period: str
    compared: AreasCompared

    @property
    def valid(self) -> bool:
        return not self.form.is_bound or self.form.is_valid()


def _within_choices(context: SummaryContext, area: Area | None) -> list[tuple[str, str]]:
    start = area if area is not None else context.place
    around = [a for a in context.ancestors(start) if a.type in WITHIN_TYPES] if start is not None else []
    return [
        ("", "Nearby areas when there are many"),
        *((a.code, f"Areas in {a.name}") for a in around),
        (WIDEN, "All areas"),
    ]


def _indicator_page(request: HttpRequest, actor: Actor, indicator: Indicator, slug: str) -> IndicatorPage:
    """The page's figures for the area, comparator, period and areas chosen in the query.

    Anything not on the lists makes the form invalid: the page then answers 400 with the error
    summary and shows what the valid choices and the defaults give."""
    context = summary_context(actor=actor)
    areas = context.candidates(None) if context.place is not None else []
    picked = only(request.GET, ("area", "comparator", "period", "within"))
    area_form = ChoiceOptionsForm(
        only(request.GET, ("area",)),
        options={"area": ("Area", [("", "Our place"), *((a.code, a.name) for a in areas)])},
    )
    area_code = area_form.value("area") if area_form.is_bound and area_form.is_valid() else ""
    area = next((a for a in areas if a.code == area_code), None)
    area_pk = area.pk if area is not None else None
    version = data_version(actor.partnership_id)

    def remembered(name: str, parts: tuple[Hashable, ...], build: Callable[[], T]) -> T:
        # The figures are the same for every reader: kept until the partnership's data changes.
        return cached(
            partnership_id=actor.partnership_id,
            name=name,
            parts=(indicator.pk, area_pk, *parts),
            build=build,
            version=version,
        )

    summary = remembered(
        "indicator-summary",
        (),
        lambda: indicator_summary(actor=actor, indicator=indicator, area=area, context=context),
    )
    series = remembered(
        "indicator-series",
        (),
        lambda: indicator_series(actor=actor, indicator=indicator, area=area, context=context),
    )
    periods = [p.period for p in reversed(series.points) if p.value is not None]
    form = ChoiceOptionsForm(
        picked,
        options={
            "area": ("Area", [("", "Our place"), *((a.code, a.name) for a in areas)]),
            "comparator": (
                "Compare areas with",
                [("", "Default"), *((s.slug, s.name) for s in context.specs)],
            ),
            "period": ("Period", [("", "Latest"), *((p, period_label(p)) for p in periods)]),
            "within": ("Areas compared", _within_choices(context, area)),
        },
        messages={"within": "Choose which areas to compare from the list"},
    )
    valid = form.is_valid() if form.is_bound else True
    period = form.value("period") if form.is_bound else ""
    comparator = form.value("comparator") if form.is_bound else ""
    within_code = form.value("within") if form.is_bound else ""
    start = area if area is not None else context.place
    within = None
    if start is not None and within_code not in ("", WIDEN):
        within = next((a for a in context.ancestors(start) if a.code == within_code), None)
    widen = within_code == WIDEN
    within_pk = within.pk if within is not None else None

    def figures() -> tuple[AreasCompared, list[ChartView]]:
        compared = areas_compared(
            actor=actor,
            indicator=indicator,
            area=area,
            period=period,
            within=within,
            widen=widen,
            comparator=comparator or None,
            context=context,
        )
        breakdowns = indicator_breakdowns(
            actor=actor, indicator=indicator, area=area, period=period, context=context
        )
        return compared, [trend_view(series), compare_view(compared), *breakdown_views(breakdowns)]

    compared, charts = remembered("indicator-figures", (period, within_pk, widen, comparator), figures)
    base = reverse("indicator-detail", args=[slug, indicator.slug]) + "data/"
    # Downloads give what the page shows: the same choices (the defaults when a choice was bad).
    query = picked.urlencode() if picked is not None and valid else ""
    for chart in charts:
        chart.with_downloads(base, query)
    return IndicatorPage(form, summary, charts, period or compared.period, compared)


@member_view
@require_GET
def indicator_detail(request: HttpRequest, slug: str, indicator: str) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    found = indicator_get(actor=actor, slug=indicator)
    built = _indicator_page(request, actor, found, slug)
    summary = built.summary
    latest = summary.latest
    targets = list(target_list(actor=actor, indicator=found, area=summary.area)) if summary.area else []
    target_rows = [
        {
            "target": t,
            "value_text": value_text(found, t.value, summary.decimals),
            "thresholds": rag_thresholds(
                target=t.value,
                polarity=found.polarity,
                tolerance=t.amber_tolerance,
                unit=found.unit,
                decimals=summary.decimals,
            ),
        }
        for t in targets
    ]
    charts = built.charts
    return page(
        request,
        "indicators/indicator_detail.html",
        partnership=partnership,
        actor=actor,
        status=200 if built.valid else 400,
        form=built.form,
        indicator=found,
        name=name_of(found),
        polarity=polarity_words(found.polarity),
        summary=summary,
        latest=latest,
        latest_text=value_text(found, latest.value, summary.decimals) if latest else "",
        latest_interval=interval_text(latest.lower95, latest.upper95, summary.decimals) if latest else "",
        comparisons=[
            {
                "comparison": c,
                "value_text": value_text(found, c.value, summary.decimals),
                "at95": significance_text(c.significance, c.name),
                "at998": significance_text(c.significance998, c.name),
            }
            for c in summary.comparisons
        ],
        trend=trend_words(summary.trend, summary.trend_assessment),
        trend_sentence=trend_sentence(summary.trend, summary.trend_assessment),
        trend_chart=charts[0],
        compare_chart=charts[1],
        breakdown_charts=charts[2:],
        period=built.period,
        compared=built.compared,
        target_rows=target_rows,
        has_charts=True,
    )


@member_view
@require_GET
def indicator_data(request: HttpRequest, slug: str, indicator: str, chart: str, fmt: str) -> HttpResponse:
    """A chart's figures for the same choices as the page (a bad choice answers 400)."""
    _partnership, actor = partnership_access(user=request.user, slug=slug)
    found = indicator_get(actor=actor, slug=indicator)
    built = _indicator_page(request, actor, found, slug)
    if not built.valid:
        return bad_download(built.form)
    chosen = chart_or_404(built.charts, chart)
    return table_download(chosen.table, fmt=fmt, name=f"{found.slug}-{chosen.key}")
