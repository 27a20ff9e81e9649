"""Recording visits at a hub (with their onward referrals), its recent contacts, and correcting a
visit or adding referrals to it: for the hub's own workers.

The recording page is built for speed at a desk: a plain form that also works with htmx, which
swaps only the recording section, keeps the date and site for the next visit and puts the cursor
back in the identifier box. Every list of contacts shown is audited as a read.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from wellboard.core import clock
from wellboard.core.access import Actor
from wellboard.core.errors import InvalidInput
from wellboard.core.views import form_conflict, form_saved
from wellboard.hub.forms import ContactForm, ReferralAddForm
from wellboard.hub.models import Contact, Hub, Referral
from wellboard.hub.selectors import contact_hub_check, hub_get, referable_services
from wellboard.hub.services import (
    contact_correct,
    contact_for_correction,
    contacts_seen,
    referrals_add,
    referrals_of_visit,
    visit_record,
)
from wellboard.hub.services.contacts import CORRECTION_DAYS, age_choices
from wellboard.hub.views._common import hub_view, page
from wellboard.partners.models import Partnership
from wellboard.partners.selectors import partnership_access

RECENT = 25
FIELDS = (
    "date",
    "site",
    "client_id",
    "sex",
    "age_band",
    "lsoa",
    "route",
    "needs",
    "exercise_reason",
    "partner",
)


def _hub(request: HttpRequest, slug: str, hub_slug: str) -> tuple[Partnership, Actor, Hub]:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    hub = hub_get(actor=actor, slug=hub_slug)
    contact_hub_check(actor=actor, hub=hub)
    return partnership, actor, hub


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _blank_form(actor: Actor, hub: Hub, *, keep: dict[str, Any] | None = None) -> ContactForm:
    initial = {"date": clock.today(), **(keep or {})}
    return ContactForm(
        hub=hub,
        age_bands=age_choices(hub),
        services=referable_services(actor=actor),
        initial=initial,
        new=True,
    )


def _service_values(form: ContactForm) -> dict[str, Any]:
    values = form.cleaned_values()
    values.pop("services", None)
    values.setdefault("site", None)
    values.setdefault("partner", None)
    return values


def recorded_message(contact: Contact, referrals: list[Referral]) -> str:
    """What the hub worker is told: the visit, and each referral's reference to give the person."""
    message = f"Visit recorded for {contact.date:%d %B %Y}"
    if referrals:
        sent = "; ".join(f"{r.service.name} (reference {r.reference})" for r in referrals)
        message += f". Referred to {sent}"
    return message


@hub_view
@require_http_methods(["GET", "POST"])
def contact_record_view(request: HttpRequest, slug: str, hub: str) -> HttpResponse:
    partnership, actor, found = _hub(request, slug, hub)
    form = _blank_form(actor, found)
    recorded: Contact | None = None
    referrals: list[Referral] = []
    status = 200
    if request.method == "POST":
        form = ContactForm(
            request.POST,
            hub=found,
            age_bands=age_choices(found),
            services=referable_services(actor=actor),
            new=True,
        )
        if form.is_valid():
            try:
                recorded, referrals = visit_record(
                    by=actor,
                    hub=found,
                    services=form.cleaned_data.get("services") or (),
                    **_service_values(form),
                )
            except InvalidInput as exc:
                form.add_service_errors(exc.errors)
        if recorded is None:
            status = 400
        elif not _is_htmx(request):
            messages.success(request, recorded_message(recorded, referrals))
            return redirect(reverse("hub-contacts", args=[slug, found.slug]))
        else:
            form = _blank_form(actor, found, keep={"date": recorded.date, "site": recorded.site_id})
    context = {
        "hub": found,
        "form": form,
        "recorded": recorded,
        "recorded_message": recorded_message(recorded, referrals) if recorded is not None else "",
        "contacts": contacts_seen(by=actor, hub=found, limit=RECENT),
    }
    if _is_htmx(request):
        return render(
            request,
            "hub/partials/recording.html",
            {"partnership": partnership, "actor": actor, "section": "hubs", "partial": True, **context},
            status=status,
        )
    return page(request, "hub/contacts.html", partnership=partnership, actor=actor, status=status, **context)


def _correction_page(
    request: HttpRequest,
    partnership: Partnership,
    actor: Actor,
    hub: Hub,
    contact: Contact,
    *,
    form: ContactForm,
    referral_form: ReferralAddForm | None = None,
    status: int = 200,
) -> HttpResponse:
    services = referable_services(actor=actor)
    open_for_referrals = clock.now() - contact.created_at <= dt.timedelta(days=CORRECTION_DAYS)
    if referral_form is None and open_for_referrals and services.exists():
        referral_form = ReferralAddForm(services=services)
    return page(
        request,
        "hub/contact_form.html",
        partnership=partnership,
        actor=actor,
        hub=hub,
        contact=contact,
        form=form,
        referrals=referrals_of_visit(by=actor, contact=contact),
        referral_form=referral_form,
        status=status,
    )


def _correction_form(request: HttpRequest, hub: Hub, contact: Contact, *, bound: bool) -> ContactForm:
    initial = {name: getattr(contact, name) for name in FIELDS if name != "client_id"}
    initial |= {"site": contact.site_id, "partner": contact.partner_id, "version": contact.version}
    form = ContactForm(request.POST if bound else None, hub=hub, age_bands=age_choices(hub), initial=initial)
    # The identifier is never stored, so a correction leaves the client key alone unless one is typed.
    form.fields["client_id"].required = False
    form.fields["client_id"].help_text = "Leave blank to keep the same person"
    return form


@hub_view
@require_http_methods(["GET", "POST"])
def contact_correct_view(request: HttpRequest, slug: str, hub: str, pk: int) -> HttpResponse:
    partnership, actor, found = _hub(request, slug, hub)
    contact = contact_for_correction(by=actor, hub=found, pk=pk)
    form = _correction_form(request, found, contact, bound=request.method == "POST")
    back = reverse("hub-contacts", args=[slug, found.slug])

    def save(data: dict[str, Any]) -> Contact:
        values = _service_values(form)
        if not values.get("client_id"):
            values.pop("client_id", None)
        return contact_correct(by=actor, contact=contact, expected_version=data["version"], **values)

    saved = form_saved(
        request,
        form,
        save,
        done=lambda corrected: (f"Visit on {corrected.date:%d %B %Y} corrected", back),
        conflict=lambda exc: form_conflict(
            request,
            exc,
            form=form,
            current=contact_for_correction(by=actor, hub=found, pk=pk),
            fields=("sex", "route"),
            back_url=back,
        ),
    )
    return saved or _correction_page(
        request, partnership, actor, found, contact, form=form, status=400 if form.is_bound else 200
    )


@hub_view
@require_http_methods(["POST"])
def contact_referrals_add_view(request: HttpRequest, slug: str, hub: str, pk: int) -> HttpResponse:
    partnership, actor, found = _hub(request, slug, hub)
    contact = contact_for_correction(by=actor, hub=found, pk=pk)
    referral_form = ReferralAddForm(request.POST, services=referable_services(actor=actor))
    saved = form_saved(
        request,
        referral_form,
        lambda data: referrals_add(by=actor, contact=contact, services=data["services"]),
        done=lambda made: (
            "Referred to " + "; ".join(f"{r.service.name} (reference {r.reference})" for r in made),
            reverse("hub-contact-correct", args=[slug, found.slug, contact.pk]),
        ),
    )
    return saved or _correction_page(
        request,
        partnership,
        actor,
        found,
        contact,
        form=_correction_form(request, found, contact, bound=False),
        referral_form=referral_form,
        status=400,
    )
