"""From returns to results: approved figures become observations of their measures' indicators.

For each measure and period the partnership's total is recomputed across organisations whenever a
return is approved or un-approved. Counts and amounts add; percentages and rates are recomputed from
the summed numerators and denominators by the indicator's official method
(``wellboard.indicators.calculations.combine``, through ``observations_publish_from_returns``).
Each organisation's own figure is kept too (category "Organisation"), and breakdowns are totalled
across organisations (sex and age band into the observation's sex and age; others such as ward or
park as categories).

Observations are written for the partnership's home area (its ``area_code``); a partnership whose
area is not loaded yet gets none, and the reach dashboard (which reads the returns themselves) still
shows every total.

The total's status is *final* only when every organisation asked has an approved return for the
period, and *provisional* until then. An organisation whose return is un-approved keeps its row, marked
provisional and "under review", until it is approved again.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import TypedDict

import numpy as np
from django.db import transaction

from wellboard.core.access import Actor
from wellboard.core.importing import ImportReport
from wellboard.core.periods import Period
from wellboard.indicators.calculations import FROM_TOTALS, combine
from wellboard.indicators.models import ObservationStatus
from wellboard.indicators.selectors import DEFAULT_AGE, DEFAULT_SEX, home_area
from wellboard.indicators.services import ObservationInput, observations_publish_from_returns
from wellboard.returns.models import Collection, Figure, Measure, Return, ReturnStatus
from wellboard.returns.selectors import measure_list

SOURCE = "returns"
ORGANISATION = "Organisation"
SEX_NAMES = frozenset({"sex", "gender"})
AGE_NAMES = frozenset({"age", "age band", "age group"})


@dataclass(frozen=True)
class _Part:
    organisation: str
    breakdown: str
    category: str
    value: Decimal | None
    denominator: Decimal | None


def _breakdown_fields(breakdown: str, category: str) -> dict[str, str]:
    name = breakdown.strip().lower()
    if not breakdown:
        return {}
    if name in SEX_NAMES:
        return {"sex": category}
    if name in AGE_NAMES:
        return {"age": category}
    return {"category_type": breakdown, "category": category}


def observation_rows(
    measure: Measure,
    period: Period,
    area_code: str,
    parts: list[_Part],
    *,
    expected: int,
    withdrawn: set[str],
) -> list[ObservationInput]:
    """The observations for one measure and period from the organisations' figures."""
    rows: list[ObservationInput] = []
    has_den = measure.kind.has_denominator
    method = measure.indicator.method
    multiplier = float(measure.multiplier)
    approved_orgs = {p.organisation for p in parts if p.organisation not in withdrawn}
    complete = len(approved_orgs) >= expected
    status = ObservationStatus.FINAL if complete else ObservationStatus.PROVISIONAL
    note = "" if complete else f"{len(approved_orgs)} of {expected} organisations' returns approved so far"

    groups: dict[tuple[str, str], list[_Part]] = defaultdict(list)
    for part in parts:
        if part.organisation in withdrawn or part.value is None or (has_den and part.denominator is None):
            continue
        groups[(part.breakdown, part.category)].append(part)
    keys = [("", ""), *sorted(k for k in groups if k != ("", ""))]
    for key in keys:
        members = groups.get(key, [])
        fields = _breakdown_fields(*key)
        if not members:
            if key == ("", ""):
                rows.append(
                    ObservationInput(
                        area_code=area_code,
                        period=period.code,
                        status=ObservationStatus.PROVISIONAL,
                        note="No approved returns for this period yet",
                    )
                )
            continue
        figures = _combined(members, method=method, multiplier=multiplier, has_den=has_den)
        rows.append(
            ObservationInput(
                area_code=area_code,
                period=period.code,
                status=status,
                note=note,
                sex=fields.get("sex", DEFAULT_SEX),
                age=fields.get("age", DEFAULT_AGE),
                category_type=fields.get("category_type", ""),
                category=fields.get("category", ""),
                **figures,
            )
        )
    for part in parts:
        if part.breakdown or part.value is None or (has_den and part.denominator is None):
            continue
        under_review = part.organisation in withdrawn
        rows.append(
            ObservationInput(
                area_code=area_code,
                period=period.code,
                category_type=ORGANISATION,
                category=part.organisation,
                status=ObservationStatus.PROVISIONAL if under_review else ObservationStatus.FINAL,
                note="Return un-approved; figure under review" if under_review else "",
                **_combined([part], method=method, multiplier=multiplier, has_den=has_den),
            )
        )
    return rows


class _Figures(TypedDict):
    count: float | None
    denominator: float | None
    value: float | None
    lower95: float | None
    upper95: float | None
    lower998: float | None
    upper998: float | None


def _combined(members: list[_Part], *, method: str, multiplier: float, has_den: bool) -> _Figures:
    """Count, denominator, value and limits of parts added together, by the indicator's method and the
    measure's multiplier (so a percentage is per 100 however the indicator was first set up)."""
    figures = combine(
        keys=[0] * len(members),
        method=method if has_den and method in FROM_TOTALS else "none",
        multiplier=multiplier,
        count=np.array([float(m.value or 0) for m in members]),
        denominator=np.array([float(m.denominator or 0) for m in members]) if has_den else None,
    )
    row = figures.row(0)
    return _Figures(
        count=float(figures.count[0]) if figures.count is not None else None,
        denominator=float(figures.denominator[0]) if figures.denominator is not None else None,
        value=row["value"],
        lower95=row["lower95"],
        upper95=row["upper95"],
        lower998=row["lower998"],
        upper998=row["upper998"],
    )


@transaction.atomic
def results_publish(
    *, by: Actor, collection: Collection, period: Period, withdrawn: Return | None = None
) -> list[ImportReport]:
    """Write (or refresh) the observations of every measure of ``collection`` for ``period``.

    ``withdrawn`` is a return that has just been un-approved: its organisation's figures are left
    out of the totals and its own rows are marked as under review.
    """
    area = home_area(actor=by)
    if area is None:
        return []
    measures = measure_list(collection=collection)
    statuses = [ReturnStatus.APPROVED]
    figures = Figure.objects.filter(
        data_return__collection=collection, data_return__period=period.code
    ).select_related("data_return__organisation")
    if withdrawn is not None:
        figures = figures.filter(data_return__status__in=statuses) | figures.filter(data_return=withdrawn)
    else:
        figures = figures.filter(data_return__status__in=statuses)
    parts: dict[int, list[_Part]] = defaultdict(list)
    for figure in figures:
        parts[figure.measure_id].append(
            _Part(
                figure.data_return.organisation.name,
                figure.breakdown,
                figure.category,
                figure.value,
                figure.denominator,
            )
        )
    expected = collection.organisations.count()
    gone = {withdrawn.organisation.name} if withdrawn is not None else set()
    reports = []
    for measure in measures:
        rows = observation_rows(
            measure, period, area.code, parts.get(measure.pk, []), expected=expected, withdrawn=gone
        )
        reports.append(
            observations_publish_from_returns(by=by, indicator=measure.indicator, rows=rows, source=SOURCE)
        )
    return reports
