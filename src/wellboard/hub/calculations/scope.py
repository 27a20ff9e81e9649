"""Which contacts a set of hub figures counts, and who may see them.

A dashboard or ``hub stats`` counts the contacts of one hub (or of all the partnership's hubs) between
two dates, optionally of some routes only. Hub workers see their own hubs' figures exactly; the
partnership's coordinators, analysts and board members see every hub's figures through the
partnership's disclosure control. Nobody else finds the dashboards.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from wellboard.core import clock
from wellboard.core.access import Actor, Role
from wellboard.core.errors import InvalidInput, NotFound
from wellboard.hub.codes import parse_date
from wellboard.hub.models import Contact, Hub, Route
from wellboard.hub.selectors import assigned_hub_ids

# Who reads the figures of every hub (disclosed); hub workers read their own hubs' (exact).
READERS_OF_EVERY_HUB = (Role.COORDINATOR, Role.ANALYST, Role.BOARD)
EARLIEST = dt.date(2000, 1, 1)


@dataclass(frozen=True)
class Scope:
    """The contacts counted: of ``hub_ids``, from ``start`` to ``end`` inclusive, of ``routes`` (all
    routes when empty). ``exact``: the reader works at every hub counted, so sees true counts."""

    hub_ids: tuple[int, ...]
    start: dt.date
    end: dt.date
    routes: tuple[str, ...] = ()
    exact: bool = False

    def parts(self) -> tuple[object, ...]:
        """What the figures depend on, for cache keys (not who reads them: figures are exact)."""
        return (self.hub_ids, self.start.isoformat(), self.end.isoformat(), self.routes)


def contacts_in(scope: Scope) -> QuerySet[Contact]:
    """The contacts a scope counts; callers aggregate them, never list them."""
    contacts = Contact.objects.filter(date__gte=scope.start, date__lte=scope.end)
    if len(scope.hub_ids) == 1:
        contacts = contacts.filter(hub_id=scope.hub_ids[0])
    else:
        contacts = contacts.filter(hub_id__in=scope.hub_ids)
    if scope.routes:
        contacts = contacts.filter(route__in=scope.routes)
    return contacts


def dashboard_hub(*, actor: Actor, slug: str) -> Hub:
    """A hub whose dashboard the actor may read; 'not found' for everyone else."""
    hub = (
        Hub.objects.filter(partnership_id=actor.partnership_id, slug=slug)
        .select_related("partnership")
        .first()
    )
    if hub is None:
        raise NotFound("hub")
    if actor.via_cli or actor.has(*READERS_OF_EVERY_HUB) or hub.pk in assigned_hub_ids(actor=actor):
        return hub
    raise NotFound("hub")


def dashboard_hubs(*, actor: Actor) -> list[Hub]:
    """Every hub of the partnership, for the partnership-wide dashboard (coordinators, analysts, board)."""
    if not (actor.via_cli or actor.has(*READERS_OF_EVERY_HUB)):
        raise NotFound("page")
    return list(Hub.objects.filter(partnership_id=actor.partnership_id).order_by("name"))


def sees_exact(actor: Actor, hubs: list[Hub]) -> bool:
    """Hub workers of every hub counted (and the operator on the command line) see exact counts."""
    if actor.via_cli:
        return True
    mine = assigned_hub_ids(actor=actor)
    return bool(hubs) and all(hub.pk in mine for hub in hubs)


def last_twelve_months(today: dt.date) -> tuple[dt.date, dt.date]:
    """The default range: the year to today, from the day after the same date a year before."""
    try:
        start = today.replace(year=today.year - 1) + dt.timedelta(days=1)
    except ValueError:  # 29 February
        start = today.replace(year=today.year - 1, day=28) + dt.timedelta(days=1)
    return start, today


def parse_routes(text: str) -> tuple[str, ...]:
    """Routes typed as ``walk-in,self-referral``; ``InvalidInput`` naming any that is not a route."""
    codes = [part.strip().lower() for part in text.split(",") if part.strip()]
    unknown = [code for code in codes if code not in Route.values]
    if unknown:
        raise InvalidInput(
            {
                "route": [
                    f"Not a route: {', '.join(unknown)}. Routes are: {', '.join(Route.values)}",
                ]
            }
        )
    return tuple(dict.fromkeys(codes))


def scope_for(
    *,
    hubs: list[Hub],
    start_text: str = "",
    end_text: str = "",
    routes: tuple[str, ...] = (),
    exact: bool,
) -> Scope:
    """The scope asked for by dates as typed (2025-04-01 or 01/04/2025; blank: the last twelve
    months to today). ``InvalidInput`` with a reason for a date that is not one or a range backwards."""
    errors: dict[str, list[str]] = {}
    default_start, default_end = last_twelve_months(clock.today())
    start = default_start
    end = default_end
    if start_text.strip():
        found = parse_date(start_text)
        if found is None or found < EARLIEST:
            errors["from"] = [f"'{start_text.strip()}' is not a date: enter it as 2025-04-01 or 01/04/2025"]
        else:
            start = found
    if end_text.strip():
        found = parse_date(end_text)
        if found is None or found < EARLIEST:
            errors["to"] = [f"'{end_text.strip()}' is not a date: enter it as 2026-03-31 or 31/03/2026"]
        else:
            end = found
    if not errors and start > end:
        errors["to"] = ["The end date must not be before the start date"]
    if errors:
        raise InvalidInput(errors)
    return Scope(
        hub_ids=tuple(sorted(hub.pk for hub in hubs)), start=start, end=end, routes=routes, exact=exact
    )
