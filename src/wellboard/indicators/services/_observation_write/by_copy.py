"""The COPY way (PostgreSQL, large saves): stream the rows into a staging table with binary
``COPY``, let the database compare them with a join, and write them all with one
``INSERT … ON CONFLICT … DO UPDATE … WHERE`` that skips unchanged rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from django.db import connection

from wellboard.indicators.models import Observation
from wellboard.indicators.services._observation_table import COMPARED_FIELDS, KEY_FIELDS
from wellboard.indicators.services._observation_write.common import (
    _FLAGS,
    CREATE,
    STAGING,
    UNCHANGED,
    UPDATE,
    Plan,
    _empty_plan,
    _q,
)

_STAGED = ("pos", *KEY_FIELDS, *COMPARED_FIELDS)


def _column_lists(table: pd.DataFrame) -> list[list[Any]]:
    """The staged columns as lists of Python values (NaN → None), ready for COPY."""
    columns: list[list[Any]] = [list(range(len(table)))]
    for name in _STAGED[1:]:
        series = table[name]
        if series.dtype.kind == "f":
            array = series.to_numpy(dtype=float)
            values = array.astype(object)
            values[np.isnan(array)] = None
            columns.append(values.tolist())
        else:
            columns.append(series.tolist())
    return columns


# Text columns are sent as numbers into a small list of their distinct values (a file repeats a
# handful of periods, sexes, ages and notes): every staged row then has the same width, and the
# whole table goes to PostgreSQL as one block of binary COPY built by numpy. A column with more
# distinct values than this is sent row by row instead.
MAX_DISTINCT = 1000
_TEXT = (
    "period",
    "sex",
    "age",
    "category_type",
    "category",
    "status",
    "note",
    "source",
    "published_vs_england",
    "published_vs_region",
    "published_trend",
)
_FLOATS = ("count", "denominator", "value", "lower95", "upper95", "lower998", "upper998")
_BINARY_HEADER = b"PGCOPY\n\xff\r\n\x00" + np.array([0, 0], dtype=">i4").tobytes()
_BINARY_TRAILER = np.array([-1], dtype=">i2").tobytes()


@dataclass
class _Encoded:
    block: bytes
    dictionaries: dict[str, list[Any]]


def _encode(table: pd.DataFrame) -> _Encoded | None:
    """The table as one binary COPY block of fixed-width rows, or None when a text column has
    too many distinct values for that."""
    dictionaries: dict[str, list[Any]] = {}
    codes: dict[str, np.ndarray] = {}
    for name in _TEXT:
        column_codes, distinct = pd.factorize(table[name].to_numpy(dtype=object), use_na_sentinel=False)
        if len(distinct) > MAX_DISTINCT:
            return None
        dictionaries[name] = list(distinct)
        codes[name] = column_codes + 1  # SQL arrays count from 1
    for name in ("period_start", "period_end"):
        # One date per period code: the period decides them.
        first = pd.Series(table[name].to_numpy(dtype=object)).groupby(codes["period"]).first()
        dictionaries[name] = [first[code] for code in range(1, len(dictionaries["period"]) + 1)]
    fields: list[tuple[str, str, Any]] = [
        ("pos", ">i4", np.arange(len(table), dtype=np.int32)),
        ("indicator_id", ">i8", table["indicator_id"].to_numpy(dtype=np.int64)),
        ("area_id", ">i8", table["area_id"].to_numpy(dtype=np.int64)),
        *((name, ">i4", codes[name]) for name in _TEXT),
        *((name, ">f8", table[name].to_numpy(dtype=float)) for name in _FLOATS),
        *((name, "?", table[name].to_numpy(dtype=bool)) for name in _FLAGS),
    ]
    layout = [("fields", ">i2")]
    for name, kind, _ in fields:
        layout += [(f"{name}_size", ">i4"), (name, kind)]
    rows = np.zeros(len(table), dtype=np.dtype(layout))
    rows["fields"] = len(fields)
    for name, kind, values in fields:
        rows[f"{name}_size"] = np.dtype(kind).itemsize
        rows[name] = values
    return _Encoded(_BINARY_HEADER + rows.tobytes() + _BINARY_TRAILER, dictionaries)


def _sql_literal(values: list[Any], kind: str) -> str:
    """A PostgreSQL array literal of ``values``, safely quoted (psycopg's own quoting)."""
    from psycopg import sql

    connection.ensure_connection()
    raw = connection.connection
    if raw is None:
        raise RuntimeError("PostgreSQL's connection is needed to quote the values, and none is open")
    return f"{sql.Literal(values).as_string(raw)}::{kind}[]"


def stage_by_copy(table: pd.DataFrame) -> None:
    """COPY the prepared rows into a temporary table (dropped at the end of the transaction).

    ``STAGING`` always ends up with the prepared columns as the observation table types them:
    a view decoding the binary block's numbers, or a table filled row by row."""
    _drop_staging()
    encoded = _encode(table)
    if encoded is None:
        _stage_row_by_row(table)
        return
    raw_columns = (
        ["pos integer", "indicator_id bigint", "area_id bigint"]
        + [f"{_q(n)} integer" for n in _TEXT]
        + [f"{_q(n)} double precision" for n in _FLOATS]
        + [f"{_q(n)} boolean" for n in _FLAGS]
    )
    decoded = ["r.pos", "r.indicator_id", "r.area_id"]
    decoded += [f"({_sql_literal(encoded.dictionaries[n], 'text')})[r.{_q(n)}] AS {_q(n)}" for n in _TEXT]
    decoded += [
        f"({_sql_literal(encoded.dictionaries[n], 'date')})[r.period] AS {_q(n)}"
        for n in ("period_start", "period_end")
    ]
    # NaN stands for a missing number in the block (every row the same width); NULL in the table.
    decoded += [f"NULLIF(r.{_q(n)}, 'NaN'::double precision) AS {_q(n)}" for n in _FLOATS]
    decoded += [f"r.{_q(n)}" for n in _FLAGS]
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMPORARY TABLE {STAGING}_raw ({', '.join(raw_columns)}) ON COMMIT DROP")
        with cursor.cursor.copy(f"COPY {STAGING}_raw FROM STDIN (FORMAT BINARY)") as copy:
            view = memoryview(encoded.block)
            for start in range(0, len(view), 8 << 20):
                copy.write(view[start : start + (8 << 20)])
        cursor.execute(
            f"CREATE TEMPORARY VIEW {STAGING} AS SELECT {', '.join(decoded)} FROM {STAGING}_raw r"  # noqa: S608
        )


def _stage_row_by_row(table: pd.DataFrame) -> None:
    observation = _q(Observation._meta.db_table)
    staged = ", ".join(_q(c) for c in _STAGED[1:])
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE {STAGING}_rows ON COMMIT DROP AS "  # noqa: S608
            f"SELECT 0::integer AS pos, {staged} FROM {observation} WITH NO DATA"
        )
        names = ", ".join(_q(c) for c in _STAGED)
        with cursor.cursor.copy(f"COPY {STAGING}_rows ({names}) FROM STDIN") as copy:
            for row in zip(*_column_lists(table), strict=True):
                copy.write_row(row)
        cursor.execute(f"CREATE TEMPORARY VIEW {STAGING} AS SELECT * FROM {STAGING}_rows")  # noqa: S608


