"""A dashboard's figures: worked out once per scope and data version (cached), then shown exactly to
the hub's own workers and through the partnership's disclosure control to everyone else."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from wellboard.core.cache import cached
from wellboard.hub.calculations.figures import HubFigures, hub_figures
from wellboard.hub.calculations.money import MoneyFigures, money_figures
from wellboard.hub.calculations.referrals import ReferralFigures, referral_figures
from wellboard.hub.calculations.scope import Scope
from wellboard.hub.calculations.summary import totals_for
from wellboard.hub.codes import NEEDS
from wellboard.hub.models import Hub
from wellboard.publishing.disclosure import SUPPRESSED_MARKER, disclose_counts, disclose_derived, rule_for


@dataclass(frozen=True)
class DashboardFigures:
    """Exact figures, the same for every reader of the partnership: safe to cache on its data version."""

    contacts: HubFigures
    referrals: ReferralFigures
    money: MoneyFigures


def dashboard_figures(*, partnership_id: int, scope: Scope, hubs: list[Hub]) -> DashboardFigures:
    def build() -> DashboardFigures:
        totals = totals_for(scope)
        return DashboardFigures(
            contacts=hub_figures(scope, hubs, totals=totals),
            referrals=referral_figures(scope, need_labels=dict(NEEDS), totals=totals),
            money=money_figures(hubs, scope.start, scope.end),
        )

    return cached(partnership_id=partnership_id, name="hub-dashboard", parts=scope.parts(), build=build)


@dataclass(frozen=True)
class Shown:
    """A count as the reader may see it: ``value`` (None when suppressed) and its text ('*' then)."""

    value: int | None
    suppressed: bool

    @property
    def text(self) -> str:
        if self.suppressed:
            return SUPPRESSED_MARKER
        return "" if self.value is None else f"{self.value:,}"


class Disclosure:
    """How counts are shown to one reader: exactly (``rule`` None) or under the partnership's rule."""

    def __init__(self, rule: str | None) -> None:
        self.rule = rule

    @property
    def exact(self) -> bool:
        return self.rule is None

    @property
    def description(self) -> str:
        return "" if self.rule is None else rule_for(self.rule).description

    def counts(self, values: Sequence[int]) -> list[Shown]:
        """A column of counts that add up to a shown total (secondary suppression if the rule asks)."""
        if self.rule is None or not values:
            return [Shown(int(v), False) for v in values]
        result = disclose_counts([float(v) for v in values], rule=self.rule)
        return [
            Shown(None if hidden else int(value), bool(hidden))
            for value, hidden in zip(result.values, result.suppressed, strict=True)
        ]

    def count(self, value: int) -> Shown:
        return self.counts([value])[0]

    def mapping(self, values: Mapping[str, int]) -> dict[str, Shown]:
        keys = list(values)
        return dict(zip(keys, self.counts([values[k] for k in keys]), strict=True))

    def derived(self, values: Sequence[float | None], hidden: Sequence[bool]) -> list[float | None]:
        """Percentages and limits, blanked wherever a count they come from is suppressed."""
        if self.rule is None:
            return list(values)
        result = disclose_derived(
            [np.nan if v is None else v for v in values], np.asarray(hidden, dtype=bool)
        )
        return [None if not np.isfinite(v) else float(v) for v in result.values]
