"""Writing many validated rows at once, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from typing import Any

from django.db import connection, models


def upsert_rows(
    model: type[models.Model],
    columns: list[str],
    rows: list[tuple[Any, ...]],
    *,
    unique: list[str],
    update: list[str],
) -> None:
    """INSERT … VALUES (…), (…) ON CONFLICT (unique) DO UPDATE, many rows per statement.

    Both SQLite (3.24+) and PostgreSQL accept this statement. It is several times faster than
    ``bulk_create(update_conflicts=True)`` for the 100,000-row population files because it skips
    the ORM's per-object work (the rows were already validated and compared by the planners), and
    faster than ``executemany`` on PostgreSQL because it makes one round trip per thousand rows.
    """
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    row_sql = "(" + ", ".join(["%s"] * len(columns)) + ")"
    assignments = ", ".join(f"{quote(c)} = EXCLUDED.{quote(c)}" for c in update)
    head = f"INSERT INTO {table} ({', '.join(quote(c) for c in columns)}) VALUES "  # noqa: S608
    tail = f" ON CONFLICT ({', '.join(quote(c) for c in unique)}) DO UPDATE SET {assignments}"
    if connection.vendor == "postgresql":
        _upsert_by_copy(table, [quote(c) for c in columns], rows, tail)
        return
    max_params = connection.features.max_query_params or 30_000
    per_statement = max(1, min(1000, max_params // len(columns)))
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            batch = rows[start : start + per_statement]
            cursor.execute(head + ", ".join([row_sql] * len(batch)) + tail, [v for row in batch for v in row])


def _upsert_by_copy(table: str, columns: list[str], rows: list[tuple[Any, ...]], on_conflict: str) -> None:
    """PostgreSQL: COPY the rows into a temporary table, then one INSERT … SELECT … ON CONFLICT."""
    staging = connection.ops.quote_name(f"staging_{table.strip(chr(34))}")
    names = ", ".join(columns)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {staging}")
        cursor.execute(f"CREATE TEMPORARY TABLE {staging} AS SELECT {names} FROM {table} WITH NO DATA")  # noqa: S608
        raw = cursor.cursor  # the psycopg cursor, for COPY
        with raw.copy(f"COPY {staging} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM {staging}{on_conflict}")  # noqa: S608
        cursor.execute(f"DROP TABLE {staging}")
