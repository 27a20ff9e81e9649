"""Recording visits at a hub, its recent contacts, and correcting a visit: for the hub's own workers.

The recording page is built for speed at a desk: a plain form that also works with htmx, which
swaps only the recording section, keeps the date and site for the next visit and puts the cursor
back in the identifier box. Every list of contacts shown is audited as a read.
"""

from __future__ import annotations

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
from wellboard.hub.forms import ContactForm
from wellboard.hub.models import Contact, Hub
from wellboard.hub.selectors import contact_hub_check, hub_get
from wellboard.hub.services import contact_correct, contact_for_correction, contact_record, contacts_seen
from wellboard.hub.services.contacts import age_choices
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


def _blank_form(hub: Hub, *, keep: dict[str, Any] | None = None) -> ContactForm:
    initial = {"date": clock.today(), **(keep or {})}
    return ContactForm(hub=hub, age_bands=age_choices(hub), initial=initial, new=True)


def _service_values(form: ContactForm) -> dict[str, Any]:
    values = form.cleaned_values()
    values.setdefault("site", None)
    values.setdefault("partner", None)
    return values


@hub_view
@require_http_methods(["GET", "POST"])
def contact_record_view(request: HttpRequest, slug: str, hub: str) -> HttpResponse:
    partnership, actor, found = _hub(request, slug, hub)
    form = _blank_form(found)
    recorded: Contact | None = None
    status = 200
    if request.method == "POST":
        form = ContactForm(request.POST, hub=found, age_bands=age_choices(found), new=True)
        if form.is_valid():
            try:
                recorded = contact_record(by=actor, hub=found, **_service_values(form))
            except InvalidInput as exc:
                form.add_service_errors(exc.errors)
        if recorded is None:
            status = 400
        elif not _is_htmx(request):
            messages.success(request, f"Visit recorded for {recorded.date:%d %B %Y}")
            return redirect(reverse("hub-contacts", args=[slug, found.slug]))
        else:
            form = _blank_form(found, keep={"date": recorded.date, "site": recorded.site_id})
    context = {
        "hub": found,
        "form": form,
        "recorded": recorded,
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


@hub_view
@require_http_methods(["GET", "POST"])
def contact_correct_view(request: HttpRequest, slug: str, hub: str, pk: int) -> HttpResponse:
    partnership, actor, found = _hub(request, slug, hub)
    contact = contact_for_correction(by=actor, hub=found, pk=pk)
    initial = {name: getattr(contact, name) for name in FIELDS if name != "client_id"}
    initial |= {"site": contact.site_id, "partner": contact.partner_id, "version": contact.version}
    form = ContactForm(request.POST or None, hub=found, age_bands=age_choices(found), initial=initial)
    # The identifier is never stored, so a correction leaves the client key alone unless one is typed.
    form.fields["client_id"].required = False
    form.fields["client_id"].help_text = "Leave blank to keep the same person"
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
    return saved or page(
        request,
        "hub/contact_form.html",
        partnership=partnership,
        actor=actor,
        hub=found,
        contact=contact,
        form=form,
        status=400 if form.is_bound else 200,
    )
