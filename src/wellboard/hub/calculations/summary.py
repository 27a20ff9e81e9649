"""A scope's figures read from the hubs' daily summary (``HubDayTotal``, kept by
``hub.services.daily_totals``): at most one short row per hub, day and route, whose packed counts are
added up and whose client sets are united in memory, instead of a count over every visit. See
docs/adr/0016-hub-daily-totals.md."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

import numpy as np

from wellboard.hub.calculations.scope import Scope
from wellboard.hub.models import HubDayTotal, HubTotalKey


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
    """The summary of ``scope``: its days' counts added up route by route, and its distinct clients
    (the union of its days' client sets). One query for the rows, one for the names of what they count."""
    rows = HubDayTotal.objects.filter(date__gte=scope.start, date__lte=scope.end)
    if len(scope.hub_ids) == 1:
        rows = rows.filter(hub_id=scope.hub_ids[0])
    else:
        rows = rows.filter(hub_id__in=scope.hub_ids)
    if scope.routes:
        rows = rows.filter(route__in=scope.routes)
    blobs: dict[str, list[bytes]] = defaultdict(list)
    sets: list[bytes] = []
    for route, counts, clients in rows.order_by().values_list("route", "counts", "clients"):
        blobs[route].append(bytes(counts))
        sets.append(bytes(clients))
    summed: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for route, parts in blobs.items():
        # Each row's counts are (key id, count) pairs, so the rows joined end to end are too.
        pairs = np.frombuffer(b"".join(parts), dtype="<u4").reshape(-1, 2)
        total = np.bincount(pairs[:, 0], weights=pairs[:, 1])
        present = np.flatnonzero(total)
        summed[route] = (present, total[present])
    wanted = sorted({int(k) for present, _ in summed.values() for k in present})
    names: dict[int, tuple[str, str]] = {}
    for start in range(0, len(wanted), 400):
        names.update(
            (pk, (dimension, value))
            for pk, dimension, value in HubTotalKey.objects.filter(
                pk__in=wanted[start : start + 400]
            ).values_list("pk", "dimension", "value")
        )
    found: Counter[tuple[str, str, str]] = Counter()
    for route, (present, total) in summed.items():
        for key, n in zip(present.tolist(), total.tolist(), strict=True):
            dimension, value = names[key]
            found[(route, dimension, value)] += round(n)
    numbers = np.frombuffer(b"".join(sets), dtype="<i8")
    # The numbers are small, so marking each one seen is a single pass, where sorting them is not.
    seen = np.zeros(int(numbers.max()) + 1 if numbers.size else 0, dtype=bool)
    seen[numbers] = True
    return Totals(counts=found, clients=int(np.count_nonzero(seen)))