def _join() -> str:
    """The staged rows joined to the stored ones. The stored side is also limited to the chunk's
    indicators (``%s``, a list of ids): without that PostgreSQL hashed the whole observation table
    for every chunk of a large import (a million-row re-import took minutes instead of seconds)."""
    observation = _q(Observation._meta.db_table)
    on = " AND ".join(f"o.{_q(c)} = s.{_q(c)}" for c in KEY_FIELDS)
    return f"{STAGING} s LEFT JOIN {observation} o ON {on} AND o.{_q('indicator_id')} = ANY(%s)"


def indicators_with_figures(ids: Sequence[int]) -> set[int]:
    """Which of the indicators have any observation stored (one index probe each)."""
    if not ids:
        return set()
    observation = _q(Observation._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT i FROM unnest(%s::bigint[]) AS t(i) WHERE EXISTS "  # noqa: S608
            f"(SELECT 1 FROM {observation} o WHERE o.{_q('indicator_id')} = t.i)",
            [list(ids)],
        )
        return {int(row[0]) for row in cursor.fetchall()}


def plan_by_copy(size: int, indicator_ids: Sequence[int], *, compare: bool) -> Plan:
    """Compare the staged rows with the stored ones in the database; only new and changed rows
    come back. When none of the indicators has anything stored (``compare`` is false: a first
    import) there is nothing to compare."""
    plan = _empty_plan(size)
    if not compare:
        return plan
    plan.outcome[:] = UNCHANGED
    mask = " + ".join(
        f"(CASE WHEN o.{_q(c)} IS DISTINCT FROM s.{_q(c)} THEN {1 << bit} ELSE 0 END)"
        for bit, c in enumerate(COMPARED_FIELDS)
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT s.pos, o.id, CASE WHEN o.id IS NULL THEN 0 ELSE {mask} END AS changed "  # noqa: S608
            f"FROM {_join()} WHERE o.id IS NULL OR ({mask}) <> 0",
            [list(indicator_ids)],
        )
        rows = cursor.fetchall()
    if rows:
        found = np.array([(pos, old or 0, changed) for pos, old, changed in rows], dtype=np.int64)
        positions = found[:, 0]
        plan.old_id[positions] = found[:, 1]
        plan.changed[positions] = found[:, 2]
        plan.outcome[positions] = np.where(found[:, 1] == 0, CREATE, UPDATE)
    return plan


