"""Hubs: the list, adding one, and one hub with its sites, partners and workers."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from wellboard.core.views import form_saved, form_status
from wellboard.hub import policy
from wellboard.hub.forms import HubForm, HubSiteForm, HubWorkerForm
from wellboard.hub.selectors import (
    assignable_people,
    assigned_hub_ids,
    contact_totals,
    hub_get,
    hub_list,
    hub_workers_of,
)
from wellboard.hub.services import hub_create, hub_site_add, hub_worker_assign
from wellboard.hub.views._common import hub_view, page
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
        site_form = HubSiteForm()
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
        partners=hub.partners.select_related("organisation"),
        workers=hub_workers_of(actor=actor, hub=hub),
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
    form = HubSiteForm(request.POST)
    saved = form_saved(
        request,
        form,
        lambda data: hub_site_add(by=actor, hub=found, name=data["name"], lsoa=data["lsoa"]),
        done=lambda site: (f"Site '{site.name}' added", reverse("hub-detail", args=[slug, found.slug])),
    )
    return saved or _detail(request, slug, hub, site_form=form)
