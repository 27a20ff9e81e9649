"""Collections: the list, setting one up, its measures, and its completeness grid."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from wellboard.core.clock import today
from wellboard.core.errors import Conflict, InvalidInput, NotFound
from wellboard.core.views import history_response, member_view, render_conflict
from wellboard.indicators.models import IndicatorKind
from wellboard.partners.selectors import organisation_list
from wellboard.returns.calculations import completeness
from wellboard.returns.forms import CollectionForm, MeasureForm, parse_breakdowns
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


@member_view
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


def _collection_form_data(form: CollectionForm) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    data.pop("version", None)
    return data


@member_view
@require_http_methods(["GET", "POST"])
def collection_new(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, actor = access(request, slug)
    if not actor.is_coordinator:
        raise NotFound("page")
    organisations = list(organisation_list(actor=actor))
    form = CollectionForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = _collection_form_data(form)
        data.pop("is_open", None)
        try:
            collection = collection_create(by=actor, **data)
        except InvalidInput as exc:
            form.add_service_errors(exc.errors)
        else:
            messages.success(request, f"Collection '{collection.name}' set up. Now add its measures.")
            return redirect("collection-detail", slug, collection.slug)
    return render(
        request,
        "returns/collection_form.html",
        page(partnership, actor, form=form, collection=None),
        status=400 if request.method == "POST" else 200,
    )


@member_view
@require_http_methods(["GET", "POST"])
def collection_edit(request: HttpRequest, slug: str, collection: str) -> HttpResponse:
    partnership, actor = access(request, slug)
    current = collection_get(actor=actor, slug=collection)
    if not actor.is_coordinator:
        raise NotFound("page")
    organisations = list(organisation_list(actor=actor))
    form = CollectionForm(
        request.POST or None, organisations=organisations, initial=CollectionForm.initial_for(current)
    )
    if request.method == "POST" and form.is_valid():
        data = _collection_form_data(form)
        try:
            updated = collection_update(
                by=actor, collection=current, expected_version=version_of(request), **data
            )
        except InvalidInput as exc:
            form.add_service_errors(exc.errors)
        except Conflict as exc:
            return render_conflict(
                request,
                exc,
                back_url=request.path,
                submitted={"name": data["name"]},
                current={"name": current.name},
            )
        else:
            messages.success(request, f"Collection '{updated.name}' saved")
            return redirect("collection-detail", slug, updated.slug)
    return render(
        request,
        "returns/collection_form.html",
        page(partnership, actor, form=form, collection=current),
        status=400 if request.method == "POST" else 200,
    )


@member_view
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
        reminders=list(reminders_sent(actor=actor, collection=current)[:20]) if actor.is_coordinator else [],
    )
    return render(request, "returns/collection_detail.html", context)


@member_view
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


MEASURE_RULE_FIELDS = (
    "unit",
    "multiplier",
    "cumulative",
    "required",
    "comment_required",
    "min_value",
    "max_value",
    "change_threshold",
    "help_text",
    "initiative",
)


@member_view
@require_http_methods(["GET", "POST"])
def measure_new(request: HttpRequest, slug: str, collection: str) -> HttpResponse:
    partnership, actor = access(request, slug)
    current = collection_get(actor=actor, slug=collection)
    if not actor.is_coordinator:
        raise NotFound("page")
    indicators, initiatives = measure_choices(actor=actor)
    form = MeasureForm(request.POST or None, indicators=indicators, initiatives=initiatives)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            measure = measure_create(
                by=actor,
                collection=current,
                label=data["label"],
                value_type=data["value_type"],
                indicator=data["indicator"],
                indicator_kind=data["indicator_kind"] or IndicatorKind.HOW_MUCH,
                code=data["code"],
                breakdowns=parse_breakdowns(data["breakdowns"]),
                **{k: data[k] for k in MEASURE_RULE_FIELDS if k != "multiplier"},
                multiplier=data["multiplier"],
            )
        except InvalidInput as exc:
            form.add_service_errors(exc.errors)
        else:
            messages.success(request, f"Measure '{measure.label}' added")
            return redirect("collection-detail", slug, current.slug)
    return render(
        request,
        "returns/measure_form.html",
        page(partnership, actor, form=form, collection=current, measure=None),
        status=400 if request.method == "POST" else 200,
    )


@member_view
@require_http_methods(["GET", "POST"])
def measure_edit(request: HttpRequest, slug: str, collection: str, code: str) -> HttpResponse:
    partnership, actor = access(request, slug)
    current = collection_get(actor=actor, slug=collection)
    if not actor.is_coordinator:
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
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        changes = {k: data[k] for k in MEASURE_RULE_FIELDS}
        if changes["multiplier"] is None:
            changes.pop("multiplier")
        changes["label"] = data["label"]
        changes["breakdowns"] = parse_breakdowns(data["breakdowns"])
        try:
            measure_update(by=actor, measure=measure, expected_version=version_of(request), **changes)
        except InvalidInput as exc:
            form.add_service_errors(exc.errors)
        except Conflict as exc:
            return render_conflict(
                request,
                exc,
                back_url=request.path,
                submitted={"label": data["label"]},
                current={"label": measure.label},
            )
        else:
            messages.success(request, f"Measure '{data['label']}' saved")
            return redirect("collection-detail", slug, current.slug)
    return render(
        request,
        "returns/measure_form.html",
        page(partnership, actor, form=form, collection=current, measure=measure),
        status=400 if request.method == "POST" else 200,
    )
