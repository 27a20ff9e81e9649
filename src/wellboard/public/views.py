"""The public site of a partnership that publishes: pages and open data anyone can read without
signing in, at ``/public/<partnership>/``.

A partnership that does not publish answers 404 at every address here, as an unknown one does.
Every response is the same for every reader: it is rendered without the person's session (no
sign-in link state, no messages), kept in the page cache under the partnership's data version
(``core/cache.py``, ADR 0009) and sent with ``Cache-Control: public`` and an ETag made from that
version, so browsers and shared caches may keep it and revalidate cheaply (304) until the
partnership's data changes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import quote_etag
from django.utils.text import slugify
from django.views.decorators.http import require_safe

import wellboard
from wellboard.charts.reach import ReachPoint, reach_chart
from wellboard.charts.significance import significance_label
from wellboard.core.cache import cached, data_version
from wellboard.core.clock import today
from wellboard.core.errors import NotFound
from wellboard.core.periods import period_label
from wellboard.indicators.calculations.published import PublicSeries
from wellboard.indicators.calculations.summaries import AreasCompared, summary_context
from wellboard.indicators.views._common import ChartView
from wellboard.indicators.views._present import compare_view, trend_view, value_text
from wellboard.partners.models import Partnership
from wellboard.public.calculations import (
    MeasureReach,
    public_compared,
    public_reach,
    public_series,
)
from wellboard.public.exporters import DATASETS, as_csv, as_json, datapackage, dataset_get, public_rows
from wellboard.public.selectors import (
    live_strategies,
    live_strategy,
    public_actor,
    public_edition_file,
    public_editions,
    public_indicator,
    public_indicators,
    public_partnership,
    public_tree,
    reach_measures,
    report_files_state,
)
from wellboard.publishing.disclosure import rule_for
from wellboard.reports.models import ReportKind
from wellboard.reports.renderers import FORMATS

MAX_AGE = 300  # seconds a browser or shared cache may reuse a page before revalidating with its ETag


@dataclass(frozen=True)
class Body:
    content: bytes
    content_type: str
    filename: str = ""
    disposition: str = "inline"


Builder = Callable[[Partnership], Body]


def _etag(partnership: Partnership, path: str, state: str) -> str:
    # The data version changes with every write to the partnership (and with shared geography);
    # the date because overdue milestones move with the calendar; the release because templates do;
    # ``state`` for what else the page shows that changes without a write (files being made).
    seed = f"{data_version(partnership.pk)}|{today().isoformat()}|{wellboard.__version__}|{path}|{state}"
    return quote_etag(hashlib.sha256(seed.encode()).hexdigest()[:32])


def _public(
    request: HttpRequest,
    slug: str,
    name: str,
    build: Builder,
    *,
    keep: bool = True,
    state: Callable[[Partnership], str] | None = None,
) -> HttpResponse:
    """The public response for ``request.path``: 404 unless the partnership publishes; 304 when the
    reader already holds this version; otherwise the body, from the cache when ``keep`` (files that
    are large and already stored, such as reports, are read afresh instead). ``state`` gives what
    else the body depends on that changes without an edit (it joins the ETag and the cache key)."""
    try:
        partnership = public_partnership(slug=slug)
    except NotFound as error:
        raise Http404(str(error)) from error
    current = state(partnership) if state is not None else ""
    etag = _etag(partnership, request.path, current)
    if etag in [t.strip() for t in request.headers.get("If-None-Match", "").split(",")]:
        response: HttpResponse = HttpResponseNotModified()
    else:
        body = (
            cached(
                partnership_id=partnership.pk,
                name=f"public-{name}",
                parts=(request.path, current),
                build=lambda: build(partnership),
            )
            if keep
            else build(partnership)
        )
        response = HttpResponse(body.content, content_type=body.content_type)
        if body.filename:
            response["Content-Disposition"] = f'{body.disposition}; filename="{body.filename}"'
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={MAX_AGE}"
    return response


def _page(template: str, partnership: Partnership, **context: Any) -> Body:
    html = render_to_string(
        template,
        {
            "partnership": partnership,
            "site_version": wellboard.__version__,
            "strategies": list(live_strategies(partnership=partnership)),
            **context,
        },
    )
    return Body(html.encode(), "text/html; charset=utf-8")


def _rule_text(partnership: Partnership) -> str:
    return rule_for(partnership.disclosure_rule).description


# ---------------------------------------------------------------- pages


@require_safe
def public_home(request: HttpRequest, slug: str) -> HttpResponse:
    def build(partnership: Partnership) -> Body:
        return _page("public/home.html", partnership, section="home")

    return _public(request, slug, "home", build)


@require_safe
def public_strategy(request: HttpRequest, slug: str, strategy: str) -> HttpResponse:
    def build(partnership: Partnership) -> Body:
        found = live_strategy(partnership=partnership, slug=strategy)
        return _page(
            "public/strategy.html",
            partnership,
            section="strategy",
            strategy=found,
            tree=public_tree(strategy=found),
        )

    return _not_found_as_404(lambda: _public(request, slug, "strategy", build))


@dataclass(frozen=True)
class IndicatorRow:
    indicator: Any
    latest: str
    period: str
    compared: str


def _latest(disclosed: PublicSeries) -> tuple[str, str, str]:
    """The latest period's figure as text, its period and how it compares ("" when none)."""
    series = disclosed.series
    for point, hidden in zip(reversed(series.points), reversed(disclosed.suppressed), strict=True):
        if hidden:
            return "Withheld (small number)", period_label(point.period), ""
        if point.value is not None:
            return (
                value_text(series.indicator, point.value, series.decimals),
                period_label(point.period),
                significance_label(point.significance) if point.significance else "",
            )
    return "", "", ""


