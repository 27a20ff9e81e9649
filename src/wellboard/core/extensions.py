"""Extension points: a page in a lower app can show panels that higher apps provide.

The strategy app may not import the indicators app (it sits below it), yet its pages should show
each node's indicators. So the strategy page asks for the panels of a named *slot*, and apps above
register providers for that slot when Django starts (in their ``AppConfig.ready``). The page stays
rendered on the server; nothing is fetched afterwards.

Slots:

``strategy.nodes``
    Providers are called with ``request``, ``actor``, ``partnership``, ``strategy``, ``nodes`` (the
    nodes shown) and ``compact`` (True in the strategy tree, False on a node's own page), and return
    ``{node_pk: html}`` for the nodes they have something to say about.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from typing import Any

from django.utils.safestring import SafeString, mark_safe

STRATEGY_NODES = "strategy.nodes"

Provider = Callable[..., Mapping[Any, str]]

_providers: dict[str, list[Provider]] = defaultdict(list)


def panels_register(slot: str, provider: Provider) -> None:
    """Add a provider to a slot (idempotent, so a reloaded app does not register twice)."""
    if provider not in _providers[slot]:
        _providers[slot].append(provider)


def panels_render(slot: str, **context: Any) -> dict[Any, SafeString]:
    """Every provider's panels for ``slot``, joined per key in registration order.

    Providers return HTML rendered from their own templates (so escaped by Django's template engine).
    """
    joined: dict[Any, list[str]] = defaultdict(list)
    for provider in _providers.get(slot, []):
        for key, html in provider(**context).items():
            if html:
                joined[key].append(html)
    return {key: mark_safe("\n".join(parts)) for key, parts in joined.items()}
