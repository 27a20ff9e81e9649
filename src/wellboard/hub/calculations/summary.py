"""A scope's figures read from the hubs' daily summary (``HubDayTotal`` and ``HubDayClients``, kept by
``hub.services.daily_totals``): one grouped sum over a few hundred rows a day, and the union of the
days' client sets, instead of a count over every visit. See docs/adr/0015-hub-daily-totals.md."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np
from django.db.models import Sum

from wellboard.hub.calculations.scope import Scope
from wellboard.hub.models import HubDayClients, HubDayTotal


@dataclass(frozen=True)
class Totals:
    """What a scope's days add up to: ``counts`` by (route, dimension, value), and the number of
    distinct ``clients`` across them."""

    counts: Counter[tuple[str, str, str]]
    clients: int

    def by(self, dimension: str, routes: tuple[str, ...] = ()) -> Counter[str]:
        """One dimension's counts by value, over every route or over ``routes``."""
        found: Counter[str] = Counter()
        for (route, kind, value), n in self.counts.items():
            if kind == dimension and (not routes or route in routes):
                found[value] += n
        return found


def totals_for(scope: Scope) -> Totals:
    """The summary of ``scope``: its counts, and its distinct clients (the union of its days' sets)."""
    totals = HubDayTotal.objects.filter(date__gte=scope.start, date__lte=scope.end)
    clients = HubDayClients.objects.filter(date__gte=scope.start, date__lte=scope.end)
    if len(scope.hub_ids) == 1:
        totals = totals.filter(hub_id=scope.hub_ids[0])
        clients = clients.filter(hub_id=scope.hub_ids[0])
    else:
        totals = totals.filter(hub_id__in=scope.hub_ids)
        clients = clients.filter(hub_id__in=scope.hub_ids)
    if scope.routes:
        totals = totals.filter(route__in=scope.routes)
        clients = clients.filter(route__in=scope.routes)
    counts: Counter[tuple[str, str, str]] = Counter()
    for route, dimension, value, n in (
        totals.order_by()
        .values("route", "dimension", "value")
        .annotate(n=Sum("count"))
        .values_list("route", "dimension", "value", "n")
    ):
        counts[(route, dimension, value)] += int(n)
    sets = [bytes(blob) for blob in clients.order_by().values_list("clients", flat=True)]
    numbers = np.frombuffer(b"".join(sets), dtype="<i8")
    return Totals(counts=counts, clients=int(np.unique(numbers).size))
