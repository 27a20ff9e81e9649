"""A hub's monthly money and room figures: the months entered, and entering or correcting one.
For the hub's own workers and the partnership's coordinators."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
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

RECENT_MONTHS = 12


def month_rows(entered: list[HubMonth], *, today: dt.date) -> list[tuple[dt.date, HubMonth | None]]:
    """The months to show, latest first: the last twelve (this one included), each with its figures
    or none yet, so a gap stands out and each month opens with one click; and every earlier month
    entered."""
    by_month = {m.month: m for m in entered}
    recent: list[dt.date] = []
    month = today.replace(day=1)
    for _ in range(RECENT_MONTHS):
        recent.append(month)
        month = (month - dt.timedelta(days=1)).replace(day=1)
    return [(m, by_month.get(m)) for m in sorted(set(recent) | set(by_month), reverse=True)]


def _nothing_typed(request: HttpRequest) -> bool:
    return not any(request.POST.get(name, "").strip() for name in HubMonthForm.FIELDS)


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
        months=month_rows(months, today=clock.today()),
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
    back = reverse("hub-months", args=[slug, found.slug])
    if request.method == "POST" and current is None and _nothing_typed(request):
        # A month never entered, saved as it was opened (empty): nothing to keep, and nothing kept.
        messages.info(request, f"Nothing was entered for {first:%B %Y}, so nothing was saved")
        return redirect(back)
    form = HubMonthForm(request.POST or None, initial=initial)

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
