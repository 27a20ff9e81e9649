"""Coordinators add and edit member organisations and their board seats; everyone sees their history."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from wellboard.core.access import Actor
from wellboard.core.errors import Conflict
from wellboard.core.views import form_saved, form_status, history_response, member_view, render_conflict
from wellboard.partners.forms import OrganisationForm
from wellboard.partners.models import Organisation, Partnership
from wellboard.partners.policy import ADD_ORGANISATION, CHANGE_ORGANISATION
from wellboard.partners.selectors import organisation_get, partnership_access
from wellboard.partners.services import membership_update, organisation_create, organisation_update

FORM_TEMPLATE = "partners/organisation_form.html"
ORGANISATION_FIELDS = ["name", "kind", "website", "description"]
SEAT_FIELDS = ["board_seat", "seat_title", "joined_on", "left_on"]


def _initial(organisation: Organisation) -> dict[str, Any]:
    membership = organisation.membership
    return {
        **{name: getattr(organisation, name) for name in ORGANISATION_FIELDS},
        **{name: getattr(membership, name) for name in SEAT_FIELDS},
        "version": organisation.version,
        "membership_version": membership.version,
    }


def _page(
    request: HttpRequest,
    *,
    partnership: Partnership,
    actor: Actor,
    form: OrganisationForm,
    organisation: Organisation | None,
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
        status=form_status(request, form),
    )


@member_view
@require_http_methods(["GET", "POST"])
def organisation_create_view(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    ADD_ORGANISATION.require(actor)
    form = OrganisationForm(request.POST or None, new=True)
    saved = form_saved(
        request,
        form,
        lambda data: organisation_create(
            by=actor, **form.cleaned_values([*ORGANISATION_FIELDS, *SEAT_FIELDS])
        ),
        done=lambda created: (
            f"Added {created.name}",
            reverse("organisation-detail", args=[partnership.slug, created.slug]),
        ),
    )
    return saved or _page(request, partnership=partnership, actor=actor, form=form, organisation=None)


@member_view
@require_http_methods(["GET", "POST"])
def organisation_edit_view(request: HttpRequest, slug: str, organisation: str) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    found = organisation_get(actor=actor, slug=organisation)
    CHANGE_ORGANISATION.require(actor)
    form = OrganisationForm(request.POST if request.method == "POST" else None, initial=_initial(found))

    def save(data: dict[str, Any]) -> Organisation:
        with transaction.atomic():  # the organisation and its seat together, or neither
            organisation_update(
                by=actor,
                organisation=found,
                expected_version=data["version"],
                **form.cleaned_values(ORGANISATION_FIELDS),
            )
            membership_update(
                by=actor,
                organisation=found,
                expected_version=data["membership_version"],
                **form.cleaned_values(SEAT_FIELDS),
            )
        return found

    def conflict(error: Conflict) -> HttpResponse:
        current = _initial(organisation_get(actor=actor, slug=organisation))
        submitted = {k: form.cleaned_data[k] for k in current if "version" not in k}
        now = {k: v for k, v in current.items() if "version" not in k}
        back = reverse("organisation-edit", args=[partnership.slug, found.slug])
        return render_conflict(request, error, back_url=back, submitted=submitted, current=now)

    saved = form_saved(
        request,
        form,
        save,
        done=lambda _saved: (
            f"Saved {form.cleaned_data['name']}",
            reverse("organisation-detail", args=[partnership.slug, found.slug]),
        ),
        conflict=conflict,
    )
    return saved or _page(request, partnership=partnership, actor=actor, form=form, organisation=found)


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
