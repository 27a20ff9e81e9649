"""Changing the organisation that runs a service: reached from the service's page, and found through
that service, so the address names no organisation of its own (a service of another partnership,
and so its organisation, is not found). One organisation may run several services: a change shows
on each of them."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from wellboard.core.errors import Conflict
from wellboard.core.views import form_conflict, form_saved, form_status, member_view
from wellboard.directory import policy
from wellboard.directory.forms import ServiceOrganisationForm, service_organisation_initial
from wellboard.directory.selectors import service_get, service_organisation_get, services_run_by
from wellboard.directory.services import service_organisation_update
from wellboard.directory.views._common import page
from wellboard.partners.selectors import organisation_list, partnership_access


@member_view
@require_http_methods(["GET", "POST"])
def directory_organisation_edit(request: HttpRequest, slug: str, service: str) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    found = service_get(actor=actor, slug=service)
    policy.CHANGE_SERVICES.require(actor)
    organisation = found.organisation
    form = ServiceOrganisationForm(
        request.POST or None,
        members=organisation_list(actor=actor).order_by("name"),
        initial=service_organisation_initial(organisation),
    )
    back = reverse("directory-service", args=[slug, found.slug])

    def conflict(error: Conflict) -> HttpResponse:
        current = service_organisation_get(actor=actor, service=found)
        return form_conflict(request, error, form=form, current=current, back_url=request.path)

    saved = form_saved(
        request,
        form,
        lambda data: service_organisation_update(
            by=actor, organisation=organisation, expected_version=data["version"], **form.cleaned_values()
        ),
        done=lambda changed: (f"Organisation '{changed.name}' saved", back),
        conflict=conflict,
    )
    return saved or page(
        request,
        "directory/organisation_form.html",
        partnership=partnership,
        actor=actor,
        service=found,
        organisation=organisation,
        others=[s for s in services_run_by(actor=actor, organisation=organisation) if s.pk != found.pk],
        form=form,
        status=form_status(request, form),
    )
