"""Computing the indicator pages ahead of their first reader, once a change to a partnership's data
has committed (``indicators.tasks`` runs it in the background).

Every write moves the partnership's data version, so every cached page part becomes unreachable at
once; without this, the first reader of each indicator would pay for computing it. The refresh
fills the shared page cache with what a reader opening the list or any indicator with the default
choices would otherwise compute: the list's tables, page by page, and each population indicator's
summary, series, available views and default charts, and each strategy's unfiltered tree with its
indicator panels, and the profile of the partnership's own place (the page the area profile opens
on), under the same keys the pages use.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from wellboard.core.access import Actor
from wellboard.core.cache import cached, data_version, is_cached
from wellboard.indicators.calculations.summaries import indicator_summaries, summary_context
from wellboard.indicators.models import IndicatorKind
from wellboard.indicators.selectors import home_area, indicator_list
from wellboard.indicators.views._common import nav_pages
from wellboard.indicators.views._figures import page_basics, page_figures
from wellboard.indicators.views.pages import PAGE_SIZE, list_table
from wellboard.indicators.views.places import profile_figures
from wellboard.partners.models import Partnership
from wellboard.strategy.selectors import strategy_list
from wellboard.strategy.views.strategies import strategy_tree_html

Progress = Callable[[int, int], None]  # (indicators done, indicators in all)
T = TypeVar("T")


def _given(value: T) -> Callable[[], T]:
    return lambda: value


def refresh(partnership_id: int, *, progress: Progress | None = None) -> int:
    """Compute and cache the partnership's indicator pages for its current data version; returns
    how many indicators were made ready. It stops early when the data changes again meanwhile (a
    newer refresh follows that change) and skips what is already cached, so running it twice costs
    little."""
    partnership = Partnership.objects.get(pk=partnership_id)
    actor = Actor.command_line(partnership_id)
    version = data_version(partnership_id)
    context = summary_context(actor=actor)
    indicators = list(indicator_list(actor=actor))
    nav_pages(actor=actor, summaries=context)
    for start in range(0, len(indicators), PAGE_SIZE):
        list_table(
            actor=actor, partnership=partnership, shown=indicators[start : start + PAGE_SIZE], context=context
        )
    # The strategy pages (unfiltered): each shows every node's indicators, the costliest page.
    for strategy in strategy_list(actor=actor):
        strategy_tree_html(request=None, actor=actor, partnership=partnership, strategy=strategy)
    # The profile of the partnership's place: every population indicator against every comparable
    # area, over a second at the size of England.
    place = home_area(actor=actor)
    if place is not None:
        profile_figures(actor, place, context, version=version)
    population = [i for i in indicators if i.kind == IndicatorKind.POPULATION]
    # Every summary at once (a handful of queries whatever their number), kept one per indicator
    # under the key the indicator page reads.
    missing = [
        i
        for i in population
        if not is_cached(
            partnership_id=partnership_id, name="indicator-summary", parts=(i.pk, None), version=version
        )
    ]
    for summary in indicator_summaries(actor=actor, indicators=missing, context=context) if missing else []:
        cached(
            partnership_id=partnership_id,
            name="indicator-summary",
            parts=(summary.indicator.pk, None),
            build=_given(summary),
            version=version,
        )
    done = 0
    for indicator in population:
        if data_version(partnership_id) != version:
            break  # changed again: the refresh that change queued takes over
        _summary, series, _views = page_basics(actor, indicator, None, context, version)
        page_figures(actor, indicator, None, context, version, series=series)
        done += 1
        if progress is not None:
            progress(done, len(population))
    return done