@require_safe
def public_indicator_list(request: HttpRequest, slug: str) -> HttpResponse:
    def build(partnership: Partnership) -> Body:
        actor = public_actor(partnership)
        context = summary_context(actor=actor)
        rows = []
        for indicator in public_indicators(partnership=partnership):
            disclosed = public_series(
                actor=actor, partnership=partnership, indicator=indicator, context=context
            )
            latest, period, compared = _latest(disclosed)
            rows.append(IndicatorRow(indicator, latest, period, compared))
        return _page(
            "public/indicator_list.html",
            partnership,
            section="indicators",
            rows=rows,
            comparator=context.default_comparator,
            rule=_rule_text(partnership),
        )

    return _public(request, slug, "indicators", build)


@require_safe
def public_indicator_detail(request: HttpRequest, slug: str, indicator: str) -> HttpResponse:
    def build(partnership: Partnership) -> Body:
        found = public_indicator(partnership=partnership, slug=indicator)
        actor = public_actor(partnership)
        context = summary_context(actor=actor)
        disclosed = public_series(actor=actor, partnership=partnership, indicator=found, context=context)
        latest, period, compared = _latest(disclosed)
        chart = trend_view(disclosed.series)
        areas = public_compared(actor=actor, partnership=partnership, indicator=found, context=context)
        others = [r for r in areas.rows if r.value is not None and not r.highlight]
        return _page(
            "public/indicator_detail.html",
            partnership,
            section="indicators",
            indicator=found,
            chart=chart,
            compare_chart=_public_compare(areas) if others else None,
            latest=latest,
            period=period,
            compared=compared,
            comparator=disclosed.series.comparator,
            any_suppressed=any(disclosed.suppressed),
            rule=_rule_text(partnership),
        )

    return _not_found_as_404(lambda: _public(request, slug, "indicator", build))


def _public_compare(areas: AreasCompared) -> ChartView:
    """The internal page's areas-compared chart; its words without the page's choices, which the
    public page does not offer."""
    within = f" Only areas in {areas.within.name} are shown." if areas.within is not None else ""
    against = areas.benchmark_name or "the comparator"
    intro = f"{period_label(areas.period)}. Areas sorted by value, each compared with {against}.{within}"
    return replace(compare_view(areas), intro=intro)


def _figure(value: float | None, reach: MeasureReach) -> str:
    if value is None:
        return ""
    measure = reach.measure
    if measure.kind.has_denominator:
        unit = "%" if measure.multiplier == 100 else f" per {measure.multiplier:,}"
        return f"{value:,.1f}{unit}"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def _reach_section(index: int, reach: MeasureReach) -> dict[str, Any]:
    measure = reach.measure
    spec = reach_chart(
        title=measure.label,
        subtitle=measure.collection.name,
        unit=measure.unit or ("%" if measure.kind.has_denominator else ""),
        points=[ReachPoint(r.period_label, r.start, r.value, r.cumulative) for r in reach.rows],
        running_total=reach.additive,
    )
    latest = reach.latest
    total = None if latest is None else (latest.cumulative if reach.additive else latest.value)
    # Bars with no published figure at all would be an empty picture (and an unlabelled graphic
    # to a screen reader); the table and the total say what there is.
    drawn = any(r.value is not None for r in reach.rows)
    return {
        "reach": reach,
        "chart_id": f"reach-chart-{index}",
        "spec": spec if drawn else None,
        "total": _figure(total, reach),
        "rows": [
            {
                "period": r.period_label,
                "value": "Withheld" if r.suppressed and r.value is None else _figure(r.value, reach),
                "cumulative": _figure(r.cumulative, reach),
                "limits": f"{r.lower95:,.1f} to {r.upper95:,.1f}"
                if r.lower95 is not None and r.upper95 is not None
                else "",
            }
            for r in reach.rows
        ],
    }


