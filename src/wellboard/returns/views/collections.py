"""Collections: the list, setting one up, its measures, and its completeness grid."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from wellboard.core.clock import today
from wellboard.core.errors import NotFound
from wellboard.core.views import form_conflict, form_saved, history_response, member_view
from wellboard.partners.selectors import organisation_list
from wellboard.returns.calculations import completeness
from wellboard.returns.forms import CollectionForm, MeasureForm
from wellboard.returns.policy import CHANGE_COLLECTION, CHANGE_MEASURES, SEE_REMINDERS, SET_UP_COLLECTION
from wellboard.returns.selectors import (
    collection_get,
    collection_list,
    measure_choices,
    measure_get,
    measure_list,
    reminders_sent,
    return_list_for_contributor,
    returns_awaiting_approval,
    sees_all_returns,
)
from wellboard.returns.services import collection_create, collection_update, measure_create, measure_update
from wellboard.returns.views._common import access, page, version_of

COLLECTION_FORM = "returns/collection_form.html"
MEASURE_FORM = "returns/measure_form.html"


@member_view
@require_safe
def returns_home(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, actor = access(request, slug)
    collections = list(collection_list(actor=actor).prefetch_related("measures", "organisations"))
    context = page(
        partnership,
        actor,
        collections=collections,
        to_do=return_list_for_contributor(actor=actor, today=today()),
        awaiting=list(returns_awaiting_approval(actor=actor)[:50]),
    )
    return render(request, "returns/home.html", context)


def _form_page(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    """A collection or measure form; 400 when a submitted one comes back with its errors."""
    return render(request, template, context, status=400 if request.method == "POST" else 200)


@member_view
@require_http_methods(["GET", "POST"])
def collection_new(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, actor = access(request, slug)
    if not SET_UP_COLLECTION.allows(actor):
        raise NotFound("page")
    form = CollectionForm(request.POST or None, organisations=list(organisation_list(actor=actor)), new=True)
    saved = form_saved(
        request,
        form,
        lambda data: collection_create(by=actor, **form.set_up_values()),
        done=lambda created: (
            f"Collection '{created.name}' set up. Now add its measures.",
            reverse("collection-detail", args=[slug, created.slug]),
        ),
    )
    return saved or _form_page(request, COLLECTION_FORM, page(partnership, actor, form=form, collection=None))


@member_view
@require_http_methods(["GET", "POST"])
def collection_edit(request: HttpRequest, slug: str, collection: str) -> HttpResponse:
    partnership, actor = access(request, slug)
    current = collection_get(actor=actor, slug=collection)
    if not CHANGE_COLLECTION.allows(actor):
        raise NotFound("page")
    form = CollectionForm(
        request.POST or None,
        organisations=list(organisation_list(actor=actor)),
        initial=CollectionForm.initial_for(current),
    )
    saved = form_saved(
        request,
        form,
        lambda data: collection_update(
            by=actor, collection=current, expected_version=version_of(request), **form.cleaned_values()
        ),
        done=lambda updated: (
            f"Collection '{updated.name}' saved",
            reverse("collection-detail", args=[slug, updated.slug]),
        ),
        conflict=lambda error: form_conflict(
            request, error, form=form, current=current, fields=("name",), back_url=request.path
        ),
    )
    return saved or _form_page(
        request, COLLECTION_FORM, page(partnership, actor, form=form, collection=current)
    )


@member_view
@require_safe
def collection_detail(request: HttpRequest, slug: str, collection: str) -> HttpResponse:
    partnership, actor = access(request, slug)
    current = collection_get(actor=actor, slug=collection)
    grid = completeness(collection=current, today=today())
    openable = set()
    if sees_all_returns(actor):
        openable = {row.organisation.pk for row in grid.rows}
    else:
        openable = {row.organisation.pk for row in grid.rows if row.organisation.pk in actor.organisation_ids}
    context = page(
        partnership,
        actor,
        collection=current,
        measures=measure_list(collection=current),
        grid=grid,
        counts=grid.counts(),
        openable=openable,
        reminders=list(reminders_sent(actor=actor, collection=current)[:20])
        if SEE_REMINDERS.allows(actor)
        else [],
    )
    return render(request, "returns/collection_detail.html", context)


@member_view
@require_safe
def collection_history(request: HttpRequest, slug: str, collection: str) -> HttpResponse:
    partnership, actor = access(request, slug)
    current = collection_get(actor=actor, slug=collection)
    return history_response(
        request,
        current,
        title=current.name,
        back_url=f"/p/{slug}/returns/{current.slug}/",
        context=page(partnership, actor),
    )


@member_view
@require_http_methods(["GET", "POST"])
def measure_new(request: HttpRequest, slug: str, collection: str) -> HttpResponse:
    partnership, actor = access(request, slug)
    current = collection_get(actor=actor, slug=collection)
    if not CHANGE_MEASURES.allows(actor):
        raise NotFound("page")
    indicators, initiatives = measure_choices(actor=actor)
    form = MeasureForm(request.POST or None, indicators=indicators, initiatives=initiatives, new=True)
    saved = form_saved(
        request,
        form,
        lambda data: measure_create(by=actor, collection=current, **form.measure_values()),
        done=lambda measure: (
            f"Measure '{measure.label}' added",
            reverse("collection-detail", args=[slug, current.slug]),
        ),
    )
    context = page(partnership, actor, form=form, collection=current, measure=None)
    return saved or _form_page(request, MEASURE_FORM, context)


@member_view
@require_http_methods(["GET", "POST"])
def measure_edit(request: HttpRequest, slug: str, collection: str, code: str) -> HttpResponse:
    partnership, actor = access(request, slug)
    current = collection_get(actor=actor, slug=collection)
    if not CHANGE_MEASURES.allows(actor):
        raise NotFound("page")
    measure = measure_get(actor=actor, collection=current, code=code)
    indicators, initiatives = measure_choices(actor=actor)
    form = MeasureForm(
        request.POST or None,
        indicators=indicators,
        initiatives=initiatives,
        editing=True,
        initial=MeasureForm.initial_for(measure),
    )
    saved = form_saved(
        request,
        form,
        lambda data: measure_update(
            by=actor, measure=measure, expected_version=version_of(request), **form.measure_values()
        ),
        done=lambda _saved: (
            f"Measure '{form.cleaned_data['label']}' saved",
            reverse("collection-detail", args=[slug, current.slug]),
        ),
        conflict=lambda error: form_conflict(
            request, error, form=form, current=measure, fields=("label",), back_url=request.path
        ),
    )
    context = page(partnership, actor, form=form, collection=current, measure=measure)
    return saved or _form_page(request, MEASURE_FORM, context)
