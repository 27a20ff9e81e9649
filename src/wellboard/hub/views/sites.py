"""A hub's sites and their opening sessions: changing and removing a site, adding, changing and
removing a session. For coordinators; each edit starts from the version it showed."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from wellboard.core.access import Actor
from wellboard.core.views import form_conflict, form_saved, form_status
from wellboard.hub import policy
from wellboard.hub.forms import HubSessionForm, HubSiteForm
from wellboard.hub.models import Hub
from wellboard.hub.selectors import hub_get, hub_session_get, hub_site_get
from wellboard.hub.services import (
    hub_session_add,
    hub_session_remove,
    hub_session_update,
    hub_site_remove,
    hub_site_update,
)
from wellboard.hub.views._common import hub_view, page, removal
from wellboard.partners.models import Partnership
from wellboard.partners.selectors import partnership_access


def _hub_for_change(request: HttpRequest, slug: str, hub_slug: str) -> tuple[Partnership, Actor, Hub, str]:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    hub = hub_get(actor=actor, slug=hub_slug)
    policy.CHANGE_HUB.require(actor)
    return partnership, actor, hub, reverse("hub-detail", args=[slug, hub.slug])


@hub_view
@require_http_methods(["GET", "POST"])
def hub_site_edit_view(request: HttpRequest, slug: str, hub: str, site: int) -> HttpResponse:
    partnership, actor, found, back = _hub_for_change(request, slug, hub)
    current = hub_site_get(actor=actor, hub=found, pk=site)
    initial = {"name": current.name, "lsoa": current.lsoa, "version": current.version}
    form = HubSiteForm(request.POST or None, initial=initial)
    saved = form_saved(
        request,
        form,
        lambda data: hub_site_update(
            by=actor, site=current, expected_version=data["version"], **form.cleaned_values()
        ),
        done=lambda changed: (f"Site '{changed.name}' saved", back + "#sites"),
        conflict=lambda exc: form_conflict(
            request, exc, form=form, current=hub_site_get(actor=actor, hub=found, pk=site), back_url=back
        ),
    )
    return saved or page(
        request,
        "hub/site_form.html",
        partnership=partnership,
        actor=actor,
        hub=found,
        site=current,
        form=form,
        status=form_status(request, form),
    )


@hub_view
@require_http_methods(["GET", "POST"])
def hub_site_remove_view(request: HttpRequest, slug: str, hub: str, site: int) -> HttpResponse:
    partnership, actor, found, back = _hub_for_change(request, slug, hub)
    current = hub_site_get(actor=actor, hub=found, pk=site)
    sessions = current.sessions.count()
    return removal(
        request,
        partnership=partnership,
        actor=actor,
        hub=found,
        title=f"Remove the site {current.name}?",
        consequence=(
            f"Its {sessions} opening session{'s go' if sessions != 1 else ' goes'} with it. "
            "A site where visits were recorded cannot be removed."
            if sessions
            else "A site where visits were recorded cannot be removed."
        ),
        button="Yes, remove the site",
        remove=lambda version: hub_site_remove(by=actor, site=current, expected_version=version),
        done=f"Site '{current.name}' removed",
        back=back + "#sites",
        version=current.version,
    )


def _session_page(
    request: HttpRequest,
    *,
    partnership: Partnership,
    actor: Actor,
    hub: Hub,
    form: HubSessionForm,
    **extra: object,
) -> HttpResponse:
    return page(
        request,
        "hub/session_form.html",
        partnership=partnership,
        actor=actor,
        hub=hub,
        form=form,
        status=form_status(request, form),
        **extra,
    )


@hub_view
@require_http_methods(["GET", "POST"])
def hub_session_add_view(request: HttpRequest, slug: str, hub: str, site: int) -> HttpResponse:
    partnership, actor, found, back = _hub_for_change(request, slug, hub)
    current = hub_site_get(actor=actor, hub=found, pk=site)
    form = HubSessionForm(request.POST or None, new=True)
    saved = form_saved(
        request,
        form,
        lambda data: hub_session_add(by=actor, site=current, **form.cleaned_values()),
        done=lambda session: (f"{current.name}: {session} added", back + "#timetable"),
    )
    return saved or _session_page(
        request, partnership=partnership, actor=actor, hub=found, form=form, site=current
    )


@hub_view
@require_http_methods(["GET", "POST"])
def hub_session_edit_view(request: HttpRequest, slug: str, hub: str, session: int) -> HttpResponse:
    partnership, actor, found, back = _hub_for_change(request, slug, hub)
    current = hub_session_get(actor=actor, hub=found, pk=session)
    initial = {name: getattr(current, name) for name in ("weekday", "opens", "closes", "note", "version")}
    form = HubSessionForm(request.POST or None, initial=initial)
    saved = form_saved(
        request,
        form,
        lambda data: hub_session_update(
            by=actor, session=current, expected_version=data["version"], **form.cleaned_values()
        ),
        done=lambda changed: (f"{changed.site.name}: {changed} saved", back + "#timetable"),
        conflict=lambda exc: form_conflict(
            request,
            exc,
            form=form,
            current=hub_session_get(actor=actor, hub=found, pk=session),
            back_url=back,
        ),
    )
    return saved or _session_page(
        request,
        partnership=partnership,
        actor=actor,
        hub=found,
        form=form,
        site=current.site,
        session=current,
    )


@hub_view
@require_http_methods(["GET", "POST"])
def hub_session_remove_view(request: HttpRequest, slug: str, hub: str, session: int) -> HttpResponse:
    partnership, actor, found, back = _hub_for_change(request, slug, hub)
    current = hub_session_get(actor=actor, hub=found, pk=session)
    return removal(
        request,
        partnership=partnership,
        actor=actor,
        hub=found,
        title=f"Remove the session at {current.site.name} on {current}?",
        consequence="",
        button="Yes, remove the session",
        remove=lambda version: hub_session_remove(by=actor, session=current, expected_version=version),
        done=f"{current.site.name}: {current} removed",
        back=back + "#timetable",
        version=current.version,
    )
