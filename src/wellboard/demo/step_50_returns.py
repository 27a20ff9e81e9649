"""The Covid recovery returns of summer 2020, replayed fortnight by fortnight.

Seven befriending organisations return the calls they made and the home visits they completed every
fortnight. Their approved returns add up to 8,060 calls and 3,390 visits, the "over 8,000 calls and
almost 3,400 home visits" the partnership reported; the last fortnight waits for approval. The council
returns its summer programme: So Active sessions and participants, Pop-up Play sessions by park,
activity packs and picnics given out. Most returns are on time; some are late, one was sent back
for changes and one is missing. Figures are invented to match the published totals.

Each return is submitted on the day it would have been, by holding the clock at that moment, so the
completeness grid shows real timeliness; the approver approves each fortnight's returns together two
days after the last one came in.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from wellboard.core import clock
from wellboard.core.access import Actor
from wellboard.core.periods import Period
from wellboard.demo import DemoContext
from wellboard.indicators.models import IndicatorKind
from wellboard.indicators.services import indicator_update
from wellboard.partners.models import Organisation
from wellboard.returns.models import Collection, MeasureValueType, Return
from wellboard.returns.services import (
    collection_create,
    measure_create,
    return_approve,
    return_save,
    return_send_back,
    returns_approve,
)
from wellboard.strategy.models import Initiative

BEFRIENDERS = [
    # (organisation slug, its share of the work)
    ("mind-in-mid-herts", 1.25),
    ("stevenage-helps", 1.15),
    ("stevenage-community-careline", 1.35),
    ("home-start-stevenage", 0.75),
    ("the-family-centre", 0.8),
    ("the-living-room", 0.7),
    ("stevenage-football-foundation", 1.0),
]
# How busy befriending was in each fortnight from 30 March 2020: the first lockdown's peak, then easing.
PROFILE = [1.5, 1.45, 1.35, 1.25, 1.1, 1.0, 0.95, 0.85, 0.8, 0.75, 0.7, 0.7, 0.75, 0.8]
CALLS_TOTAL = 8060  # across every approved return
VISITS_TOTAL = 3390
LATE = {("stevenage-helps", 2), ("stevenage-helps", 5), ("stevenage-helps", 9), ("the-living-room", 4),
        ("home-start-stevenage", 7), ("stevenage-community-careline", 11)}  # fmt: skip
SENT_BACK = ("stevenage-helps", 12)
MISSING = ("the-living-room", 13)
AWAITING_APPROVAL = 13  # the last fortnight: submitted, not yet approved

PARKS = [
    "Fairlands Valley Park",
    "King George V Playing Fields",
    "Hampson Park",
    "Shephalbury Park",
    "Town Centre Gardens",
    "St Nicholas Park",
    "Symonds Green Open Space",
    "Bandley Hill Park",
    "Chells Park",
    "Poplars Open Space",
    "Pin Green Open Space",
    "Canterbury Way Playing Fields",
]
AGE_BANDS = ["Children and young people", "Adults", "Older people"]
# Summer programme by fortnight from 6 July 2020.
SO_ACTIVE_SESSIONS = [4, 6, 6, 6, 5, 5]
SO_ACTIVE_PARTICIPANTS = [38, 55, 61, 58, 52, 49]
POP_UP_PLAY = [0, 0, 24, 24, 12, 0]  # 60 sessions over five weeks in August
ACTIVITY_PACKS = [0, 0, 420, 390, 210, 0]
PICNICS = [0, 60, 330, 310, 220, 0]


def at_hour(day: dt.date, hour: int = 11) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=clock.LONDON)


def _initiative(ctx: DemoContext, slug: str) -> Initiative:
    """The strategy step's initiative: every measure here counts towards one of them."""
    found: Initiative | None = ctx.shared.get("initiatives", {}).get(slug)
    if found is None:
        found = Initiative.objects.get(partnership=ctx.partnership, slug=slug)
    return found


