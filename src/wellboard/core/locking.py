"""Locking a partnership's record for a change: the one way every service does it.

A service that changes a record first locks its row (``SELECT … FOR UPDATE``), so two saves of the
same record queue instead of both reading the old version, and finds it only within the actor's
partnership, so a record of another partnership is not found (404) rather than changed.

Most records are locked by their key (``lock_for_edit``). A record that a save creates when it is
first needed, such as an organisation's return for one period, is locked by what identifies it
(``lock_if_exists``), and is not there the first time.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models

from wellboard.core.errors import NotFound

M = TypeVar("M", bound=models.Model)

# ``via=ITSELF`` locks a partnership itself: its own key is the partnership's.
ITSELF = "itself"


def lock_for_edit(
    records: type[M] | models.QuerySet[M], *, pk: int, partnership_id: int, what: str, via: str = ""
) -> M:
    """The record ``pk`` among ``records`` (a model, or a queryset to add ``select_related`` and
    the like), locked until the transaction ends, if it belongs to partnership ``partnership_id``;
    otherwise ``NotFound(what)``. ``via`` is the path to a record that holds the partnership when
    this one does not itself (``"strategy"`` for an action, ``"action__strategy"`` for a milestone),
    or ``ITSELF`` for the partnership itself.
    """
    locked = lock_if_exists(records, partnership_id=partnership_id, via=via, pk=pk)
    if locked is None:
        raise NotFound(what)
    return locked


def lock_if_exists(
    records: type[M] | models.QuerySet[M], *, partnership_id: int, via: str = "", **match: Any
) -> M | None:
    """The record among ``records`` that ``match`` names (``collection=…, organisation=…,
    period=…``), locked until the transaction ends, or ``None`` when partnership ``partnership_id``
    has no such record (yet). ``via`` is as for ``lock_for_edit``."""
    queryset = records if isinstance(records, models.QuerySet) else records._default_manager.all()
    return queryset.select_for_update().filter(**match, **{_partnership_lookup(via): partnership_id}).first()


def _partnership_lookup(via: str) -> str:
    if via == ITSELF:
        return "id"
    return f"{via}__partnership_id" if via else "partnership_id"
