"""The Healthy Hub's monthly activity return, from Stevenage Leisure, since April 2025.

The hub counts what the partnership's write-up of it counts: visitors (by sex and age band),
walk-ins and self-referrals (by main need), onward referrals to community partners, appointments
partners hold there, and exercise-on-referral patients by reason for referral. The monthly figures
are invented in the proportions that write-up gives (55% of visitors women, half of them aged 45 to
64, a third of walk-ins needing mental health support, two in five referred on; referrals 42% for
weight loss, 18% controlled diabetes, 17% musculoskeletal, 15% cardiac, 8% back pain) and match the
exercise-referral numbers in the strategy's progress updates (81 in October to December 2025, 318 in
2025/26, a dip in summer 2026).

Jordan Reid returns each month three days before it is due (two came in late) and the approver
approves it two days later, up to September 2026; October's return waits for approval and
November's is still to do, as the partnership stood on the demo's date in late November 2026.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from wellboard.core import clock
from wellboard.core.access import Actor
from wellboard.demo import DemoContext
from wellboard.demo.step_50_returns import at_hour, say_where_figures_come_from, submit_return
from wellboard.demo.strategy_data import LEISURE
from wellboard.indicators.models import IndicatorKind
from wellboard.returns.models import Collection, MeasureValueType
from wellboard.returns.services import collection_create, measure_create, return_approve
from wellboard.strategy.models import Initiative

FIRST_MONTH = dt.date(2025, 4, 1)
# Exercise on referral, April 2025 onwards: 81 in Oct-Dec 2025 and 318 in 2025/26, as the strategy's
# updates report, then a dip while one practice changed systems (July to September 2026).
EXERCISE_REFERRALS = [24, 27, 26, 25, 22, 28, 29, 28, 24, 30, 27, 28, 27, 28, 26, 19, 17, 18, 25]
RETURNED = len(EXERCISE_REFERRALS)  # April 2025 to October 2026
APPROVED = RETURNED - 1  # October 2026's return waits for approval
LATE = {8: 6, 15: 4}  # December 2025 (the holidays) and July 2026: days late
# A year's shape: quieter in August and December, busiest in January and the spring.
SEASON = [1.0, 1.02, 0.97, 0.94, 0.86, 0.98, 1.03, 1.01, 0.84, 1.12, 1.06, 1.05]

SEXES = ("Female", "Male"), (55, 45)
AGE_BANDS = ("Under 18", "18 to 44", "45 to 64", "65 and over"), (8, 26, 51, 15)
NEEDS = (
    ("Mental health", "Physical activity", "Stopping smoking", "Healthy weight", "Other"),
    (35, 25, 15, 15, 10),
)
REASONS = (
    ("Back pain", "Cardiac related", "Controlled diabetes", "Musculoskeletal", "Weight loss"),
    (8, 15, 18, 17, 42),
)


def shares(total: int, weights: tuple[int, ...]) -> list[int]:
    """``total`` split in proportion to ``weights``, largest remainders first, adding up exactly."""
    exact = [total * w / sum(weights) for w in weights]
    parts = [int(x) for x in exact]
    largest_remainders = sorted(range(len(exact)), key=lambda i: exact[i] - parts[i], reverse=True)
    for index in largest_remainders[: total - sum(parts)]:
        parts[index] += 1
    return parts


def month_figures(index: int) -> dict[str, Any]:
    """One month's return, ``index`` months after April 2025, with every breakdown adding up."""
    season = SEASON[index % 12]
    wobble = ((index * 7) % 5 - 2) / 100
    visitors = round(440 * (season + wobble))
    walk_ins = round(15 * season) + (index * 3) % 4 - 1
    onward = round(walk_ins * 0.4) + (1 if index % 3 == 0 else 0)
    values: dict[str, Any] = {
        "visitors": visitors,
        "walk_ins": walk_ins,
        "onward_referrals": onward,
        "partner_appointments": round(180 * (season - wobble)),
        "exercise_referrals": EXERCISE_REFERRALS[index],
    }
    for code, breakdowns in (
        ("visitors", (SEXES, AGE_BANDS)),
        ("walk_ins", (NEEDS,)),
        ("exercise_referrals", (REASONS,)),
    ):
        for b, (_categories, weights) in enumerate(breakdowns):
            for c, share in enumerate(shares(values[code], weights)):
                values[f"{code}__b{b}c{c}"] = share
    return values


