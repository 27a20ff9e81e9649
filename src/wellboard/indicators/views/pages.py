"""The indicator list, and the indicator page with its charts and their downloads."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from wellboard.core.access import Actor
from wellboard.core.cache import cached, conditional_page, data_version
from wellboard.core.page_bodies import PageBody, body_cached
from wellboard.core.periods import period_label
from wellboard.core.views import member_view
from wellboard.geography.models import Area
from wellboard.indicators.calculations import JUDGED_BY_PUBLISHER
from wellboard.indicators.calculations.summaries import (
    WITHIN_TYPES,
    AreasCompared,
    Comparison,
    IndicatorSummary,
    IndicatorViews,
    SummaryContext,
    indicator_summaries,
    summary_context,
)
from wellboard.indicators.forms import ChoiceOptionsForm, IndicatorFilterForm
from wellboard.indicators.models import Indicator, IndicatorKind
from wellboard.indicators.selectors import indicator_get, indicator_list
from wellboard.indicators.views._common import (
    SECTION,
    ChartView,
    bad_download,
    chart_or_404,
    only,
    page_body,
    table_download,
)
from wellboard.indicators.views._figures import page_basics, page_figures
from wellboard.indicators.views._reasons import first_comparison_reason, measure_change, trend_reason
from wellboard.indicators.views._words import (
    SignificanceText,
    TrendWords,
    compared_by,
    interval_text,
    significance_text,
    trend_sentence,
    trend_words,
    value_text,
)
from wellboard.indicators.views.measures import detail_context, measure_body, measure_data
from wellboard.partners.models import Partnership
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
    comparison_note: str = ""  # why the latest figure is not compared with the default comparator
    trend_note: str = ""  # why the recent trend could not be calculated
    change: str = ""  # a performance measure's change on the previous period


def list_row(summary: IndicatorSummary) -> ListRow:
    """One indicator of the list: a population indicator with its comparison and recent trend,
    each saying why when there is none; a performance measure with its change on the previous
    period (its RAG is in the summary)."""
    indicator, latest = summary.indicator, summary.latest
    first = summary.comparisons[0] if summary.comparisons else None
    return ListRow(
        indicator=indicator,
        summary=summary,
        latest_text=value_text(indicator, latest.value, summary.decimals) if latest else "",
        significance=(
            significance_text(first.significance, first.name, compared_by(first.judged_by, first.publisher))
            if latest and first
            else None
        ),
        trend=trend_words(summary.trend, summary.trend_assessment),
        comparison_note=first_comparison_reason(summary),
        trend_note=trend_reason(summary),
        change=measure_change(summary),
    )


@member_view
@require_GET
@conditional_page
def indicator_list_view(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    return body_cached(
        request,
        partnership=partnership,
        actor=actor,
        section=SECTION,
        name="indicator-list",
        build=lambda: _list_body(request, partnership, actor),
    )


def _list_body(request: HttpRequest, partnership: Partnership, actor: Actor) -> PageBody:
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
    table_html = (
        list_table(actor=actor, partnership=partnership, shown=shown, context=context) if shown else ""
    )
    return page_body(
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
        summaries=context,
    )


def list_table(
    *, actor: Actor, partnership: Partnership, shown: list[Indicator], context: SummaryContext
) -> str:
    """The list's table for the indicators shown: the costly part of the page and the same for
    every reader, so it is cached until the partnership's data next changes."""

    def table() -> str:
        summaries = indicator_summaries(actor=actor, indicators=shown, context=context)
        rows = [list_row(s) for s in summaries]
        table_context = {
            "partnership": partnership,
            "population_rows": [r for r in rows if r.indicator.kind == IndicatorKind.POPULATION],
            "measure_rows": [r for r in rows if r.indicator.kind != IndicatorKind.POPULATION],
            "comparator": context.default_comparator,
        }
        return render_to_string(TABLE_PARTIAL, table_context)

    return cached(
        partnership_id=partnership.pk,
        name="indicator-list-table",
        parts=tuple(i.pk for i in shown),
        build=table,
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
    views: IndicatorViews

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
    version = data_version(actor.partnership_id)
    summary, series, views = page_basics(actor, indicator, area, context, version)
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
    compared, charts = page_figures(
        actor,
        indicator,
        area,
        context,
        version,
        series=series,
        period=period,
        within=within,
        widen=widen,
        comparator=comparator,
    )
    base = reverse("indicator-detail", args=[slug, indicator.slug]) + "data/"
    # Downloads give what the page shows: the same choices (the defaults when a choice was bad).
    query = picked.urlencode() if picked is not None and valid else ""
    for chart in charts:
        chart.with_downloads(base, query)
    return IndicatorPage(form, summary, charts, period or compared.period, compared, views)


def published_notes(comparisons: list[Comparison]) -> list[str]:
    """For a figure without a confidence interval: who compared it with which comparators, and
    which it could not be compared with ([] when its publisher compared it with none)."""
    published = [c for c in comparisons if c.judged_by == JUDGED_BY_PUBLISHER]
    if not published:
        return []
    notes = []
    for publisher in sorted({c.publisher for c in published}):
        names = _names([c.name for c in published if c.publisher == publisher])
        notes.append(
            f"Compared by {publisher}: the comparison with {names} is the one {publisher} published with "
            "this figure. Wellboard could not test it because the figure has no confidence interval."
        )
    unjudged = [c.name for c in comparisons if c.judged_by == ""]
    if unjudged:
        one = len(unjudged) == 1
        notes.append(
            f"Not compared with {_names(unjudged)}: the figure has no confidence interval to test it "
            f"with, and its publisher did not compare it with {'this comparator' if one else 'these'}."
        )
    return notes


def _names(names: list[str]) -> str:
    """'England', 'England and Hertfordshire', 'England, Hertfordshire and the districts'."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


@member_view
@require_GET
@conditional_page
def indicator_detail(request: HttpRequest, slug: str, indicator: str) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)

    def build() -> PageBody:
        found = indicator_get(actor=actor, slug=indicator)
        if found.kind != IndicatorKind.POPULATION:
            return measure_body(request, partnership=partnership, actor=actor, indicator=found)
        return _detail_body(request, partnership, actor, found, slug)

    return body_cached(
        request, partnership=partnership, actor=actor, section=SECTION, name="indicator", build=build
    )


def _detail_body(
    request: HttpRequest, partnership: Partnership, actor: Actor, found: Indicator, slug: str
) -> PageBody:
    built = _indicator_page(request, actor, found, slug)
    summary = built.summary
    latest = summary.latest
    charts = built.charts
    # Comparators without a figure for the latest period are named once, not listed as "no data",
    # unless the figure's publisher compared it with them.
    published = [c for c in summary.comparisons if c.judged_by == JUDGED_BY_PUBLISHER]
    with_figure = [c for c in summary.comparisons if c.value is not None or c in published]
    without = [c.name for c in summary.comparisons if c not in with_figure]
    has_interval = latest is not None and latest.lower95 is not None and latest.upper95 is not None
    valued_points = [p for p in charts[0].table.rows if p.get("value") is not None]
    others = [r for r in built.compared.rows if r.value is not None and not r.highlight]
    return page_body(
        request,
        "indicators/indicator_detail.html",
        partnership=partnership,
        actor=actor,
        **detail_context(actor, found, form=built.form, valid=built.valid, summary=summary),
        latest_interval=interval_text(latest.lower95, latest.upper95, summary.decimals) if latest else "",
        has_interval=has_interval,
        comparisons=[
            {
                "comparison": c,
                "value_text": value_text(found, c.value, summary.decimals),
                "at95": significance_text(c.significance, c.name, compared_by(c.judged_by, c.publisher)),
                "at998": significance_text(c.significance998, c.name, compared_by(c.judged_by, c.publisher)),
            }
            for c in with_figure
        ],
        published_notes=[] if has_interval else published_notes(with_figure),
        not_compared=(
            f"{_names(without)} {'has' if len(without) == 1 else 'have'} no figure for "
            f"{period_label(latest.period)}, so {'it is' if len(without) == 1 else 'they are'} not compared."
            if without and latest is not None
            else ""
        ),
        trend=trend_words(summary.trend, summary.trend_assessment),
        trend_sentence=trend_sentence(summary.trend, summary.trend_assessment, trend_reason(summary)),
        trend_chart=charts[0] if len(valued_points) > 1 else None,
        single_period=period_label(latest.period) if latest is not None and len(valued_points) == 1 else "",
        compare_chart=charts[1] if others else None,
        compared=built.compared,
        breakdown_charts=charts[2:],
        period=built.period,
        views=built.views,
    )


@member_view
@require_GET
@conditional_page
def indicator_data(request: HttpRequest, slug: str, indicator: str, chart: str, fmt: str) -> HttpResponse:
    """A chart's figures for the same choices as the page (a bad choice answers 400)."""
    _partnership, actor = partnership_access(user=request.user, slug=slug)
    found = indicator_get(actor=actor, slug=indicator)
    if found.kind != IndicatorKind.POPULATION:
        return measure_data(request, actor=actor, indicator=found, slug=slug, chart=chart, fmt=fmt)
    built = _indicator_page(request, actor, found, slug)
    if not built.valid:
        return bad_download(built.form)
    chosen = chart_or_404(built.charts, chart)
    return table_download(chosen.table, fmt=fmt, name=f"{found.slug}-{chosen.key}")
