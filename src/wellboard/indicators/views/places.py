"""Indicators across places: an area's profile (spine chart) and the tartan rug."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET

from wellboard.core.access import Actor
from wellboard.core.errors import NotFound
from wellboard.core.periods import period_label
from wellboard.core.views import member_view
from wellboard.geography.models import Area, AreaType
from wellboard.indicators.calculations.summaries import TartanRug, area_profile, summary_context, tartan_rug
from wellboard.indicators.forms import ChoiceOptionsForm
from wellboard.indicators.models import IndicatorKind
from wellboard.indicators.selectors import area_get, areas_within, home_area, indicator_list
from wellboard.indicators.views._common import (
    ChartView,
    bad_download,
    chart_or_404,
    only,
    page,
    table_download,
)
from wellboard.indicators.views._present import RugView, benchmark_texts, rug_view, spine_view
from wellboard.partners.selectors import partnership_access

# ---------------------------------------------------------------- area profile


def _profile_area(actor: Actor, code: str) -> Area:
    area = area_get(actor=actor, code=code)
    if area is None:
        raise NotFound("area")
    return area


def _profile_chart(actor: Actor, area: Area) -> ChartView:
    # Population indicators only: performance measures describe an initiative, not a place, and
    # have no spread of areas in England to set them against.
    population = list(indicator_list(actor=actor, kind=IndicatorKind.POPULATION))
    context = summary_context(actor=actor)
    return spine_view(area_profile(actor=actor, area=area, indicators=population, context=context))


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
    area = _profile_area(actor, code)
    chart = _profile_chart(actor, area)
    chart.with_downloads(reverse("area-profile", args=[slug, area.code]) + "data/")
    return page(
        request,
        "indicators/area_profile.html",
        partnership=partnership,
        actor=actor,
        area=area,
        chart=chart,
        has_charts=True,
    )


@member_view
@require_GET
def area_profile_data(request: HttpRequest, slug: str, code: str, chart: str, fmt: str) -> HttpResponse:
    _partnership, actor = partnership_access(user=request.user, slug=slug)
    area = _profile_area(actor, code)
    chosen = chart_or_404([_profile_chart(actor, area)], chart)
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
    rug = tartan_rug(actor=actor, areas=areas, period=asked, context=context)
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
        rug = tartan_rug(actor=actor, areas=areas, context=context)
    query = picked.urlencode() if picked is not None and form.is_valid() else ""
    return RugPage(form, rug, rug_view(rug), benchmark_texts(rug), query)


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
