"""The Healthy Hubs: the Healthy Hub's monthly activity return from Stevenage Leisure (``activity``),
the four hubs with their sites, opening sessions, partners and hub worker (``hubs``), and a year of
visits to them, imported as the hubs' own files (``visits``)."""

from __future__ import annotations

import datetime as dt
import time

from wellboard.core import clock
from wellboard.core.access import Actor
from wellboard.demo import DemoContext
from wellboard.demo.step_60_hub.activity import RETURNED, load_activity, month_figures, shares
from wellboard.demo.step_60_hub.hubs import BARNWELL, HUBS, MAIN, NOBEL, YOUNG, create_hub
from wellboard.demo.step_60_hub.visits import import_visits, main_hub_visits, school_hub_visits
from wellboard.hub.selectors import PseudonymKeyMissing, pseudonym_key

__all__ = ["RETURNED", "load", "month_figures", "shares"]

# The demo's date: the hub worker imports the year's records on Monday 23 November 2026.
IMPORTED_AT = dt.datetime(2026, 11, 23, 9, tzinfo=clock.LONDON)
PREFIXES = {YOUNG.slug: "YP", NOBEL.slug: "NB", BARNWELL.slug: "BW"}


def load(ctx: DemoContext) -> None:
    load_activity(ctx)
    hubs = {spec.slug: create_hub(ctx, spec) for spec in HUBS}
    ctx.shared["hubs"] = hubs
    try:
        pseudonym_key()
    except PseudonymKeyMissing:
        ctx.log("    Healthy Hubs: no visits, since WELLBOARD_PSEUDONYM_KEY is not set")
        return
    worker: Actor = ctx.actor_for("hub") if "hub" in ctx.users else ctx.actor
    lsoas = [area.code for area in ctx.shared.get("stevenage_lsoas", [])]
    started = time.perf_counter()
    with clock.frozen_at(IMPORTED_AT):
        for spec in HUBS:
            hub = hubs[spec.slug]
            partners = [str(partner) for partner in hub.partners.select_related("organisation")]
            rows = (
                main_hub_visits(spec, partners, lsoas)
                if spec is MAIN
                else school_hub_visits(spec, partners, lsoas, prefix=PREFIXES[spec.slug])
            )
            report = import_visits(worker, hub, rows)
            ctx.log(f"    {hub.name}: {report.rows_read:,} visits imported")
    ctx.log(f"    Healthy Hubs: a year of visits in {time.perf_counter() - started:.1f} s")
