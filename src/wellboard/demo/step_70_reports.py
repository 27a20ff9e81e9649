"""Board reports: the annual report for 2020/21 and the quarterly monitoring report for 2026/27 Q2,
both published, with their files ready to download.

The annual report looks back at the Covid recovery summer of 2020 that partners' returns record
(befriending calls and home visits, So Active and Pop-up Play); its foreword and highlights are
written by the coordinator, Priya Shah, in the words the partnership used. The quarterly report is
the executive's monitoring report for July to September 2026, as published in October.

Each edition is rendered in all four formats here, as the worker would, so a fresh demo offers its
downloads at once without a worker running.
"""

from __future__ import annotations

import datetime as dt

from wellboard.core import clock
from wellboard.demo import DemoContext
from wellboard.reports.models import ReportEdition
from wellboard.reports.services import (
    rendered_file_render,
    report_create,
    report_narrative_update,
    report_publish,
)
from wellboard.strategy.models import Strategy

ANNUAL_FOREWORD = """When the pandemic closed so much of Stevenage in spring 2020, partners did not wait for \
instructions. Befriending groups phoned people who were shielding; the council took play and exercise \
out into the parks.

This report sets out what that work reached, from the figures partners returned every fortnight, and \
how the town's health indicators moved over the year."""

ANNUAL_HIGHLIGHTS = """<ul>
<li>Over 8,000 befriending calls and almost 3,400 home visits by seven local organisations.</li>
<li>So Active sessions and Pop-up Play in the parks all summer, with activity packs and picnics
for families.</li>
<li>Returns from every partner, fortnight by fortnight, so the board could see the reach as it grew.</li>
</ul>"""

ANNUAL_NEXT = """The partnership will turn what it learnt in 2020 into its next community strategy, \
with the same fortnightly returns and a measure of who is better off, not only how much was done."""

QUARTERLY_HIGHLIGHTS = """Exercise on referral dipped over the summer while one practice changed its \
systems; referrals are recovering. Two actions are rated red and are listed first, with what their \
leads are doing about them."""

ANNUAL_AT = dt.datetime(2026, 11, 16, 10, 0, tzinfo=clock.LONDON)
QUARTERLY_AT = dt.datetime(2026, 10, 21, 9, 30, tzinfo=clock.LONDON)


def _render_all(edition: ReportEdition) -> None:
    for item in edition.files.all():
        rendered_file_render(file_id=item.pk)


def load(ctx: DemoContext) -> None:
    coordinator = ctx.actor_for("coordinator") if "coordinator" in ctx.users else ctx.actor
    strategy = Strategy.objects.get(partnership=ctx.partnership, slug="community-strategy")

    with clock.frozen_at(QUARTERLY_AT - dt.timedelta(days=6)):
        quarterly = report_create(by=coordinator, strategy=strategy, kind="quarterly", period="2026/27 Q2")
    with clock.frozen_at(QUARTERLY_AT - dt.timedelta(hours=2)):
        quarterly = report_narrative_update(
            by=coordinator,
            report=quarterly,
            expected_version=quarterly.version,
            highlights=QUARTERLY_HIGHLIGHTS,
        )
    with clock.frozen_at(QUARTERLY_AT):
        quarterly_edition = report_publish(
            by=coordinator, report=quarterly, expected_version=quarterly.version
        )
    _render_all(quarterly_edition)

    with clock.frozen_at(ANNUAL_AT - dt.timedelta(days=3)):
        annual = report_create(by=coordinator, strategy=strategy, kind="annual", period="2020/21")
        annual = report_narrative_update(
            by=coordinator,
            report=annual,
            expected_version=annual.version,
            foreword=ANNUAL_FOREWORD,
            highlights=ANNUAL_HIGHLIGHTS,
            next_steps=ANNUAL_NEXT,
        )
    with clock.frozen_at(ANNUAL_AT):
        annual_edition = report_publish(by=coordinator, report=annual, expected_version=annual.version)
    _render_all(annual_edition)
    ctx.log("    Reports: the annual report for 2020/21 and the quarterly report for 2026/27 Q2, published")
