"""The main Healthy Hub's money and room use, month by month from April 2025 to October 2026.

The partnership's write-up says the hub "has achieved financial stability through increasing the
take-up of exercise referral memberships and hiring rooms to partners", so that it "can function
independent of any future subsidy". The invented figures tell that story: partners book rooms 70 to
95 times a month at about £48 a booking, exercise-referral patients take memberships at £32 (more
as referrals grow), a little other income comes from sessions and the café, and together they cover
a running cost of about £6,900 a month, rising with the April 2026 pay award. Only the quiet
Augusts fall a little short: over the 19 months the hub more than pays its way.

Kemi Adebayo, the hub worker, enters each month early in the next.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from wellboard.core import clock
from wellboard.core.access import Actor
from wellboard.demo import DemoContext
from wellboard.demo.step_60_hub.activity import EXERCISE_REFERRALS, FIRST_MONTH, SEASON
from wellboard.hub.models import Hub
from wellboard.hub.services import hub_month_save

MONTHS = len(EXERCISE_REFERRALS)  # April 2025 to October 2026
BOOKING = Decimal("48.00")
MEMBERSHIP = Decimal("32.00")
RUNNING_COST = (Decimal("6900.00"), Decimal("7150.00"))  # 2025/26, then from April 2026


def month_start(index: int) -> dt.date:
    year, month = divmod(FIRST_MONTH.month - 1 + index, 12)
    return dt.date(FIRST_MONTH.year + year, month + 1, 1)


def month_figures(index: int) -> dict[str, object]:
    """One month's figures, ``index`` months after April 2025."""
    season = SEASON[index % 12]
    growth = 1 + index / 60  # partners book more as the hub becomes known
    bookings = round(78 * season * growth) + (index * 5) % 7 - 3
    memberships = round(EXERCISE_REFERRALS[index] * 2.4 * growth)
    other = Decimal(round(1450 * season + (index * 37) % 120)).quantize(Decimal("0.01"))
    cost = RUNNING_COST[0] if index < 12 else RUNNING_COST[1]
    # Utilities and repairs wobble a little from month to month.
    cost += Decimal((index * 53) % 180 - 90)
    return {
        "room_bookings": bookings,
        "room_hire_income": (BOOKING * bookings).quantize(Decimal("0.01")),
        "memberships": memberships,
        "membership_income": (MEMBERSHIP * memberships).quantize(Decimal("0.01")),
        "other_income": other,
        "running_cost": cost.quantize(Decimal("0.01")),
    }


def load(ctx: DemoContext) -> None:
    hub = Hub.objects.filter(partnership=ctx.partnership, slug="healthy-hub").first()
    if hub is None:
        return
    worker: Actor = ctx.actor_for("hub") if "hub" in ctx.users else ctx.actor
    for index in range(MONTHS):
        month = month_start(index)
        entered = month_start(index + 1) + dt.timedelta(days=4)
        with clock.frozen_at(dt.datetime(entered.year, entered.month, entered.day, 10, tzinfo=clock.LONDON)):
            hub_month_save(by=worker, hub=hub, month=month, expected_version=0, **month_figures(index))
    ctx.log(f"    Healthy Hub money: {MONTHS} months of room hire, memberships and running cost")
