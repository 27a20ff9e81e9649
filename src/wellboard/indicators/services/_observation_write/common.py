"""What both ways of writing share: the plan of each prepared row's outcome, the locking of the
rows observations refer to, and the stored fields an audit records as the before."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db import connection

from wellboard.indicators.models import Observation
from wellboard.indicators.services._observation_table import COMPARED_FIELDS

CREATE, UPDATE, UNCHANGED = 1, 2, 0
BATCH = 1000
STAGING = "wb_observation_staging"


@dataclass
class Plan:
    """Per prepared row: its outcome, which compared fields change (a bit per ``COMPARED_FIELDS``
    entry) and the stored row's id (0 for a new row)."""

    outcome: np.ndarray
    changed: np.ndarray
    old_id: np.ndarray

    def changed_fields(self, index: int) -> list[str]:
        mask = int(self.changed[index])
        return [name for bit, name in enumerate(COMPARED_FIELDS) if mask >> bit & 1]


def _empty_plan(size: int) -> Plan:
    return Plan(
        np.full(size, CREATE, dtype=np.int8), np.zeros(size, dtype=np.int64), np.zeros(size, dtype=np.int64)
    )


_FLAGS = ("value_computed", "limits_computed", "limits998_computed")


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def lock_referenced(model: type[Any], ids: Sequence[int]) -> set[int]:
    """Lock the rows observations will refer to until the transaction ends, and return the ids
    that still exist.

    The observation table has no database-level foreign keys on its indicator and area (the
    checks, deferred to the commit, cost seconds per million rows): this is the check, once per
    referenced row. On PostgreSQL ``FOR KEY SHARE`` keeps the rows from being deleted (or their
    keys changed) until the import commits, while leaving them readable and updatable. SQLite
    takes one write lock for the whole database, so a plain read is the check there."""
    if not ids:
        return set()
    table = _q(model._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"SELECT {_q('id')} FROM {table} WHERE {_q('id')} = ANY(%s) "  # noqa: S608
                f"ORDER BY {_q('id')} FOR KEY SHARE",
                [list(ids)],
            )
            return {int(row[0]) for row in cursor.fetchall()}
        found: set[int] = set()
        wanted = list(ids)
        for start in range(0, len(wanted), BATCH):
            part = wanted[start : start + BATCH]
            placeholders = ", ".join(["%s"] * len(part))
            cursor.execute(
                f"SELECT {_q('id')} FROM {table} WHERE {_q('id')} IN ({placeholders})",  # noqa: S608
                part,
            )
            found.update(int(row[0]) for row in cursor.fetchall())
        return found


def stored_fields(ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """The stored compared fields of some observations (for the audit's before)."""
    columns = ("pk", *COMPARED_FIELDS)
    return {
        values[0]: dict(zip(COMPARED_FIELDS, values[1:], strict=True))
        for values in Observation.objects.filter(pk__in=list(ids)).values_list(*columns)
    }
