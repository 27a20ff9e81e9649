"""Locking a partnership's record for a change: the one way every service does it.

A service that changes a record first locks its row (``SELECT … FOR UPDATE``), so two saves of the
same record queue instead of both reading the old version, and finds it only within the actor's
partnership, so a record of another partnership is not found (404) rather than changed.
"""

from __future__ import annotations

from typing import TypeVar

from django.db import models

from wellboard.core.errors import NotFound

M = TypeVar("M", bound=models.Model)


def lock_for_edit(
    records: type[M] | models.QuerySet[M], *, pk: int, partnership_id: int, what: str, via: str = ""
) -> M:
    """The record ``pk`` among ``records`` (a model, or a queryset to add ``select_related`` and
    the like), locked until the transaction ends, if it belongs to partnership ``partnership_id``;
    otherwise ``NotFound(what)``. ``via`` is the path to a record that holds the partnership when
    this one does not itself (``"strategy"`` for an action, ``"action__strategy"`` for a milestone).
    """
    queryset = records if isinstance(records, models.QuerySet) else records._default_manager.all()
    lookup = f"{via}__partnership_id" if via else "partnership_id"
    locked = queryset.select_for_update().filter(pk=pk, **{lookup: partnership_id}).first()
    if locked is None:
        raise NotFound(what)
    return locked
