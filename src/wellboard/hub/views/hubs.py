"""Hubs: the list, adding one, one hub with its sites, timetable, partners and workers, changing a
hub, and assigning people to it or taking them off it."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from wellboard.core.views import form_conflict, form_saved, form_status
from wellboard.hub import policy
from wellboard.hub.forms import HubEditForm, HubForm, HubSiteForm, HubWorkerForm
from wellboard.hub.models import Hub
from wellboard.hub.selectors import (
    assignable_people,
    assigned_hub_ids,
    contact_totals,
    hub_assignment_get,
    hub_assignments,
    hub_get,
    hub_list,
    hub_timetable,
)
from wellboard.hub.services import (
    hub_create,
    hub_site_add,
    hub_update,
    hub_worker_assign,
    hub_worker_unassign,
)
from wellboard.hub.views._common import hub_view, page, removal
from wellboard.partners.selectors import organisation_list, partnership_access


@hub_view
@require_GET
def hub_list_view(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    return page(
        request, "hub/hub_list.html", partnership=partnership, actor=actor, hubs=hub_list(actor=actor)
    )


@hub_view
@require_http_methods(["GET", "POST"])
def hub_create_view(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    policy.ADD_HUB.require(actor)
    form = HubForm(
        request.POST or None, organisations=organisation_list(actor=actor).order_by("name"), new=True
    )
    saved = form_saved(
        request,
        form,
        lambda data: hub_create(by=actor, **form.cleaned_values()),
        done=lambda hub: (f"Hub '{hub.name}' added", reverse("hub-detail", args=[slug, hub.slug])),
    )
    return saved or page(
        request,
        "hub/hub_form.html",
        partnership=partnership,
        actor=actor,
        form=form,
        status=form_status(request, form),
    )


def _detail(
    request: HttpRequest,
    slug: str,
    hub_slug: str,
    *,
    worker_form: HubWorkerForm | None = None,
    site_form: HubSiteForm | None = None,
) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    hub = hub_get(actor=actor, slug=hub_slug)
    if worker_form is None and policy.ASSIGN_HUB_WORKER.allows(actor):
        worker_form = HubWorkerForm(people=assignable_people(actor=actor))
    if site_form is None and policy.CHANGE_HUB.allows(actor):
        site_form = HubSiteForm(new=True)
    failed = (worker_form is not None and worker_form.is_bound) or (
        site_form is not None and site_form.is_bound
    )
    return page(
        request,
        "hub/hub_detail.html",
        partnership=partnership,
        actor=actor,
        hub=hub,
        sites=hub.sites.all(),
        timetable=hub_timetable(actor=actor, hub=hub),
        partners=hub.partners.select_related("organisation"),
        workers=hub_assignments(actor=actor, hub=hub),
        assigned=assigned_hub_ids(actor=actor),
        counts=contact_totals(actor=actor, hub=hub),
        worker_form=worker_form,
        site_form=site_form,
        status=400 if failed else 200,
    )


@hub_view
@require_GET
def hub_detail(request: HttpRequest, slug: str, hub: str) -> HttpResponse:
    return _detail(request, slug, hub)


@hub_view
@require_http_methods(["POST"])
def hub_worker_assign_view(request: HttpRequest, slug: str, hub: str) -> HttpResponse:
    _, actor = partnership_access(user=request.user, slug=slug)
    found = hub_get(actor=actor, slug=hub)
    policy.ASSIGN_HUB_WORKER.require(actor)
    form = HubWorkerForm(request.POST, people=assignable_people(actor=actor))
    saved = form_saved(
        request,
        form,
        lambda data: hub_worker_assign(by=actor, hub=found, user=data["user"]),
        done=lambda assignment: (
            f"{assignment.role_grant.user} can now record contacts at {found.name}",
            reverse("hub-detail", args=[slug, found.slug]),
        ),
    )
    return saved or _detail(request, slug, hub, worker_form=form)


@hub_view
@require_http_methods(["POST"])
def hub_site_add_view(request: HttpRequest, slug: str, hub: str) -> HttpResponse:
    _, actor = partnership_access(user=request.user, slug=slug)
    found = hub_get(actor=actor, slug=hub)
    policy.CHANGE_HUB.require(actor)
    form = HubSiteForm(request.POST, new=True)
    saved = form_saved(
        request,
        form,
        lambda data: hub_site_add(by=actor, hub=found, name=data["name"], lsoa=data["lsoa"]),
        done=lambda site: (f"Site '{site.name}' added", reverse("hub-detail", args=[slug, found.slug])),
    )
    return saved or _detail(request, slug, hub, site_form=form)


def _hub_initial(hub: Hub) -> dict[str, Any]:
    fields = ("name", "kind", "age_from", "age_to", "active", "version")
    return {name: getattr(hub, name) for name in fields} | {"organisation": hub.organisation_id}


@hub_view
@require_http_methods(["GET", "POST"])
def hub_edit_view(request: HttpRequest, slug: str, hub: str) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    found = hub_get(actor=actor, slug=hub)
    policy.CHANGE_HUB.require(actor)
    organisations = organisation_list(actor=actor).order_by("name")
    form = HubEditForm(request.POST or None, organisations=organisations, initial=_hub_initial(found))
    back = reverse("hub-detail", args=[slug, found.slug])
    saved = form_saved(
        request,
        form,
        lambda data: hub_update(
            by=actor, hub=found, expected_version=data["version"], **form.cleaned_values()
        ),
        done=lambda changed: (
            f"Hub '{changed.name}' saved",
            reverse("hub-detail", args=[slug, changed.slug]),
        ),
        conflict=lambda exc: form_conflict(
            request, exc, form=form, current=hub_get(actor=actor, slug=hub), back_url=back
        ),
    )
    return saved or page(
        request,
        "hub/hub_form.html",
        partnership=partnership,
        actor=actor,
        form=form,
        hub=found,
        status=form_status(request, form),
    )


@hub_view
@require_http_methods(["GET", "POST"])
def hub_worker_unassign_view(request: HttpRequest, slug: str, hub: str, assignment: int) -> HttpResponse:
    """Take someone off the hub, after asking: they keep their role and their other hubs."""
    partnership, actor = partnership_access(user=request.user, slug=slug)
    found = hub_get(actor=actor, slug=hub)
    policy.ASSIGN_HUB_WORKER.require(actor)
    chosen = hub_assignment_get(actor=actor, hub=found, pk=assignment)
    person = chosen.role_grant.user
    return removal(
        request,
        partnership=partnership,
        actor=actor,
        hub=found,
        title=f"Take {person} off {found.name}?",
        consequence=(
            f"{person} will no longer record or see this hub's visits. The visits they recorded stay, "
            "and so do their role and any other hubs they work at."
        ),
        button="Yes, take them off the hub",
        remove=lambda _version: hub_worker_unassign(by=actor, hub=found, assignment=chosen),
        done=f"{person} no longer works at {found.name}",
        back=reverse("hub-detail", args=[slug, found.slug]) + "#workers",
    )
