"""Initiatives: the list, one initiative, and editing (coordinators, or the lead organisation)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from wellboard.core.errors import Conflict
from wellboard.core.views import form_conflict, form_saved, history_response, member_view
from wellboard.partners.selectors import organisation_list, partnership_access
from wellboard.strategy import policy
from wellboard.strategy.forms import InitiativeForm
from wellboard.strategy.models import Initiative, InitiativeKind
from wellboard.strategy.selectors import (
    initiative_get,
    initiative_get_for_edit,
    initiative_list,
    node_choices,
)
from wellboard.strategy.services import initiative_create, initiative_delete, initiative_update
from wellboard.strategy.views._common import form_page, page

FORM = "strategy/initiative_form.html"


@member_view
@require_GET
def initiative_list_view(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    kind = request.GET.get("kind", "")
    if kind not in InitiativeKind.values:
        kind = ""
    return page(
        request,
        "strategy/initiative_list.html",
        partnership=partnership,
        actor=actor,
        section="initiatives",
        initiatives=initiative_list(actor=actor, kind=kind),
        kinds=InitiativeKind.choices,
        kind=kind,
    )


@member_view
@require_GET
def initiative_detail(request: HttpRequest, slug: str, initiative: str) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    found = initiative_get(actor=actor, slug=initiative)
    return page(
        request,
        "strategy/initiative_detail.html",
        partnership=partnership,
        actor=actor,
        section="initiatives",
        initiative=found,
        can_edit=policy.can_edit_initiative(actor, found),
    )


def _initial(initiative: Initiative) -> dict[str, object]:
    return {
        "name": initiative.name,
        "kind": initiative.kind,
        "description": initiative.description,
        "start_date": initiative.start_date,
        "end_date": initiative.end_date,
        "lead_organisation": initiative.lead_organisation_id,
        "partners": list(initiative.partners.all()),
        "target_groups": initiative.target_groups,
        "places": initiative.places,
        "funding": initiative.funding,
        "nodes": list(initiative.nodes.all()),
        "version": initiative.version,
    }


@member_view
@require_http_methods(["GET", "POST"])
def initiative_create_view(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    policy.ADD_INITIATIVE.require(actor)
    form = InitiativeForm(
        request.POST or None,
        organisations=organisation_list(actor=actor).order_by("name"),
        nodes=node_choices(actor=actor),
        new=True,
    )
    saved = form_saved(
        request,
        form,
        lambda data: initiative_create(by=actor, **form.cleaned_values()),
        done=lambda created: (
            f"Initiative '{created.name}' added",
            reverse("initiative-detail", args=[slug, created.slug]),
        ),
    )
    return saved or form_page(request, FORM, form, partnership, actor, initiative=None, section="initiatives")


@member_view
@require_http_methods(["GET", "POST"])
def initiative_edit(request: HttpRequest, slug: str, initiative: str) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    found = initiative_get_for_edit(actor=actor, slug=initiative)
    form = InitiativeForm(
        request.POST or None,
        organisations=organisation_list(actor=actor).order_by("name"),
        nodes=node_choices(actor=actor),
        can_change_lead=policy.can_change_initiative_lead(actor),
        initial=_initial(found),
    )

    def conflict(error: Conflict) -> HttpResponse:
        current = Initiative.objects.get(pk=found.pk)
        back_url = reverse("initiative-edit", args=[slug, found.slug])
        return form_conflict(request, error, form=form, current=current, back_url=back_url)

    saved = form_saved(
        request,
        form,
        lambda data: initiative_update(
            by=actor, initiative=found, expected_version=data["version"], **form.cleaned_values()
        ),
        done=lambda updated: (
            f"Initiative '{updated.name}' saved",
            reverse("initiative-detail", args=[slug, updated.slug]),
        ),
        conflict=conflict,
    )
    return saved or form_page(
        request, FORM, form, partnership, actor, initiative=found, section="initiatives"
    )


@member_view
@require_http_methods(["GET", "POST"])
def initiative_delete_view(request: HttpRequest, slug: str, initiative: str) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    found = initiative_get_for_edit(actor=actor, slug=initiative)
    policy.DELETE_INITIATIVE.require(actor)
    if request.method == "POST":
        initiative_delete(by=actor, initiative=found)
        messages.success(request, f"Initiative '{found.name}' deleted")
        return redirect("initiative-list", slug)
    return page(
        request,
        "strategy/confirm_delete.html",
        partnership=partnership,
        actor=actor,
        section="initiatives",
        thing=f"initiative '{found.name}'",
        cancel_url=reverse("initiative-detail", args=[slug, found.slug]),
    )


@member_view
@require_GET
def initiative_history(request: HttpRequest, slug: str, initiative: str) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    found = initiative_get(actor=actor, slug=initiative)
    return history_response(
        request,
        found,
        title=found.name,
        back_url=reverse("initiative-detail", args=[slug, found.slug]),
        context={"partnership": partnership, "actor": actor, "section": "initiatives"},
    )
