"""What became of the onward referrals made from a scope's contacts: how many reached each status,
and the share accepted, attended, not attended and declined, per service and per need, with Wilson
95% confidence intervals.

A referral counts by the status it stands at now. A referral the service accepted and the person
then attended (or missed) counts as accepted too, since it was accepted first; a closed referral
counts in the total only, since closing says nothing of what happened before.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

import numpy as np

from wellboard import stats
from wellboard.directory.models import Service
from wellboard.hub.calculations.scope import Scope
from wellboard.hub.calculations.summary import Totals, totals_for
from wellboard.hub.models import DayDimension, ReferralStatus

S = ReferralStatus
# Which current statuses count towards each outcome.
OUTCOMES: dict[str, tuple[str, ...]] = {
    "accepted": (S.ACCEPTED.value, S.ATTENDED.value, S.DID_NOT_ATTEND.value),
    "attended": (S.ATTENDED.value,),
    "did_not_attend": (S.DID_NOT_ATTEND.value,),
    "declined": (S.DECLINED.value,),
}
OUTCOME_LABELS = {
    "accepted": "Accepted",
    "attended": "Attended",
    "did_not_attend": "Did not attend",
    "declined": "Declined",
}


@dataclass(frozen=True)
class Share:
    """One outcome of a group's referrals: how many of ``total``, as a percentage with 95% limits."""

    count: int
    total: int
    percent: float | None
    lower: float | None
    upper: float | None


@dataclass(frozen=True)
class OutcomeRow:
    """One service's (or need's) referrals: their total, and each outcome's share."""

    key: str
    label: str
    total: int
    shares: dict[str, Share]


@dataclass(frozen=True)
class ReferralFigures:
    total: int
    by_status: dict[str, int]
    by_service: list[OutcomeRow]
    by_need: list[OutcomeRow]


def outcome_rows(groups: dict[str, Counter[str]], labels: dict[str, str]) -> list[OutcomeRow]:
    keys = sorted(groups, key=lambda key: (-sum(groups[key].values()), labels.get(key, key)))
    if not keys:
        return []
    totals = np.array([sum(groups[key].values()) for key in keys], dtype=float)
    shares: dict[str, list[Share]] = {}
    for outcome, statuses in OUTCOMES.items():
        counts = np.array([sum(groups[key][s] for s in statuses) for key in keys], dtype=float)
        estimate = stats.proportion(counts, totals, multiplier=100)
        shares[outcome] = [
            Share(
                count=int(counts[i]),
                total=int(totals[i]),
                percent=float(estimate.value[i]) if totals[i] > 0 else None,
                lower=float(estimate.lower[i]) if totals[i] > 0 else None,
                upper=float(estimate.upper[i]) if totals[i] > 0 else None,
            )
            for i in range(len(keys))
        ]
    return [
        OutcomeRow(
            key=key,
            label=labels.get(key, key),
            total=int(totals[i]),
            shares={outcome: shares[outcome][i] for outcome in OUTCOMES},
        )
        for i, key in enumerate(keys)
    ]


def referral_figures(
    scope: Scope, *, need_labels: dict[str, str], totals: Totals | None = None
) -> ReferralFigures:
    """The referrals made from the scope's contacts, by service and status and by the contact's
    needs and status, added up from the daily summary (``totals``, when read already)."""
    found = totals if totals is not None else totals_for(scope)
    by_service: dict[str, Counter[str]] = defaultdict(Counter)
    by_status: Counter[str] = Counter()
    for value, n in found.by(DayDimension.REFERRAL_SERVICE).items():
        service, status = value.split(" ", 1)
        by_service[service][status] += n
        by_status[status] += n
    by_need: dict[str, Counter[str]] = defaultdict(Counter)
    for value, n in found.by(DayDimension.REFERRAL_NEED).items():
        need, status = value.split(" ", 1)
        by_need[need][status] += n
    names = dict(Service.objects.filter(pk__in=[int(key) for key in by_service]).values_list("pk", "name"))
    return ReferralFigures(
        total=sum(by_status.values()),
        by_status={status: int(by_status.get(status, 0)) for status in S.values},
        by_service=outcome_rows(by_service, {key: str(names.get(int(key), key)) for key in by_service}),
        by_need=outcome_rows(by_need, need_labels),
    )
