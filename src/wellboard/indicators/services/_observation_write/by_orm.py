"""The ORM way: read the stored rows, compare them in Python and write with ``bulk_create`` and
``bulk_update`` in batches (SQLite, and small saves on PostgreSQL)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from django.db import connection

from wellboard.indicators.models import Observation
from wellboard.indicators.services._observation_table import COMPARED_FIELDS, KEY_FIELDS, records
from wellboard.indicators.services._observation_write.common import (
    _FLAGS,
    BATCH,
    CREATE,
    UNCHANGED,
    UPDATE,
    Plan,
    _empty_plan,
    _q,
)


def plan_by_orm(table: pd.DataFrame) -> Plan:
    """Compare the rows with the stored ones, a column at a time: the stored rows of the table's
    indicators and areas are read as plain tuples and joined to the table on the key."""
    plan = _empty_plan(len(table))
    if not len(table):
        return plan
    columns = ("pk", *KEY_FIELDS, *COMPARED_FIELDS)
    query = Observation.objects.filter(
        indicator_id__in=sorted(set(table["indicator_id"].tolist())),
        area_id__in=sorted(set(table["area_id"].tolist())),
    ).values_list(*columns)
    # The raw rows, without the ORM's conversion of each value (dates stay as the driver gives them).
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        stored = pd.DataFrame.from_records(cursor.fetchall(), columns=list(columns))
    if not len(stored):
        return plan
    keys = list(KEY_FIELDS)
    wanted = table[keys].copy()
    wanted["position"] = np.arange(len(table))
    for name in ("indicator_id", "area_id"):
        stored[name] = stored[name].astype(np.int64)
        wanted[name] = wanted[name].astype(np.int64)
    matched = wanted.merge(stored, on=keys, how="inner")
    if not len(matched):
        return plan
    positions = matched["position"].to_numpy()
    mask = np.zeros(len(matched), dtype=np.int64)
    for bit, name in enumerate(COMPARED_FIELDS):
        new = table[name].to_numpy()[positions]
        old = matched[name].to_numpy()
        if new.dtype.kind == "f":
            old_numbers = pd.to_numeric(pd.Series(old), errors="coerce").to_numpy(dtype=float)
            same = (old_numbers == new) | (np.isnan(old_numbers) & np.isnan(new))
        elif name in ("period_start", "period_end"):
            same = _as_text(old) == _as_text(new)
        elif name in _FLAGS:
            same = old.astype(bool) == new.astype(bool)
        else:
            same = np.asarray(old.astype(object) == new.astype(object), dtype=bool)
        mask |= np.where(same, 0, 1 << bit)
    plan.outcome[positions] = np.where(mask != 0, UPDATE, UNCHANGED)
    plan.changed[positions] = mask
    plan.old_id[positions] = matched["pk"].to_numpy(dtype=np.int64)
    return plan


def _as_text(values: np.ndarray) -> np.ndarray:
    """Dates (or the ISO text SQLite gives for them) as ISO text, converted once per distinct value."""
    codes, distinct = pd.factorize(values.astype(object), use_na_sentinel=False)
    texts = np.array([str(v) for v in distinct], dtype=object)
    result: np.ndarray = texts[codes] if len(distinct) else np.empty(0, dtype=object)
    return result


def write_by_rows(table: pd.DataFrame, plan: Plan, *, partnership_id: int, stamp: dt.datetime) -> None:
    """New and changed rows as prepared tuples, each kind with one ``executemany``: no model object
    per row (SQLite, where there is no COPY; the caller's transaction makes it one write)."""
    observation = _q(Observation._meta.db_table)
    creating = plan.outcome == CREATE
    if creating.any():
        columns = ("partnership_id", *KEY_FIELDS, *COMPARED_FIELDS, "created_at", "updated_at")
        values = _db_columns(table[creating], (*KEY_FIELDS, *COMPARED_FIELDS))
        size = int(creating.sum())
        moment = connection.ops.adapt_datetimefield_value(stamp)
        rows = zip([partnership_id] * size, *values, [moment] * size, [moment] * size, strict=True)
        placeholders = ", ".join(["%s"] * len(columns))
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {observation} ({', '.join(_q(c) for c in columns)}) "  # noqa: S608
                f"VALUES ({placeholders})",
                list(rows),  # one chunk's tuples
            )
    updating = plan.outcome == UPDATE
    if updating.any():
        assignments = ", ".join(f"{_q(c)} = %s" for c in (*COMPARED_FIELDS, "updated_at"))
        values = _db_columns(table[updating], COMPARED_FIELDS)
        size = int(updating.sum())
        moment = connection.ops.adapt_datetimefield_value(stamp)
        ids = plan.old_id[updating].tolist()
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {observation} SET {assignments} WHERE {_q('id')} = %s",  # noqa: S608
                list(zip(*values, [moment] * size, ids, strict=True)),
            )


def _db_columns(table: pd.DataFrame, names: Sequence[str]) -> list[list[Any]]:
    """Columns as lists of the values the database driver takes: NaN is None, dates are text."""
    columns: list[list[Any]] = []
    for name in names:
        series = table[name]
        if series.dtype.kind == "f":
            array = series.to_numpy(dtype=float)
            values = array.astype(object)
            values[np.isnan(array)] = None
            columns.append(values.tolist())
        elif name in ("period_start", "period_end"):
            # A handful of distinct dates: each adapted once.
            codes, distinct = pd.factorize(series.to_numpy(dtype=object), use_na_sentinel=False)
            adapted = np.array([connection.ops.adapt_datefield_value(d) for d in distinct], dtype=object)
            columns.append(adapted[codes].tolist() if len(distinct) else [])
        else:
            columns.append(series.tolist())
    return columns


def write_by_orm(table: pd.DataFrame, plan: Plan, *, partnership_id: int, stamp: dt.datetime) -> None:
    creating = table[plan.outcome == CREATE]
    Observation.objects.bulk_create(
        [
            Observation(partnership_id=partnership_id, **fields)
            for fields in records(creating, (*KEY_FIELDS, *COMPARED_FIELDS))
        ],
        batch_size=BATCH,
    )
    updating = plan.outcome == UPDATE
    changed = [
        Observation(pk=int(pk), updated_at=stamp, **fields)
        for pk, fields in zip(plan.old_id[updating], records(table[updating], COMPARED_FIELDS), strict=True)
    ]
    Observation.objects.bulk_update(changed, [*COMPARED_FIELDS, "updated_at"], batch_size=BATCH)
