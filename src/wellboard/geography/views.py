"""Area pages: the partnership's places, one area's facts (what it lies in and contains, its
deprivation and population), and the coordinator's custom areas."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from wellboard.core.access import Actor
from wellboard.core.errors import InvalidInput
from wellboard.core.views import form_conflict, form_saved, form_status, member_view, section_pages
from wellboard.geography import codes as gss
from wellboard.geography.ages import ESP2013_BANDS
from wellboard.geography.forms import CustomAreaForm
from wellboard.geography.models import Area, AreaType, DeprivationEdition, Sex
from wellboard.geography.policy import (
    CHANGE_CUSTOM_AREAS,
    DEFINE_CUSTOM_AREAS,
    DELETE_CUSTOM_AREAS,
    geography_abilities,
)
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
from wellboard.partners.models import Partnership
from wellboard.partners.selectors import partnership_access

MAX_LISTED = 200


# Every area page gives its template what the actor may do to custom areas (``can``) for its links.
page = section_pages("areas", geography_abilities)


@member_view
@require_safe
def area_index(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    by_type: dict[str, list[Area]] = defaultdict(list)
    for area in areas_for_partnership(actor=actor).exclude(type=AreaType.CUSTOM):
        by_type[area.type].append(area)
    groups = [
        (AreaType(t).counted(len(by_type[t])), sorted(by_type[t], key=lambda a: a.name))
        for t in sorted(by_type, key=lambda t: gss.TYPE_RANK.get(t, 9))
    ]
    return page(
        request,
        "geography/area_index.html",
        partnership=partnership,
        actor=actor,
        groups=groups,
        custom_areas=custom_area_list(actor=actor),
    )


@member_view
@require_safe
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
    return page(
        request,
        "geography/area_detail.html",
        partnership=partnership,
        actor=actor,
        area=area,
        type_label=AreaType(area.type).label,
        upper_tier=area.is_upper_tier and area.type == AreaType.LTLA,
        parents=[] if area.is_custom else area_parents(area=area),
        children_by_type=children_by_type,
        deprivation=deprivation,
        totals=totals,
        age_year=age_year,
        population_rows=population_rows,
    )


def _custom_area_form(
    request: HttpRequest, partnership: Partnership, actor: Actor, form: CustomAreaForm, area: Area | None
) -> HttpResponse:
    return page(
        request,
        "geography/custom_area_form.html",
        partnership=partnership,
        actor=actor,
        form=form,
        area=area,
        status=form_status(request, form),
    )


@member_view
@require_http_methods(["GET", "POST"])
def custom_area_new(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    DEFINE_CUSTOM_AREAS.require(actor)
    form = CustomAreaForm(request.POST or None, new=True)
    saved = form_saved(
        request,
        form,
        lambda data: custom_area_create(by=actor, **form.cleaned_values()),
        done=lambda area: ("", reverse("area-detail", kwargs={"slug": slug, "code": area.code})),
    )
    return saved or _custom_area_form(request, partnership, actor, form, None)


@member_view
@require_http_methods(["GET", "POST"])
def custom_area_edit(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    area = custom_area_get(actor=actor, code=code)
    CHANGE_CUSTOM_AREAS.require(actor)
    initial = {
        "name": area.name,
        "member_codes": "\n".join(a.code for a in custom_area_members(area=area)),
        "description": area.description,
        "version": area.version,
    }
    form = CustomAreaForm(request.POST or None, initial=initial)
    back = reverse("area-detail", kwargs={"slug": slug, "code": area.code})
    saved = form_saved(
        request,
        form,
        lambda data: custom_area_update(
            by=actor, code=area.code, expected_version=data["version"], **form.cleaned_values()
        ),
        done=lambda _updated: ("", back),
        conflict=lambda error: form_conflict(
            request, error, form=form, current=area, fields=("name", "description"), back_url=back
        ),
    )
    return saved or _custom_area_form(request, partnership, actor, form, area)


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
    return page(
        request,
        "geography/custom_area_delete.html",
        partnership=partnership,
        actor=actor,
        area=area,
        error=error,
        status=400 if error else 200,
    )