def _befriending_figures(periods: int) -> dict[tuple[str, int], dict[str, int]]:
    """Calls and visits for every (organisation, fortnight) that sends a return.

    Each organisation's share follows its size and the lockdown's busy first weeks, with a
    deterministic wobble (more calls, fewer visits, or the other way round). The figures are scaled so
    that the *approved* returns add up exactly to the published totals; those still waiting for
    approval or sent back are on the same scale.
    """
    cells = [
        (slug, index, org_index, weight)
        for index in range(periods)
        for org_index, (slug, weight) in enumerate(BEFRIENDERS)
        if (slug, index) != MISSING
    ]
    figures: dict[tuple[str, int], dict[str, int]] = {(c[0], c[1]): {} for c in cells}
    for code, total, tilt in (("calls", CALLS_TOTAL, 1), ("visits", VISITS_TOTAL, -1)):
        raw = {
            (slug, index): weight * PROFILE[index] * (1 + tilt * ((org_index * 5 + index * 3) % 7 - 3) / 40)
            for slug, index, org_index, weight in cells
        }
        approved = {key for key in raw if _approved(*key)}
        scale = total / sum(raw[key] for key in approved)
        exact = {key: value * scale for key, value in raw.items()}
        for key, value in exact.items():
            figures[key][code] = math.floor(value) if key in approved else round(value)
        # Largest remainders first, so the approved figures add up to the total exactly.
        short = total - sum(figures[key][code] for key in approved)
        for key in sorted(approved, key=lambda k: exact[k] - math.floor(exact[k]), reverse=True)[:short]:
            figures[key][code] += 1
    return figures


def say_where_figures_come_from(ctx: DemoContext, collection: Collection, source: str) -> None:
    """Label the indicators a collection's measures feed with where their figures come from."""
    for measure in collection.measures.select_related("indicator"):
        indicator_update(by=ctx.actor, indicator=measure.indicator, expected_version=None, source=source)


def _approved(slug: str, index: int) -> bool:
    return (slug, index) != SENT_BACK and index != AWAITING_APPROVAL


