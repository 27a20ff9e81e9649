"""Indicators across places: an area's profile (spine chart) and the tartan rug."""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET

from wellboard.core.access import Actor
from wellboard.core.cache import cached
from wellboard.core.errors import NotFound
from wellboard.core.page_bodies import PageBody, body_cached
from wellboard.core.periods import period_label
from wellboard.core.views import member_view
from wellboard.geography.models import Area, AreaType
from wellboard.indicators.calculations import JUDGED_BY_PUBLISHER, NOT_COMPARED
from wellboard.indicators.calculations.summaries import (
    SummaryContext,
    TartanRug,
    area_profile,
    summary_context,
    tartan_rug,
)
from wellboard.indicators.forms import ChoiceOptionsForm
from wellboard.indicators.models import IndicatorKind
from wellboard.indicators.selectors import area_get, areas_within, home_area, indicator_list
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
from wellboard.indicators.views._present import RugView, benchmark_texts, rug_view, spine_view
from wellboard.indicators.views._words import name_of
from wellboard.partners.selectors import partnership_access

# ---------------------------------------------------------------- area profile


def _profile_area(actor: Actor, code: str) -> Area:
    area = area_get(actor=actor, code=code)
    if area is None:
        raise NotFound("area")
    return area


def profile_figures(
    actor: Actor, area: Area, context: SummaryContext, *, version: str | None = None
) -> tuple[ChartView, list[str], int, list[str]]:
    """The spine chart, the indicators with no range of areas to set the area against (only the
    area itself has a figure among comparable areas), how many indicators there are, and who
    published the comparisons of the figures Wellboard could not test. ``version``: as ``cached``
    takes it (the background refresh passes the version it read first)."""
    # Population indicators only: performance measures describe an initiative, not a place, and
    # have no spread of areas in England to set them against.
    population = list(indicator_list(actor=actor, kind=IndicatorKind.POPULATION))

    def build() -> tuple[ChartView, list[str], int, list[str]]:
        profile = area_profile(actor=actor, area=area, indicators=population, context=context)
        alone = [name_of(r.indicator) for r in profile.rows if r.areas <= 1]
        publishers = sorted({r.publisher for r in profile.rows if r.judged_by == JUDGED_BY_PUBLISHER})
        return spine_view(profile), alone, len(profile.rows), publishers

    # The same for every reader who sees these indicators, and costly at the size of England (every
    # district's figures for every indicator): kept until the partnership's data next changes, and
    # computed ahead for the partnership's own place by the background refresh.
    return cached(
        partnership_id=actor.partnership_id,
        name="area-profile",
        parts=(area.pk, *(indicator.pk for indicator in population)),
        build=build,
        version=version,
    )


@member_view
@require_GET
def area_profile_home(request: HttpRequest, slug: str) -> HttpResponse:
    """The profile of the partnership's own place."""
    partnership, actor = partnership_access(user=request.user, slug=slug)
    place = home_area(actor=actor)
    if place is not None:
        return redirect("area-profile", slug, place.code)
    return page(
        request,
        "indicators/area_profile.html",
        partnership=partnership,
        actor=actor,
        area=None,
        chart=None,
        has_charts=False,
    )


@member_view
@require_GET
def area_profile_view(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)

    def build() -> PageBody:
        area = _profile_area(actor, code)
        context = summary_context(actor=actor)
        chart, alone, shown, publishers = profile_figures(actor, area, context)
        chart.with_downloads(reverse("area-profile", args=[slug, area.code]) + "data/")
        return page_body(
            request,
            "indicators/area_profile.html",
            partnership=partnership,
            actor=actor,
            area=area,
            chart=chart,
            alone=alone,
            shown=shown,
            publishers=publishers,
            has_charts=True,
            summaries=context,
        )

    return body_cached(
        request, partnership=partnership, actor=actor, section=SECTION, name="area-profile", build=build
    )


@member_view
@require_GET
def area_profile_data(request: HttpRequest, slug: str, code: str, chart: str, fmt: str) -> HttpResponse:
    _partnership, actor = partnership_access(user=request.user, slug=slug)
    area = _profile_area(actor, code)
    chosen = chart_or_404([profile_figures(actor, area, summary_context(actor=actor))[0]], chart)
    return table_download(chosen.table, fmt=fmt, name=f"{area.code}-profile")


# ---------------------------------------------------------------- tartan rug

RUG_AREAS = [("", "County and its districts"), ("wards", "Wards of our place")]


