"""Coordinators add and edit member organisations and their board seats; everyone sees their history."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from wellboard.core.access import require
from wellboard.core.errors import Conflict, InvalidInput
from wellboard.core.views import history_response, member_view, render_conflict
from wellboard.partners.forms import OrganisationForm
from wellboard.partners.models import Organisation, Partnership
from wellboard.partners.selectors import organisation_get, partnership_access
from wellboard.partners.services import membership_update, organisation_create, organisation_update

FORM_TEMPLATE = "partners/organisation_form.html"


def _initial(organisation: Organisation) -> dict[str, Any]:
    membership = organisation.membership
    return {
        "name": organisation.name,
        "kind": organisation.kind,
        "website": organisation.website,
        "description": organisation.description,
        "board_seat": membership.board_seat,
        "seat_title": membership.seat_title,
        "joined_on": membership.joined_on,
        "left_on": membership.left_on,
        "version": organisation.version,
        "membership_version": membership.version,
    }


def _page(
    request: HttpRequest,
    *,
    partnership: Partnership,
    actor: Any,
    form: OrganisationForm,
    organisation: Organisation | None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        FORM_TEMPLATE,
        {
            "partnership": partnership,
            "actor": actor,
            "section": "organisations",
            "form": form,
            "organisation": organisation,
        },
        status=status,
    )


@member_view
@require_http_methods(["GET", "POST"])
def organisation_create_view(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    require(actor.is_coordinator, "Only a coordinator can add member organisations")
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = organisation_create(
                by=actor,
                name=data["name"],
                kind=data["kind"],
                website=data["website"],
                description=data["description"],
                board_seat=data["board_seat"],
                seat_title=data["seat_title"],
                joined_on=data["joined_on"],
            )
        except InvalidInput as exc:
            form.add_service_errors(exc.errors)
        else:
            messages.success(request, f"Added {created.name}")
            return redirect("organisation-detail", partnership.slug, created.slug)
    return _page(
        request,
        partnership=partnership,
        actor=actor,
        form=form,
        organisation=None,
        status=400 if request.method == "POST" else 200,
    )


@member_view
@require_http_methods(["GET", "POST"])
def organisation_edit_view(request: HttpRequest, slug: str, organisation: str) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    found = organisation_get(actor=actor, slug=organisation)
    require(actor.is_coordinator, "Only a coordinator can change member organisations")
    if request.method != "POST":
        return _page(
            request,
            partnership=partnership,
            actor=actor,
            form=OrganisationForm(initial=_initial(found)),
            organisation=found,
        )
    form = OrganisationForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                organisation_update(
                    by=actor,
                    organisation=found,
                    expected_version=data["version"],
                    name=data["name"],
                    kind=data["kind"],
                    website=data["website"],
                    description=data["description"],
                )
                membership_update(
                    by=actor,
                    organisation=found,
                    expected_version=data["membership_version"],
                    board_seat=data["board_seat"],
                    seat_title=data["seat_title"],
                    joined_on=data["joined_on"],
                    left_on=data["left_on"],
                )
        except Conflict as exc:
            current = organisation_get(actor=actor, slug=organisation)
            submitted = {k: data[k] for k in _initial(current) if "version" not in k}
            now = {k: v for k, v in _initial(current).items() if "version" not in k}
            back = reverse("organisation-edit", args=[partnership.slug, found.slug])
            return render_conflict(request, exc, back_url=back, submitted=submitted, current=now)
        except InvalidInput as exc:
            form.add_service_errors(exc.errors)
        else:
            messages.success(request, f"Saved {data['name']}")
            return redirect("organisation-detail", partnership.slug, found.slug)
    return _page(request, partnership=partnership, actor=actor, form=form, organisation=found, status=400)


@member_view
@require_GET
def organisation_history_view(request: HttpRequest, slug: str, organisation: str) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    found = organisation_get(actor=actor, slug=organisation)
    return history_response(
        request,
        found,
        title=found.name,
        back_url=reverse("organisation-detail", args=[partnership.slug, found.slug]),
        context={
            "partnership": partnership,
            "actor": actor,
            "section": "organisations",
        },
        also=[found.membership],
    )