def _split(total: int, parts: int, offset: int) -> list[int]:
    """``total`` shared over ``parts`` categories unevenly but deterministically, adding up exactly."""
    weights = [((i * 7 + offset * 3) % 5) + 2 for i in range(parts)]
    shares = [total * w // sum(weights) for w in weights]
    shares[offset % parts] += total - sum(shares)
    return shares


def submit_return(
    *,
    by: Actor,
    collection: Collection,
    organisation: Organisation,
    period: Period,
    values: dict[str, Any],
    late_days: int = 0,
) -> tuple[Return, dt.date]:
    """Submit a return on the day it came in (three days early, or ``late_days`` after the due date)."""
    due = collection.due_date(period)
    submitted = due - dt.timedelta(days=3) + dt.timedelta(days=late_days + (3 if late_days else 0))
    with clock.frozen_at(at_hour(submitted)):
        result = return_save(
            by=by,
            collection=collection,
            organisation=organisation,
            period=period,
            values=values,
            expected_version=None,
            submit=True,
        )
    return result.data_return, submitted


def _befriending(ctx: DemoContext, approver: Actor) -> Collection:
    organisations = [ctx.organisations[slug] for slug, _ in BEFRIENDERS]
    collection = collection_create(
        by=ctx.actor,
        name="Befriending calls and visits",
        description=(
            "Calls and home visits by befrienders to residents who were shielding or isolating, "
            "for food, prescriptions and someone to talk to. Returned every fortnight."
        ),
        frequency="fortnight",
        first_period_start=dt.date(2020, 3, 30),
        last_period_end=dt.date(2020, 10, 11),
        due_days=5,
        reminder_days=2,
        organisations=organisations,
    )
    befriending = _initiative(ctx, "befriending-calls")
    measure_create(
        by=ctx.actor,
        collection=collection,
        label="Befriending calls made",
        code="calls",
        value_type=MeasureValueType.COUNT,
        unit="calls",
        initiative=befriending,
        indicator_kind=IndicatorKind.HOW_MUCH,
        change_threshold=150,
        help_text="Count every call that reached the resident; leave out unanswered calls.",
    )
    measure_create(
        by=ctx.actor,
        collection=collection,
        label="Home visits completed",
        code="visits",
        value_type=MeasureValueType.COUNT,
        unit="visits",
        initiative=befriending,
        indicator_kind=IndicatorKind.HOW_MUCH,
        help_text="Doorstep and garden visits, including food and prescription drop-offs.",
    )
    periods = collection.periods(until=dt.date(2020, 10, 11))
    figures = _befriending_figures(len(periods))
    mind = ctx.actor_for("mind") if "mind" in ctx.users else ctx.actor
    for index, period in enumerate(periods):
        to_approve: list[Return] = []
        last_in = period.end
        for slug, _weight in BEFRIENDERS:
            if (slug, index) == MISSING:
                continue
            organisation = ctx.organisations[slug]
            data_return, submitted = submit_return(
                by=mind if slug == "mind-in-mid-herts" else ctx.actor,
                collection=collection,
                organisation=organisation,
                period=period,
                values=dict(figures[(slug, index)]),
                late_days=4 if (slug, index) in LATE else 0,
            )
            last_in = max(last_in, submitted)
            if _approved(slug, index):
                to_approve.append(data_return)
            elif (slug, index) == SENT_BACK:
                with clock.frozen_at(at_hour(collection.due_date(period) + dt.timedelta(days=1), 16)):
                    return_send_back(
                        by=approver,
                        data_return=data_return,
                        reason=(
                            "The home visits look like they include the food parcel deliveries counted by "
                            "the council's hub. Please take those out and submit again."
                        ),
                        expected_version=None,
                    )
        # The approver goes through the fortnight's returns together once the last one is in.
        if to_approve:
            with clock.frozen_at(at_hour(last_in + dt.timedelta(days=2), 15)):
                returns_approve(by=approver, data_returns=to_approve)
    return collection


def _summer(ctx: DemoContext, approver: Actor) -> Collection:
    council = ctx.organisations["stevenage-borough-council"]
    collection = collection_create(
        by=ctx.actor,
        name="Summer activities 2020",
        description="So Active, Pop-up Play, activity packs and picnics for families during the recovery.",
        frequency="fortnight",
        first_period_start=dt.date(2020, 7, 6),
        last_period_end=dt.date(2020, 9, 27),
        due_days=10,
        organisations=[council],
    )
    so_active = _initiative(ctx, "so-active")
    pop_up = _initiative(ctx, "pop-up-play")
    common: dict[str, Any] = {"by": ctx.actor, "collection": collection, "value_type": MeasureValueType.COUNT}
    measure_create(
        label="So Active sessions delivered",
        code="so_active_sessions",
        unit="sessions",
        initiative=so_active,
        **common,
    )
    measure_create(
        label="So Active participants",
        code="so_active_participants",
        unit="people",
        initiative=so_active,
        breakdowns=[{"name": "Age band", "categories": AGE_BANDS}],
        **common,
    )
    measure_create(
        label="Pop-up Play sessions",
        code="pop_up_play_sessions",
        unit="sessions",
        initiative=pop_up,
        required=False,
        breakdowns=[{"name": "Park", "categories": PARKS}],
        **common,
    )
    optional = {**common, "initiative": pop_up, "required": False}
    measure_create(label="Activity packs given out", code="activity_packs", unit="packs", **optional)
    measure_create(label="Picnics given out", code="picnics", unit="picnics", **optional)
    council_contributor = ctx.actor_for("council") if "council" in ctx.users else ctx.actor
    for index, period in enumerate(collection.periods(until=dt.date(2020, 9, 27))):
        values: dict[str, Any] = {
            "so_active_sessions": SO_ACTIVE_SESSIONS[index],
            "so_active_participants": SO_ACTIVE_PARTICIPANTS[index],
            "pop_up_play_sessions": POP_UP_PLAY[index],
            "activity_packs": ACTIVITY_PACKS[index],
            "picnics": PICNICS[index],
        }
        for ci, share in enumerate(_split(SO_ACTIVE_PARTICIPANTS[index], len(AGE_BANDS), index)):
            values[f"so_active_participants__b0c{ci}"] = share
        if POP_UP_PLAY[index]:
            for ci, share in enumerate(_split(POP_UP_PLAY[index], len(PARKS), index)):
                values[f"pop_up_play_sessions__b0c{ci}"] = share
        data_return, submitted = submit_return(
            by=council_contributor,
            collection=collection,
            organisation=council,
            period=period,
            values=values,
            late_days=6 if index == 3 else 0,
        )
        with clock.frozen_at(at_hour(submitted + dt.timedelta(days=2), 15)):
            return_approve(by=approver, data_return=data_return, expected_version=None)
    return collection


def load(ctx: DemoContext) -> None:
    approver = ctx.actor_for("approver") if "approver" in ctx.users else ctx.actor
    befriending = _befriending(ctx, approver)
    say_where_figures_come_from(
        ctx,
        befriending,
        "Befriending calls and visits returns. Fortnightly figures invented for the demo; the approved "
        "returns add up to the 8,060 calls and 3,390 visits the partnership reported.",
    )
    summer = _summer(ctx, approver)
    say_where_figures_come_from(
        ctx,
        summer,
        "Summer activities 2020 returns from Stevenage Borough Council. Fortnightly figures invented for "
        "the demo to match the totals the partnership reported.",
    )
    ctx.shared["collections"] = {befriending.slug: befriending, summer.slug: summer}