@require_safe
def public_reach_view(request: HttpRequest, slug: str) -> HttpResponse:
    def build(partnership: Partnership) -> Body:
        reaches = public_reach(partnership=partnership, measures=reach_measures(partnership=partnership))
        sections: dict[int, dict[str, Any]] = {}
        for index, reach in enumerate(reaches):
            section = sections.setdefault(
                reach.initiative.pk, {"initiative": reach.initiative, "measures": []}
            )
            section["measures"].append(_reach_section(index, reach))
        return _page(
            "public/reach.html",
            partnership,
            section="reach",
            sections=list(sections.values()),
            rule=_rule_text(partnership),
        )

    return _public(request, slug, "reach", build)


@require_safe
def public_accessibility(request: HttpRequest, slug: str) -> HttpResponse:
    def build(partnership: Partnership) -> Body:
        return _page("public/accessibility.html", partnership, section="accessibility")

    return _public(request, slug, "accessibility", build)


# ---------------------------------------------------------------- open data


@require_safe
def public_data(request: HttpRequest, slug: str) -> HttpResponse:
    def build(partnership: Partnership) -> Body:
        return _page(
            "public/data.html",
            partnership,
            section="data",
            datasets=list(DATASETS.values()),
            rule=_rule_text(partnership),
        )

    return _public(request, slug, "data", build)


@require_safe
def public_datapackage(request: HttpRequest, slug: str) -> HttpResponse:
    def build(partnership: Partnership) -> Body:
        home = request.build_absolute_uri(reverse("public-home", args=[partnership.slug]))
        package = datapackage(partnership=partnership, home_url=home)
        return Body(json.dumps(package, indent=1).encode(), "application/json")

    return _public(request, slug, "datapackage", build)


@require_safe
def public_dataset(request: HttpRequest, slug: str, dataset: str, fmt: str) -> HttpResponse:
    found = dataset_get(dataset)
    if found is None or fmt not in ("csv", "json"):
        raise Http404("dataset")

    def build(partnership: Partnership) -> Body:
        rows = public_rows(found, partnership)
        if fmt == "csv":
            return Body(as_csv(found, rows).encode(), "text/csv; charset=utf-8", f"{found.name}.csv")
        return Body(
            as_json(found, rows, partnership=partnership).encode(), "application/json", f"{found.name}.json"
        )

    return _public(request, slug, f"dataset-{fmt}", build)


# ---------------------------------------------------------------- published reports


@require_safe
def public_reports(request: HttpRequest, slug: str) -> HttpResponse:
    def build(partnership: Partnership) -> Body:
        return _page(
            "public/reports.html",
            partnership,
            section="reports",
            editions=public_editions(partnership=partnership),
            formats=FORMATS,
        )

    return _public(
        request, slug, "reports", build, state=lambda partnership: report_files_state(partnership=partnership)
    )


@require_safe
def public_report_download(
    request: HttpRequest, slug: str, report: int, number: int, fmt: str
) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404("format")
    spec = FORMATS[fmt]

    def build(partnership: Partnership) -> Body:
        found = public_edition_file(partnership=partnership, report_id=report, number=number, fmt=fmt)
        made = found.edition.report
        period = made.period.replace("/", "-")
        name = slugify(f"{partnership.slug} {ReportKind(made.kind).label} {period} edition {number}")
        return Body(bytes(found.content), spec.content_type, f"{name}.{spec.extension}", "attachment")

    return _not_found_as_404(lambda: _public(request, slug, "report-file", build, keep=False))


def _not_found_as_404(respond: Callable[[], HttpResponse]) -> HttpResponse:
    try:
        return respond()
    except NotFound as error:
        raise Http404(str(error)) from error
