"""A hub's monthly money and room figures: the months entered, and entering or correcting one.
For the hub's own workers and the partnership's coordinators."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from wellboard.core import clock
from wellboard.core.errors import Conflict, NotFound
from wellboard.core.versioning import NOT_STARTED
from wellboard.core.views import form_conflict, form_saved
from wellboard.hub.calculations import dashboard_hub
from wellboard.hub.forms import HubMonthForm
from wellboard.hub.models import HubMonth
from wellboard.hub.services import hub_month_for_editing, hub_month_save, hub_months
from wellboard.hub.services.months import month_from
from wellboard.hub.views._common import hub_view, page
from wellboard.partners.selectors import partnership_access


@hub_view
@require_GET
def hub_months_view(request: HttpRequest, slug: str, hub: str) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    found = dashboard_hub(actor=actor, slug=hub)
    months = hub_months(by=actor, hub=found)
    chosen = request.GET.get("month", "").strip()
    if chosen:
        first = month_from(chosen)
        if first is not None:
            return redirect(reverse("hub-month-edit", args=[slug, found.slug, f"{first:%Y-%m}"]))
    return page(
        request,
        "hub/months.html",
        partnership=partnership,
        actor=actor,
        hub=found,
        months=months,
        this_month=f"{clock.today():%Y-%m}",
        bad_month=chosen,
        status=400 if chosen else 200,
    )


@hub_view
@require_http_methods(["GET", "POST"])
def hub_month_edit_view(request: HttpRequest, slug: str, hub: str, month: str) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    found = dashboard_hub(actor=actor, slug=hub)
    first = month_from(month)
    if first is None:
        raise NotFound("month")
    current = hub_month_for_editing(by=actor, hub=found, month=first)
    initial: dict[str, Any] = {"version": current.version if current is not None else NOT_STARTED}
    if current is not None:
        initial |= {name: str(getattr(current, name)) for name in HubMonthForm.FIELDS}
    form = HubMonthForm(request.POST or None, initial=initial)
    back = reverse("hub-months", args=[slug, found.slug])

    def conflict(exc: Conflict) -> HttpResponse:
        latest = hub_month_for_editing(by=actor, hub=found, month=first) or HubMonth(hub=found, month=first)
        return form_conflict(request, exc, form=form, current=latest, back_url=request.path)

    saved = form_saved(
        request,
        form,
        lambda data: hub_month_save(
            by=actor,
            hub=found,
            month=first,
            expected_version=data["version"],
            **{name: data[name] for name in HubMonthForm.FIELDS},
        ),
        done=lambda month_saved: (f"Figures for {month_saved.month:%B %Y} saved", back),
        conflict=conflict,
    )
    return saved or page(
        request,
        "hub/month_form.html",
        partnership=partnership,
        actor=actor,
        hub=found,
        month=first,
        current=current,
        form=form,
        status=400 if form.is_bound else 200,
    )
