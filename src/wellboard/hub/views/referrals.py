"""A hub's onward referrals, for its own workers: the list, one referral with its history and what
happened to it, and sending the receiving service its status link."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from wellboard.core import clock
from wellboard.core.access import Actor
from wellboard.core.errors import Conflict, InvalidInput
from wellboard.core.versioning import version_given
from wellboard.core.views import form_conflict, form_saved, render_conflict
from wellboard.hub.forms import ReferralStatusForm
from wellboard.hub.models import Hub, Referral
from wellboard.hub.selectors import contact_hub_check, hub_get
from wellboard.hub.services import (
    referral_for_update,
    referral_link_send,
    referral_status_set,
    referrals_seen,
)
from wellboard.hub.services.referrals import link_days, next_statuses, status_label
from wellboard.hub.views._common import hub_view, page
from wellboard.partners.models import Partnership
from wellboard.partners.selectors import partnership_access


def _hub(request: HttpRequest, slug: str, hub_slug: str) -> tuple[Partnership, Actor, Hub]:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    hub = hub_get(actor=actor, slug=hub_slug)
    contact_hub_check(actor=actor, hub=hub)
    return partnership, actor, hub


@hub_view
@require_GET
def referral_list_view(request: HttpRequest, slug: str, hub: str) -> HttpResponse:
    partnership, actor, found = _hub(request, slug, hub)
    referrals = referrals_seen(by=actor, hub=found)
    return page(
        request,
        "hub/referrals.html",
        partnership=partnership,
        actor=actor,
        hub=found,
        rows=[
            {"referral": r, "choices": [(s, status_label(s)) for s in next_statuses(r.status)]}
            for r in referrals
        ],
        today=clock.today(),
    )


def _after_saving(request: HttpRequest, slug: str, hub: Hub, referral: Referral) -> str:
    """Back to the list when the change was made there, otherwise to the referral's page."""
    if request.POST.get("back") == "list":
        return reverse("hub-referrals", args=[slug, hub.slug])
    return reverse("hub-referral", args=[slug, hub.slug, referral.pk])


def _status_form(referral: Referral, data: object = None) -> ReferralStatusForm:
    return ReferralStatusForm(
        data,
        statuses=next_statuses(referral.status),
        initial={"on": clock.today(), "version": referral.version},
    )


@hub_view
@require_http_methods(["GET", "POST"])
def referral_detail_view(request: HttpRequest, slug: str, hub: str, pk: int) -> HttpResponse:
    partnership, actor, found = _hub(request, slug, hub)
    referral = referral_for_update(by=actor, hub=found, pk=pk)
    form = _status_form(referral, request.POST if request.method == "POST" else None)
    here = reverse("hub-referral", args=[slug, found.slug, referral.pk])
    posted = str(request.POST.get("version", "")).strip()
    if request.method == "POST" and posted.isdigit() and int(posted) != referral.version:
        # A form opened before the status last changed offered other choices: a conflict, not a
        # choice refused.
        stale = Conflict(what="referral", expected_version=int(posted), current_version=referral.version)
        return render_conflict(request, stale, back_url=here)
    saved = form_saved(
        request,
        form,
        lambda data: referral_status_set(
            by=actor,
            referral=referral,
            status=data["status"],
            on=data["on"],
            expected_version=data["version"],
        ),
        done=lambda changed: (
            f"Referral {changed.reference} is now {changed.get_status_display().lower()}",
            _after_saving(request, slug, found, changed),
        ),
        conflict=lambda exc: form_conflict(
            request,
            exc,
            form=form,
            current=referral_for_update(by=actor, hub=found, pk=pk),
            fields=("status",),
            back_url=here,
        ),
    )
    return saved or _detail_page(
        request, partnership, actor, found, referral, form=form, status=400 if form.is_bound else 200
    )


def _detail_page(
    request: HttpRequest,
    partnership: Partnership,
    actor: Actor,
    hub: Hub,
    referral: Referral,
    *,
    form: ReferralStatusForm,
    status: int = 200,
    link_error: str = "",
) -> HttpResponse:
    return page(
        request,
        "hub/referral.html",
        partnership=partnership,
        actor=actor,
        hub=hub,
        referral=referral,
        events=referral.events.all(),
        form=form if next_statuses(referral.status) else None,
        link_days=link_days(),
        link_error=link_error,
        status=status,
    )


@hub_view
@require_http_methods(["POST"])
def referral_link_send_view(request: HttpRequest, slug: str, hub: str, pk: int) -> HttpResponse:
    partnership, actor, found = _hub(request, slug, hub)
    referral = referral_for_update(by=actor, hub=found, pk=pk)
    try:
        sent = referral_link_send(
            by=actor, referral=referral, expected_version=version_given(request.POST.get("version"))
        )
    except InvalidInput as exc:
        return _detail_page(
            request,
            partnership,
            actor,
            found,
            referral,
            form=_status_form(referral),
            status=400,
            link_error=str(exc),
        )
    messages.success(
        request,
        f"The status link for {sent.reference} has gone to {sent.service.name}'s referral email",
    )
    return redirect(_after_saving(request, slug, found, sent))
