"""Wellbeing before and after: So Active's participants (SWEMWBS) and the Healthy Hub's own
wellbeing sessions (ONS4), with So Active's results published to its "Is anyone better off?" measures.

So Active: 120 invented participants over two summers (60 in 2025, 60 in 2026), each asked SWEMWBS
when they joined (May to June) and again when the summer's sessions ended (September). Most answered
both times; some missed the end (seven each summer) and a few were first asked only at the end
(three each summer). Starting scores are a little below the population's (a raw total of about 21,
a metric score near 19) and the typical change is about two raw points, with people who change
little or get worse: plausible for a community activity programme. Jordan Reid of Stevenage Leisure,
which leads So Active, records them. An analyst then publishes the results to So Active's measures.

The Healthy Hub: 36 people at its wellbeing sessions, asked the ONS4 questions at their first session
(September 2026) and again six weeks later; Kemi Adebayo, the hub worker, records them.

Identifiers like SA-25-007 are invented and kept only as client keys.
"""

from __future__ import annotations

import datetime as dt
import random

from wellboard.core import clock
from wellboard.core.access import Actor
from wellboard.demo import DemoContext
from wellboard.hub.models import Hub
from wellboard.hub.selectors import PseudonymKeyMissing, pseudonym_key
from wellboard.hub.services.assessments import assessment_record
from wellboard.hub.services.outcome_measures import assessment_results_publish
from wellboard.indicators.selectors import home_area
from wellboard.strategy.models import Initiative

NOW = dt.datetime(2026, 11, 23, 9, tzinfo=clock.LONDON)
SWEMWBS_ITEMS = ("optimistic", "useful", "relaxed", "problems", "thinking", "close", "decide")
# Per summer: (first day asked before, last day asked before, when the sessions ended).
SUMMERS = {
    2025: (dt.date(2025, 5, 6), dt.date(2025, 6, 27), dt.date(2025, 9, 22)),
    2026: (dt.date(2026, 5, 5), dt.date(2026, 6, 26), dt.date(2026, 9, 21)),
}
PER_SUMMER = 60
MISSED_THE_END = 7
ASKED_ONLY_AT_THE_END = 3
HUB_PEOPLE = 36


def _items_for(total: int, rng: random.Random, low: int, high: int, items: tuple[str, ...]) -> dict[str, int]:
    """Answers to ``items`` (each ``low`` to ``high``) that add up to ``total``."""
    answers = dict.fromkeys(items, low)
    left = total - low * len(items)
    while left > 0:
        item = rng.choice([i for i in items if answers[i] < high])
        answers[item] += 1
        left -= 1
    return answers


def _clamp(value: float, low: int, high: int) -> int:
    return max(low, min(high, round(value)))


def _so_active(ctx: DemoContext, initiative: Initiative, recorder: Actor) -> int:
    rng = random.Random(66)  # noqa: S311 (invented figures, the same every time)
    recorded = 0
    for year, (first, last, ended) in SUMMERS.items():
        for n in range(PER_SUMMER):
            person = f"SA-{year % 100}-{n + 1:03d}"
            start = _clamp(rng.gauss(21, 4), 9, 33)
            finish = _clamp(start + rng.gauss(2.2, 3.0), 7, 35)
            joined = first + dt.timedelta(days=rng.randint(0, (last - first).days))
            finished = ended + dt.timedelta(days=rng.randint(0, 9))
            if n >= ASKED_ONLY_AT_THE_END:
                assessment_record(
                    by=recorder,
                    initiative=initiative,
                    date=joined,
                    client_id=person,
                    instrument="swemwbs",
                    stage="before",
                    answers=_items_for(start, rng, 1, 5, SWEMWBS_ITEMS),
                )
                recorded += 1
            if n < PER_SUMMER - MISSED_THE_END:
                assessment_record(
                    by=recorder,
                    initiative=initiative,
                    date=finished,
                    client_id=person,
                    instrument="swemwbs",
                    stage="after",
                    answers=_items_for(finish, rng, 1, 5, SWEMWBS_ITEMS),
                )
                recorded += 1
    return recorded


def _ons4(rng: random.Random, base: dict[str, float], shift: dict[str, float]) -> dict[str, int]:
    return {item: _clamp(rng.gauss(base[item] + shift[item], 1.6), 0, 10) for item in base}


def _hub_sessions(hub: Hub, worker: Actor) -> int:
    rng = random.Random(4)  # noqa: S311 (invented figures, the same every time)
    start = {"life_satisfaction": 5.6, "worthwhile": 6.2, "happiness": 5.4, "anxiety": 5.2}
    change = {"life_satisfaction": 0.9, "worthwhile": 0.6, "happiness": 1.0, "anxiety": -1.1}
    none = dict.fromkeys(start, 0.0)
    recorded = 0
    for n in range(HUB_PEOPLE):
        person = f"HH-W{n + 1:03d}"
        first = dt.date(2026, 9, 1) + dt.timedelta(days=rng.randint(0, 20))
        before = _ons4(rng, start, none)
        assessment_record(
            by=worker,
            hub=hub,
            date=first,
            client_id=person,
            instrument="ons4",
            stage="before",
            answers=before,
        )
        recorded += 1
        if n % 6 != 5:  # one in six has not come back yet
            after = {item: _clamp(before[item] + rng.gauss(change[item], 1.3), 0, 10) for item in before}
            assessment_record(
                by=worker,
                hub=hub,
                date=first + dt.timedelta(days=42),
                client_id=person,
                instrument="ons4",
                stage="after",
                answers=after,
            )
            recorded += 1
    return recorded


def load(ctx: DemoContext) -> None:
    try:
        pseudonym_key()
    except PseudonymKeyMissing:
        ctx.log("    Wellbeing outcomes: none, since WELLBOARD_PSEUDONYM_KEY is not set")
        return
    initiative = Initiative.objects.get(partnership=ctx.partnership, slug="so-active")
    hub = Hub.objects.filter(partnership=ctx.partnership, slug="healthy-hub").first()
    recorder = ctx.actor_for("leisure") if "leisure" in ctx.users else ctx.actor
    worker = ctx.actor_for("hub") if "hub" in ctx.users else ctx.actor
    analyst = ctx.actor_for("analyst") if "analyst" in ctx.users else ctx.actor
    with clock.frozen_at(NOW):
        so_active = _so_active(ctx, initiative, recorder)
        at_hub = _hub_sessions(hub, worker) if hub is not None else 0
        ctx.log(f"    Wellbeing outcomes: {so_active} So Active assessments, {at_hub} at the Healthy Hub")
        if home_area(actor=analyst) is None:
            ctx.log("    Wellbeing outcomes: not published, since the partnership's area is not loaded")
            return
        published = assessment_results_publish(by=analyst, initiative=initiative)
        ctx.log(f"    Wellbeing outcomes: published to {len(published)} of So Active's better-off measures")
