"""The hub dashboards: one hub's figures, and every hub's together, for the dates chosen.

Hub workers read their own hub's figures exactly. Coordinators, analysts and board members read
every hub's, with each count through the partnership's disclosure control. Nobody reads a visit here:
every figure is a count.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from wellboard.core.access import Actor
from wellboard.core.errors import InvalidInput, NotFound
from wellboard.core.forms import Form
from wellboard.hub.calculations import (
    DashboardFigures,
    Disclosure,
    Scope,
    dashboard_figures,
    dashboard_hub,
    dashboard_hubs,
    parse_routes,
    scope_for,
    sees_exact,
)
from wellboard.hub.models import Hub, Route
from wellboard.hub.views._common import hub_view, page
from wellboard.hub.views.dashboard_charts import HubChart
from wellboard.hub.views.dashboard_parts import chart_rows, dashboard_charts, dashboard_tiles, partner_names
from wellboard.indicators.views._common import table_download
from wellboard.partners.models import Partnership
from wellboard.partners.selectors import partnership_access


class DashboardForm(Form):
    """The dates and routes a dashboard shows (a GET form: the address says what is shown)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["from"] = forms.CharField(
            label="From", required=False, help_text="For example, 2025-04-01 or 01/04/2025"
        )
        self.fields["to"] = forms.CharField(label="To", required=False, help_text="Blank: today")
        self.fields["route"] = forms.MultipleChoiceField(
            label="Routes",
            required=False,
            choices=Route.choices,
            widget=forms.CheckboxSelectMultiple,
            help_text="Choose none to count every route",
        )


def _scope(request: HttpRequest, hubs: list[Hub], exact: bool) -> tuple[DashboardForm, Scope | None]:
    form = DashboardForm(request.GET or None)
    try:
        routes = parse_routes(",".join(request.GET.getlist("route")))
        scope = scope_for(
            hubs=hubs,
            start_text=request.GET.get("from", ""),
            end_text=request.GET.get("to", ""),
            routes=routes,
            exact=exact,
        )
    except InvalidInput as exc:
        form.is_valid()
        form.add_service_errors(exc.errors)
        return form, None
    if not request.GET:
        form = DashboardForm(
            initial={"from": scope.start.isoformat(), "to": scope.end.isoformat(), "route": []}
        )
    return form, scope


def _build(
    request: HttpRequest, partnership: Partnership, actor: Actor, hubs: list[Hub], where: str
) -> tuple[DashboardForm, Scope | None, Disclosure, list[HubChart], DashboardFigures | None]:
    exact = sees_exact(actor, hubs)
    disclosure = Disclosure(None if exact else partnership.disclosure_rule)
    form, scope = _scope(request, hubs, exact)
    if scope is None:
        return form, None, disclosure, [], None
    figures = dashboard_figures(partnership_id=partnership.pk, scope=scope, hubs=hubs)
    return form, scope, disclosure, dashboard_charts(figures, disclosure, partner_names(hubs), where), figures


def _render(
    request: HttpRequest,
    *,
    partnership: Partnership,
    actor: Actor,
    hubs: list[Hub],
    hub: Hub | None,
    base_url: str,
) -> HttpResponse:
    form, scope, disclosure, charts, figures = _build(request, partnership, actor, hubs, "")
    query = request.GET.urlencode()
    for chart in charts:
        chart.with_downloads(base_url, query)
    return page(
        request,
        "hub/dashboard.html",
        partnership=partnership,
        actor=actor,
        hub=hub,
        hubs=hubs,
        form=form,
        scope=scope,
        disclosure=disclosure,
        charts=charts,
        rows=chart_rows(charts),
        tiles=dashboard_tiles(figures, disclosure) if figures is not None else [],
        action=request.path,
        status=200 if scope is not None else 400,
    )


def _download(
    request: HttpRequest,
    *,
    partnership: Partnership,
    actor: Actor,
    hubs: list[Hub],
    key: str,
    fmt: str,
    name: str,
) -> HttpResponse:
    form, scope, _disclosure, charts, _figures = _build(request, partnership, actor, hubs, "")
    if scope is None:
        problems = [str(message) for errors in form.errors.values() for message in errors]
        return HttpResponse("\n".join(problems), status=400, content_type="text/plain; charset=utf-8")
    for chart in charts:
        if chart.key == key:
            return table_download(chart.table, fmt=fmt, name=f"{name}-{chart.key}-{scope.start}-{scope.end}")
    raise NotFound("download")


@hub_view
@require_GET
def hub_dashboard(request: HttpRequest, slug: str, hub: str) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    found = dashboard_hub(actor=actor, slug=hub)
    return _render(
        request,
        partnership=partnership,
        actor=actor,
        hubs=[found],
        hub=found,
        base_url=reverse("hub-dashboard", args=[slug, found.slug]),
    )


@hub_view
@require_GET
def hub_dashboard_download(request: HttpRequest, slug: str, hub: str, key: str, fmt: str) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    found = dashboard_hub(actor=actor, slug=hub)
    return _download(
        request, partnership=partnership, actor=actor, hubs=[found], key=key, fmt=fmt, name=found.slug
    )


@hub_view
@require_GET
def hubs_dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    hubs = dashboard_hubs(actor=actor)
    return _render(
        request,
        partnership=partnership,
        actor=actor,
        hubs=hubs,
        hub=None,
        base_url=reverse("hubs-dashboard", args=[slug]),
    )


@hub_view
@require_GET
def hubs_dashboard_download(request: HttpRequest, slug: str, key: str, fmt: str) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    hubs = dashboard_hubs(actor=actor)
    return _download(request, partnership=partnership, actor=actor, hubs=hubs, key=key, fmt=fmt, name="hubs")