@dataclass
class RugPage:
    form: ChoiceOptionsForm
    rug: TartanRug
    view: RugView
    benchmarks: list[str]
    query: str
    left_out: list[str]  # indicators with a figure for one of the areas only
    context: SummaryContext

    @property
    def valid(self) -> bool:
        return not self.form.is_bound or self.form.is_valid()


def _rug(request: HttpRequest, actor: Actor) -> RugPage:
    """The rug for the areas and period chosen. A choice not on the lists makes the form invalid
    (400 with the error summary); the rug then shows the defaults for it."""
    context = summary_context(actor=actor)
    picked = only(request.GET, ("areas", "period"))
    areas_form = ChoiceOptionsForm(only(request.GET, ("areas",)), options={"areas": ("Areas", RUG_AREAS)})
    choice = areas_form.value("areas") if areas_form.is_bound and areas_form.is_valid() else ""
    areas = None
    if choice == "wards":
        place = context.place
        areas = areas_within(parent=place, type=AreaType.WARD) if place is not None else []
    asked = picked.get("period", "") if picked is not None else ""
    # Population indicators only: a performance measure describes an initiative, not a place.
    population = list(indicator_list(actor=actor, kind=IndicatorKind.POPULATION))
    rug = tartan_rug(actor=actor, indicators=population, areas=areas, period=asked, context=context)
    form = ChoiceOptionsForm(
        picked,
        options={
            "areas": ("Areas", RUG_AREAS),
            "period": (
                "Period",
                [("", "Latest for each indicator"), *((p, period_label(p)) for p in rug.periods)],
            ),
        },
    )
    if form.is_bound and not form.is_valid() and "period" in form.errors:
        rug = tartan_rug(actor=actor, indicators=population, areas=areas, context=context)
    query = picked.urlencode() if picked is not None and form.is_valid() else ""
    rug, left_out = _across_areas(rug)
    return RugPage(form, rug, rug_view(rug), benchmark_texts(rug), query, left_out, context)


def _across_areas(rug: TartanRug) -> tuple[TartanRug, list[str]]:
    """The rug without the indicators that have a figure for one of its areas only (a column of
    "no data" compares nothing), and those indicators' names, to say once why they are not shown."""
    kept, left_out = [], []
    for column in rug.columns:
        slug = column.indicator.slug
        valued = sum(
            1 for code, _ in rug.areas if (cell := rug.cells.get((code, slug))) and cell.value is not None
        )
        if valued > 1:
            kept.append(column)
        else:
            left_out.append(name_of(column.indicator))
    slugs = {c.indicator.slug for c in kept}
    cells = {key: cell for key, cell in rug.cells.items() if key[1] in slugs}
    return replace(rug, columns=tuple(kept), cells=cells), left_out


def _not_compared(rug: TartanRug) -> list[str]:
    """The columns none of whose figures could be compared with the comparator, each with why:
    'Adults who smoke (England has no figure for 2012)'."""
    found = []
    comparator = rug.benchmark_name or "the comparator"
    for column in rug.columns:
        figures = [
            cell
            for code, _ in rug.areas
            if (cell := rug.cells.get((code, column.indicator.slug))) is not None and cell.value is not None
        ]
        if not figures or any(f.significance != NOT_COMPARED for f in figures):
            continue
        if column.benchmark_value is None:
            why = f"{comparator} has no figure for {period_label(column.period)}"
        else:
            why = "its figures have no confidence intervals"
        found.append(f"{name_of(column.indicator)} ({why})")
    return found


@member_view
@require_GET
def tartan_rug_view(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    built = _rug(request, actor)
    base = reverse("indicator-rug", args=[slug]) + "data/rug"
    suffix = f"?{built.query}" if built.query else ""
    return page(
        request,
        "indicators/tartan_rug.html",
        partnership=partnership,
        actor=actor,
        status=200 if built.valid else 400,
        form=built.form,
        rug=built.view,
        period=built.rug.period,
        header=list(zip(built.view.columns, built.benchmarks, strict=True)),
        left_out=built.left_out,
        not_compared=_not_compared(built.rug),
        summaries=built.context,
        csv_url=f"{base}.csv{suffix}",
        json_url=f"{base}.json{suffix}",
        has_charts=False,
    )


@member_view
@require_GET
def tartan_rug_data(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    _partnership, actor = partnership_access(user=request.user, slug=slug)
    built = _rug(request, actor)
    if not built.valid:
        return bad_download(built.form)
    return table_download(built.view.table, fmt=fmt, name="tartan-rug")
