"""The indicators panel on strategy pages (the ``strategy.nodes`` extension slot).

For every node shown, its linked indicators with the latest value, the comparison, the recent trend
and the RAG against target, computed for all nodes at once in a handful of queries.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string

from wellboard.core.access import Actor
from wellboard.core.cache import cached
from wellboard.indicators.calculations.summaries import indicator_summaries, summary_context
from wellboard.indicators.selectors import indicator_list, node_indicator_ids, node_indicator_links
from wellboard.indicators.views.fragments import node_indicator_rows
from wellboard.partners.models import Partnership
from wellboard.strategy.models import Node, Strategy

TREE_PARTIAL = "indicators/partials/node_indicators_compact.html"
NODE_PARTIAL = "indicators/partials/node_indicators.html"


def strategy_node_panels(
    *,
    request: HttpRequest,
    actor: Actor,
    partnership: Partnership,
    strategy: Strategy,
    nodes: Sequence[Node],
    compact: bool,
    **_: Any,
) -> dict[int, str]:
    """{node pk: HTML}. In the tree, each node's own indicators; on a node's page, also those of the
    nodes beneath it (a theme's page shows all its priorities' indicators)."""
    if not nodes:
        return {}
    # The panels are the same for every reader of the partnership, and costly for a strategy with
    # hundreds of indicators: they are cached until the partnership's data next changes.
    return cached(
        partnership_id=partnership.pk,
        name="strategy-node-panels",
        parts=(strategy.pk, compact, tuple(n.pk for n in nodes)),
        build=lambda: _panels(
            actor=actor, partnership=partnership, strategy=strategy, nodes=nodes, compact=compact
        ),
    )


def _panels(
    *, actor: Actor, partnership: Partnership, strategy: Strategy, nodes: Sequence[Node], compact: bool
) -> dict[int, str]:
    if compact:
        links = node_indicator_links(actor=actor, node_ids=[n.pk for n in nodes])
    else:
        links = {n.pk: node_indicator_ids(actor=actor, node=n) for n in nodes}
    wanted = sorted({i for ids in links.values() for i in ids})
    if not wanted and compact:
        return {}
    summaries = {}
    comparator = "England"
    if wanted:
        indicators = list(indicator_list(actor=actor).filter(pk__in=wanted))
        summaries_context = summary_context(actor=actor)
        found = indicator_summaries(actor=actor, indicators=indicators, context=summaries_context)
        summaries = {s.indicator.pk: s for s in found}
        default = summaries_context.default_comparator
        comparator = default.name if default else comparator
    panels: dict[int, str] = {}
    for node in nodes:
        ids = [i for i in links.get(node.pk, []) if i in summaries]
        if compact and not ids:
            continue
        rows = node_indicator_rows([summaries[i] for i in ids], comparator)
        context = {"partnership": partnership, "strategy": strategy, "node": node, "rows": rows}
        panels[node.pk] = render_to_string(TREE_PARTIAL if compact else NODE_PARTIAL, context)
    return panels