def write_by_copy(*, partnership_id: int, stamp: dt.datetime, plan: Plan) -> None:
    """Write what the plan found from the staged rows: one ``INSERT … SELECT`` of the new rows and
    one ``UPDATE … FROM`` of the changed ones (by the stored id the plan found); unchanged rows are
    not touched.

    Neither uses ``ON CONFLICT``: PostgreSQL's speculative insertion made a million-row first import
    take twice as long (15.6 s against 6.4 s here), and an upsert of a revised file tried every
    unchanged row too. Should another import have added one of the new rows since the plan, the
    unique key refuses it and the whole import rolls back, as any failure does."""
    observation = _q(Observation._meta.db_table)
    creating = np.flatnonzero(plan.outcome == CREATE)
    updating = np.flatnonzero(plan.outcome == UPDATE)
    with connection.cursor() as cursor:
        if len(creating):
            inserted = [*KEY_FIELDS, *COMPARED_FIELDS]
            names = ", ".join(_q(c) for c in ("partnership_id", *inserted, "created_at", "updated_at"))
            picked = ", ".join(f"s.{_q(c)}" for c in inserted)
            if len(creating) == len(plan.outcome):
                cursor.execute(
                    f"INSERT INTO {observation} ({names}) "  # noqa: S608
                    f"SELECT %s, {picked}, %s, %s FROM {STAGING} s",
                    [partnership_id, stamp, stamp],
                )
            else:
                cursor.execute(
                    f"INSERT INTO {observation} ({names}) "  # noqa: S608
                    f"SELECT %s, {picked}, %s, %s FROM {STAGING} s "
                    "JOIN unnest(%s::integer[]) AS u(pos) ON s.pos = u.pos",
                    [partnership_id, stamp, stamp, creating.tolist()],
                )
        if len(updating):
            assignments = ", ".join(f"{_q(c)} = s.{_q(c)}" for c in COMPARED_FIELDS)
            cursor.execute(
                f"UPDATE {observation} o SET {assignments}, {_q('updated_at')} = %s "  # noqa: S608
                f"FROM {STAGING} s JOIN unnest(%s::integer[], %s::bigint[]) AS u(pos, id) "
                "ON s.pos = u.pos WHERE o.id = u.id",
                [stamp, updating.tolist(), plan.old_id[updating].tolist()],
            )
    _drop_staging()


def _drop_staging() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP VIEW IF EXISTS {STAGING}")
        cursor.execute(f"DROP TABLE IF EXISTS {STAGING}_raw")
        cursor.execute(f"DROP TABLE IF EXISTS {STAGING}_rows")
