"""Area pages: the partnership's places, one area's facts (what it lies in and contains, its
deprivation and population), and the coordinator's custom areas."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from wellboard.core.errors import Conflict, InvalidInput
from wellboard.core.views import member_view, render_conflict
from wellboard.geography import codes as gss
from wellboard.geography.ages import ESP2013_BANDS
from wellboard.geography.forms import CustomAreaForm
from wellboard.geography.models import Area, AreaType, DeprivationEdition, Sex
from wellboard.geography.policy import CHANGE_CUSTOM_AREAS, DEFINE_CUSTOM_AREAS, DELETE_CUSTOM_AREAS
from wellboard.geography.selectors import (
    area_children,
    area_get,
    area_parents,
    areas_for_partnership,
    custom_area_get,
    custom_area_list,
    custom_area_members,
    deprivation_for,
    population_esp_bands,
    population_for,
    population_years,
)
from wellboard.geography.services import custom_area_create, custom_area_delete, custom_area_update
from wellboard.partners.selectors import partnership_access

SECTION = "areas"
MAX_LISTED = 200


@member_view
def area_index(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    by_type: dict[str, list[Area]] = defaultdict(list)
    for area in areas_for_partnership(actor=actor).exclude(type=AreaType.CUSTOM):
        by_type[area.type].append(area)
    groups = [
        (AreaType(t).counted(len(by_type[t])), sorted(by_type[t], key=lambda a: a.name))
        for t in sorted(by_type, key=lambda t: gss.TYPE_RANK.get(t, 9))
    ]
    return render(
        request,
        "geography/area_index.html",
        {
            "partnership": partnership,
            "actor": actor,
            "section": SECTION,
            "groups": groups,
            "custom_areas": custom_area_list(actor=actor),
        },
    )


@member_view
def area_detail(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    area = area_get(code=code, actor=actor)
    children_by_type: list[tuple[str, int, list[Area]]] = []
    if area.is_custom:
        members = list(custom_area_members(area=area))
        children_by_type.append(("Made of", len(members), members))
    else:
        inside = area_children(area=area)
        counts = dict(inside.order_by().values_list("type").annotate(n=Count("id")).values_list("type", "n"))
        for area_type in sorted(counts, key=lambda t: gss.TYPE_RANK.get(t, 9)):
            listed = list(inside.filter(type=area_type).only("code", "name", "type")[:MAX_LISTED])
            count = counts[area_type]
            children_by_type.append((AreaType(area_type).counted(count), count, listed))
    deprivation = [
        (DeprivationEdition(edition).label, figure)
        for edition in DeprivationEdition.values
        if (figure := deprivation_for(areas=[area], edition=edition).get(area.code)) is not None
    ]
    sexes = [Sex.PERSONS, Sex.FEMALES, Sex.MALES]
    totals = []
    age_year: int | None = None
    population_rows: list[tuple[str, list[int | None]]] = []
    for year in population_years(area=area):
        totals.append((year, [population_for(areas=[area], year=year, sex=s).get(area.code) for s in sexes]))
        if age_year is None:
            by_sex = {s: population_esp_bands(areas=[area], year=year, sex=s).get(area.code) for s in sexes}
            if any(by_sex.values()):
                age_year = year
                population_rows = [
                    (band.label, [bands[i] if (bands := by_sex[s]) else None for s in sexes])
                    for i, band in enumerate(ESP2013_BANDS)
                ]
    return render(
        request,
        "geography/area_detail.html",
        {
            "partnership": partnership,
            "actor": actor,
            "section": SECTION,
            "area": area,
            "type_label": AreaType(area.type).label,
            "upper_tier": area.is_upper_tier and area.type == AreaType.LTLA,
            "parents": [] if area.is_custom else area_parents(area=area),
            "children_by_type": children_by_type,
            "deprivation": deprivation,
            "totals": totals,
            "age_year": age_year,
            "population_rows": population_rows,
        },
    )


@member_view
@require_http_methods(["GET", "POST"])
def custom_area_new(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    DEFINE_CUSTOM_AREAS.require(actor)
    form = CustomAreaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            area = custom_area_create(
                by=actor,
                name=form.cleaned_data["name"],
                member_codes=form.cleaned_data["member_codes"],
                description=form.cleaned_data["description"],
            )
        except InvalidInput as exc:
            form.add_service_errors(exc.errors)
        else:
            return redirect("area-detail", slug=slug, code=area.code)
    return render(
        request,
        "geography/custom_area_form.html",
        {"partnership": partnership, "actor": actor, "section": SECTION, "form": form, "area": None},
        status=400 if request.method == "POST" else 200,
    )


@member_view
@require_http_methods(["GET", "POST"])
def custom_area_edit(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    area = custom_area_get(actor=actor, code=code)
    CHANGE_CUSTOM_AREAS.require(actor)
    members = "\n".join(a.code for a in custom_area_members(area=area))
    initial = {
        "name": area.name,
        "member_codes": members,
        "description": area.description,
        "version": area.version,
    }
    form = CustomAreaForm(request.POST or None, initial=initial)
    back = reverse("area-detail", kwargs={"slug": slug, "code": area.code})
    if request.method == "POST" and form.is_valid():
        try:
            custom_area_update(
                by=actor,
                code=area.code,
                expected_version=form.cleaned_data["version"],
                name=form.cleaned_data["name"],
                member_codes=form.cleaned_data["member_codes"],
                description=form.cleaned_data["description"],
            )
        except Conflict as exc:
            current = custom_area_get(actor=actor, code=code)
            return render_conflict(
                request,
                exc,
                back_url=back,
                submitted={
                    "name": form.cleaned_data["name"],
                    "description": form.cleaned_data["description"],
                },
                current={"name": current.name, "description": current.description},
            )
        except InvalidInput as exc:
            form.add_service_errors(exc.errors)
        else:
            return redirect(back)
    return render(
        request,
        "geography/custom_area_form.html",
        {"partnership": partnership, "actor": actor, "section": SECTION, "form": form, "area": area},
        status=400 if request.method == "POST" else 200,
    )


@member_view
@require_http_methods(["GET", "POST"])
def custom_area_remove(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    area = custom_area_get(actor=actor, code=code)
    DELETE_CUSTOM_AREAS.require(actor)
    error = ""
    if request.method == "POST":
        try:
            custom_area_delete(by=actor, code=area.code)
        except InvalidInput as exc:
            error = str(exc)
        else:
            return redirect("area-index", slug=slug)
    return render(
        request,
        "geography/custom_area_delete.html",
        {"partnership": partnership, "actor": actor, "section": SECTION, "area": area, "error": error},
        status=400 if error else 200,
    )
