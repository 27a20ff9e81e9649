"""A hub's contacts counted: how many, by whom, by which route, with which needs, from where.

Every figure is counted in the database, in a few grouped passes over the contacts: Python adds up
the groups (a few hundred), never the contacts, so the cost grows with the rows the database reads
and nothing else (see the benchmark in docs/hub.md). The counts here are exact;
``dashboard.Disclosure`` applies the partnership's disclosure control for readers who are not the
hub's own workers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from wellboard.hub.calculations.scope import Scope
from wellboard.hub.calculations.summary import Totals, totals_for
from wellboard.hub.codes import AGE_BANDS, EXERCISE_REASONS, NEEDS, YOUNG_AGES, codes_of
from wellboard.hub.models import DayDimension, Hub, HubKind, Route, Sex

UNKNOWN = "unknown"  # a decile or ward not known (no LSOA recorded, or one the geography lacks)
WALK_IN_ROUTES = (Route.WALK_IN.value, Route.SELF_REFERRAL.value)


@dataclass(frozen=True)
class HubFigures:
    """Exact counts of the contacts of a scope. Each ``by_*`` maps every code of its list (0 where
    none), then any other code recorded, to the number of contacts."""

    contacts: int
    clients: int
    by_sex: dict[str, int]
    by_age_band: dict[str, int]
    by_route: dict[str, int]
    by_need: dict[str, int]
    by_exercise_reason: dict[str, int]
    referred_on: int
    partner_organisations: int
    partner_appointments: int
    by_deprivation_decile: dict[str, int] = field(default_factory=dict)
    by_ward: dict[str, int] = field(default_factory=dict)
    walk_ins: int = 0  # walk-ins and self-referrals
    walk_in_needs: dict[str, int] = field(default_factory=dict)
    by_partner: dict[int, int] = field(default_factory=dict)  # contacts with each partner, by its id

    def stats(self) -> dict[str, Any]:
        """The figures ``wellboard hub stats`` prints, with exactly its keys."""
        return {
            "contacts": self.contacts,
            "clients": self.clients,
            "by_sex": self.by_sex,
            "by_age_band": self.by_age_band,
            "by_route": self.by_route,
            "by_need": self.by_need,
            "by_exercise_reason": self.by_exercise_reason,
            "referred_on": self.referred_on,
            "partner_organisations": self.partner_organisations,
            "partner_appointments": self.partner_appointments,
        }


def every(codes: Iterable[str], counted: Counter[str]) -> dict[str, int]:
    """Every code listed, in its order, with its count (0 if none); then codes found that are not listed."""
    listed = list(codes)
    result = {code: int(counted.get(code, 0)) for code in listed}
    for code in sorted(set(counted) - set(listed)):
        result[code] = int(counted[code])
    return result


def age_codes(hubs: Iterable[Hub]) -> list[str]:
    """The age bands a set of hubs records: single years at a young people's hub, bands elsewhere."""
    kinds = {hub.kind for hub in hubs}
    codes: list[str] = []
    if kinds - {HubKind.YOUNG_PEOPLE}:
        codes += codes_of(AGE_BANDS)
    if HubKind.YOUNG_PEOPLE in kinds:
        codes += codes_of(YOUNG_AGES)
    return codes


def needs_of(value: object) -> set[str]:
    """The need codes of a group's list of needs (each counted once)."""
    return {str(code) for code in value} if isinstance(value, list) else set()


def hub_figures(
    scope: Scope, hubs: Iterable[Hub], *, areas: bool = True, totals: Totals | None = None
) -> HubFigures:
    """The exact figures of ``scope`` (whose hubs are ``hubs``), added up from the daily summary
    (``totals``, when the caller has read it already). ``areas``: also by ward and deprivation decile
    (the dashboard shows them; ``hub stats`` does not)."""
    found = totals if totals is not None else totals_for(scope)
    dim = DayDimension
    by_route = Counter(
        {route: n for (route, kind, _value), n in found.counts.items() if kind == dim.CONTACTS}
    )
    total = sum(by_route.values())
    partners = Counter({int(value): n for value, n in found.by(dim.PARTNER).items() if n})
    by_ward: Counter[str] = Counter()
    for ward, n in found.by(dim.WARD).items():
        by_ward[ward or UNKNOWN] += n
    by_decile: Counter[str] = Counter()
    for decile, n in found.by(dim.DECILE).items():
        by_decile[decile or UNKNOWN] += n
    hub_list = list(hubs)
    return HubFigures(
        contacts=total,
        clients=found.clients if total else 0,
        by_sex=every(Sex.values, found.by(dim.SEX)),
        by_age_band=every(age_codes(hub_list), found.by(dim.AGE)),
        by_route=every(Route.values, by_route),
        by_need=every(codes_of(NEEDS), found.by(dim.NEED)),
        by_exercise_reason=every(codes_of(EXERCISE_REASONS), found.by(dim.REASON)),
        referred_on=sum(found.by(dim.REFERRED).values()),
        partner_organisations=len(partners),
        partner_appointments=int(by_route.get(Route.PARTNER_APPOINTMENT.value, 0)),
        by_deprivation_decile=every([str(d) for d in range(1, 11)], by_decile) if areas else {},
        by_ward=dict(sorted(by_ward.items())) if areas else {},
        walk_ins=sum(by_route.get(code, 0) for code in WALK_IN_ROUTES),
        walk_in_needs=every(codes_of(NEEDS), found.by(dim.NEED, WALK_IN_ROUTES)),
        by_partner=dict(sorted(partners.items())),  # by id: the same order however counted
    )
