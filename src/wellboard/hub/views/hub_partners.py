"""The organisations that hold appointments at a hub: adding one (a member of the partnership or a
body named freely) and removing one that no visit names. For coordinators."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from wellboard.core.views import form_saved, form_status
from wellboard.hub import policy
from wellboard.hub.forms import HubPartnerForm
from wellboard.hub.selectors import hub_get, hub_partner_get
from wellboard.hub.services import hub_partner_add, hub_partner_remove
from wellboard.hub.views._common import hub_view, page, removal
from wellboard.partners.selectors import organisation_list, partnership_access


@hub_view
@require_http_methods(["GET", "POST"])
def hub_partner_add_view(request: HttpRequest, slug: str, hub: str) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    found = hub_get(actor=actor, slug=hub)
    policy.CHANGE_HUB.require(actor)
    working = found.partners.exclude(organisation__isnull=True).values_list("organisation_id", flat=True)
    organisations = organisation_list(actor=actor).exclude(pk__in=list(working)).order_by("name")
    form = HubPartnerForm(request.POST or None, organisations=organisations, new=True)
    back = reverse("hub-detail", args=[slug, found.slug])
    saved = form_saved(
        request,
        form,
        lambda data: hub_partner_add(
            by=actor, hub=found, organisation=data["organisation"], name=data["name"]
        ),
        done=lambda partner: (f"{partner} now works at {found.name}", back + "#partners"),
    )
    return saved or page(
        request,
        "hub/partner_form.html",
        partnership=partnership,
        actor=actor,
        hub=found,
        form=form,
        status=form_status(request, form),
    )


@hub_view
@require_http_methods(["GET", "POST"])
def hub_partner_remove_view(request: HttpRequest, slug: str, hub: str, partner: int) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    found = hub_get(actor=actor, slug=hub)
    policy.CHANGE_HUB.require(actor)
    current = hub_partner_get(actor=actor, hub=found, pk=partner)
    return removal(
        request,
        partnership=partnership,
        actor=actor,
        hub=found,
        title=f"Remove {current} from {found.name}?",
        consequence=(
            "It will no longer be offered for partner appointments at this hub. A partner that "
            "visits were recorded with cannot be removed."
        ),
        button="Yes, remove the partner",
        remove=lambda _version: hub_partner_remove(by=actor, partner=current),
        done=f"{current} removed from {found.name}",
        back=reverse("hub-detail", args=[slug, found.slug]) + "#partners",
    )