def _breakdown(name: str, spec: tuple[tuple[str, ...], tuple[int, ...]]) -> dict[str, Any]:
    return {"name": name, "categories": list(spec[0])}


def _collection(ctx: DemoContext, hub: Initiative) -> Collection:
    collection = collection_create(
        by=ctx.actor,
        name="Healthy Hub activity",
        description=(
            "What the Healthy Hub did each month: visitors, walk-ins and self-referrals, referrals on to "
            "community partners, partner appointments and exercise-on-referral patients."
        ),
        frequency="month",
        first_period_start=FIRST_MONTH,
        due_days=10,
        reminder_days=3,
        organisations=[ctx.organisations[LEISURE]],
    )
    common: dict[str, Any] = {
        "by": ctx.actor,
        "collection": collection,
        "value_type": MeasureValueType.COUNT,
        "initiative": hub,
        "indicator_kind": IndicatorKind.HOW_MUCH,
    }
    measure_create(
        label="Visitors",
        code="visitors",
        unit="visits",
        breakdowns=[_breakdown("Sex", SEXES), _breakdown("Age band", AGE_BANDS)],
        help_text="Every visit to the hub, including exercise-referral sessions and partner appointments.",
        **common,
    )
    measure_create(
        label="Walk-ins and self-referrals",
        code="walk_ins",
        unit="people",
        breakdowns=[_breakdown("Main need", NEEDS)],
        help_text="People who came in or referred themselves, by the need they came with.",
        **common,
    )
    measure_create(
        label="Onward referrals to community partners",
        code="onward_referrals",
        unit="referrals",
        help_text="Walk-ins and self-referrals the hub referred on to a partner organisation.",
        **common,
    )
    measure_create(
        label="Partner appointments",
        code="partner_appointments",
        unit="appointments",
        help_text="Appointments the partner organisations that use the hub held there.",
        **common,
    )
    measure_create(
        label="Exercise on referral patients",
        code="exercise_referrals",
        unit="patients",
        breakdowns=[_breakdown("Reason for referral", REASONS)],
        help_text="New patients referred by GPs and primary care networks, by the main reason.",
        **common,
    )
    return collection


def load_activity(ctx: DemoContext) -> None:
    hub = ctx.shared.get("initiatives", {}).get("healthy-hub") or Initiative.objects.get(
        partnership=ctx.partnership, slug="healthy-hub"
    )
    collection = _collection(ctx, hub)
    say_where_figures_come_from(
        ctx,
        collection,
        "Healthy Hub activity returns from Stevenage Leisure. Monthly figures invented for the demo in "
        "the proportions of the hub's published write-up.",
    )
    leisure: Actor = ctx.actor_for("leisure") if "leisure" in ctx.users else ctx.actor
    approver: Actor = ctx.actor_for("approver") if "approver" in ctx.users else ctx.actor
    organisation = ctx.organisations[LEISURE]
    months = collection.periods(until=dt.date(2026, 10, 31))[:RETURNED]
    for index, period in enumerate(months):
        data_return, submitted = submit_return(
            by=leisure,
            collection=collection,
            organisation=organisation,
            period=period,
            values=month_figures(index),
            late_days=LATE.get(index, 0),
        )
        if index < APPROVED:
            with clock.frozen_at(at_hour(submitted + dt.timedelta(days=2), 15)):
                return_approve(by=approver, data_return=data_return, expected_version=None)
    ctx.shared.setdefault("collections", {})[collection.slug] = collection
    ctx.log(f"    Healthy Hub activity: {len(months)} monthly returns, {APPROVED} approved")
