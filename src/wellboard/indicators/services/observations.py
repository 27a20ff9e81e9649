"""Saving observations in bulk: validate every row, compute what the source left out, upsert.

Each input row is the whole figure for its key (indicator, area, period, sex, age, category type,
category). A value or confidence limits given by the source are kept exactly as given; when they
are left out and the count and denominator are there, Wellboard computes them by the indicator's
method and flags them as computed, so ``observations_recalculate`` can refresh them later without
ever touching published figures. When the source gave 95% limits but no 99.8% ones, the 99.8%
limits are computed (``limits998_computed``) so the figure can be judged at both levels.

Rows are checked and figured column by column (``_observation_table``), a chunk at a time
(``_observation_stream``). Large saves on PostgreSQL are written with COPY and one upsert
statement; on SQLite with prepared tuples and ``executemany``; small saves on PostgreSQL in ORM
batches (``_observation_write``). All give the same report, audit and result.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from django.db import connection, transaction

from wellboard.core.access import Actor
from wellboard.core.audit import audit_record
from wellboard.core.clock import now
from wellboard.core.errors import InvalidInput
from wellboard.core.importing import ImportReport
from wellboard.core.importing.streaming import TallyReport
from wellboard.indicators.calculations import FROM_TOTALS, WITH_LIMITS, observation_figures
from wellboard.indicators.models import Indicator, Method, Observation
from wellboard.indicators.policy import CHANGE_INDICATORS, IMPORT_INDICATOR_DATA, PUBLISH_APPROVED_FIGURES
from wellboard.indicators.services import _observation_write as write
from wellboard.indicators.services._common import indicator_current
from wellboard.indicators.services._observation_stream import ObservationSink
from wellboard.indicators.services._observation_table import (
    COMPARED_FIELDS,
    FIGURE_FIELDS,
    INPUT_COLUMNS,
    ObservationInput,
    inputs_table,
    python_value,
)

__all__ = [
    "AUDIT_ROW_CAP",
    "COMPARED_FIELDS",
    "COPY_FROM_ROWS",
    "FIGURE_FIELDS",
    "ObservationInput",
    "observations_import",
    "observations_import_chunks",
    "observations_publish_from_returns",
    "observations_recalculate",
    "observations_save",
]

# Per-row before/after audit entries are written for this many updated rows; beyond that the
# summary entry (counts per outcome) stands for the rest, so a large re-import cannot flood the log.
AUDIT_ROW_CAP = 50
BATCH = write.BATCH
# From this many rows, PostgreSQL saves go through COPY and one upsert statement. Below it a
# temporary table costs more than it saves.
COPY_FROM_ROWS = 2000
# Rows checked, compared and written at a time by an import: memory grows with this, not the file.
CHUNK = 100_000


@transaction.atomic
def observations_save(
    *,
    by: Actor,
    indicator: Indicator,
    rows: Sequence[ObservationInput],
    source: str,
    dry_run: bool = False,
    report: ImportReport | None = None,
) -> ImportReport:
    """Create or update an indicator's observations, all or nothing (coordinators and analysts).

    Every row is checked first; if any is rejected nothing is written. A row identical to what is
    stored is left alone (a second import of the same data writes nothing). With ``dry_run`` the
    report says what would happen. Pass ``report`` to add to an import's own report.
    """
    indicator = indicator_current(by, indicator, rule=CHANGE_INDICATORS)
    table = inputs_table(rows, indicator.pk)
    return _save(
        by=by,
        indicators={indicator.pk: indicator},
        table=table,
        source=source,
        dry_run=dry_run,
        report=report,
    )


@transaction.atomic
def observations_import(
    *,
    by: Actor,
    table: pd.DataFrame,
    source: str,
    dry_run: bool = False,
    report: ImportReport | None = None,
) -> ImportReport:
    """Save many indicators' observations at once from a table, all or nothing (coordinators and
    analysts).

    ``table`` has an ``indicator`` column (the indicator's slug, or its id as a whole number) and
    the fields of ``ObservationInput`` as columns (``area_code`` and ``period`` are required; the
    others default as there; ``row`` numbers the rows for the report). Exactly the checks, audit
    and idempotency of ``observations_save``; the table is saved ``CHUNK`` rows at a time, as
    ``observations_import_chunks`` saves a file.
    """
    chunks = (table.iloc[start : start + CHUNK] for start in range(0, len(table), CHUNK))
    return observations_import_chunks(by=by, chunks=chunks, source=source, dry_run=dry_run, report=report)


@transaction.atomic
def observations_import_chunks(
    *,
    by: Actor,
    chunks: Iterable[pd.DataFrame],
    source: str,
    dry_run: bool = False,
    report: ImportReport | None = None,
) -> ImportReport:
    """Save observations arriving as a series of tables (a file read a chunk at a time), all or
    nothing, in one transaction: each chunk as ``observations_import`` describes a table.

    Memory stays bounded by the chunk's size, not the file's. The report counts every outcome and
    lists only the first rows (a ``TallyReport``, unless ``report`` is given); every rejected row
    is counted and the first ones are kept with their row numbers and reasons. A row repeating an
    earlier one anywhere in the file is refused, as within one table.
    """
    IMPORT_INDICATOR_DATA.require(by)
    report = report if report is not None else TallyReport(source=source, dry_run=dry_run)
    found = {
        key: indicator
        for indicator in Indicator.objects.filter(partnership_id=by.partnership_id)
        for key in (indicator.slug, str(indicator.pk))
    }
    by_key = {key: indicator.pk for key, indicator in found.items()}
    sink = ObservationSink(
        by=by,
        indicators={indicator.pk: indicator for indicator in found.values()},
        source=source,
        dry_run=dry_run,
        report=report,
        copy_from_rows=COPY_FROM_ROWS,
        audit_row_cap=AUDIT_ROW_CAP,
    )
    read = 0
    for table in chunks:
        _check_columns(table)
        read += len(table)
        wanted = table["indicator"].astype(str).str.strip()
        known = wanted.isin(list(found)).to_numpy()
        if not known.all():
            rows = table["row"].tolist() if "row" in table else [None] * len(table)
            for position in np.flatnonzero(~known):
                report.reject(
                    f"No indicator '{wanted.iloc[position]}' in this partnership",
                    row=python_value(rows[position]),
                    column="indicator",
                )
        chunk = table[known].drop(columns=["indicator"])
        chunk.insert(0, "indicator_id", wanted[known].map(by_key).to_numpy(dtype=np.int64))
        sink.add(chunk)
    report.rows_read = report.rows_read or read
    finished = sink.finish()
    _statistics_refresh(finished)
    return finished


# Observations written by one import beyond which PostgreSQL's statistics of the table are refreshed.
ANALYZE_AFTER = 10_000


def _statistics_refresh(report: ImportReport) -> None:
    """Refresh the planner's statistics of the observations table after a large import. Until
    autovacuum gets round to it (minutes later, or never for a table that grows by a fifth), the
    planner goes on believing the table as it was: right after a million rows arrived, the indicator
    list's first view took 7-11 s instead of under one (docs/performance.md)."""
    if connection.vendor != "postgresql" or not report.applied:
        return
    outcomes: Counter[str] = report.counts().get("observation", Counter())
    if outcomes.get("create", 0) + outcomes.get("update", 0) < ANALYZE_AFTER:
        return
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {connection.ops.quote_name(Observation._meta.db_table)}")


def _check_columns(table: pd.DataFrame) -> None:
    missing = [c for c in ("indicator", "area_code", "period") if c not in table]
    if missing:
        raise InvalidInput({"table": [f"The table needs the columns: {', '.join(missing)}"]})
    unknown = sorted(set(table.columns) - {"indicator", *INPUT_COLUMNS})
    if unknown:
        raise InvalidInput(
            {"table": [f"The table has columns Wellboard does not read: {', '.join(unknown)}"]}
        )


@transaction.atomic
def observations_publish_from_returns(
    *, by: Actor, indicator: Indicator, rows: Sequence[ObservationInput], source: str
) -> ImportReport:
    """Figures from approved partner returns become observations, exactly as ``observations_save``.

    Approving a return is what authorises its figures to be published, so the people who may approve
    returns (coordinators and returns approvers) may publish them without being analysts.
    """
    indicator = indicator_current(by, indicator, rule=PUBLISH_APPROVED_FIGURES)
    table = inputs_table(rows, indicator.pk)
    return _save(
        by=by, indicators={indicator.pk: indicator}, table=table, source=source, dry_run=False, report=None
    )


def _save(
    *,
    by: Actor,
    indicators: Mapping[int, Indicator],
    table: pd.DataFrame,
    source: str,
    dry_run: bool,
    report: ImportReport | None,
) -> ImportReport:
    report = report if report is not None else ImportReport(source=source, dry_run=dry_run)
    if not report.rows_read:
        report.rows_read = len(table)
    sink = ObservationSink(
        by=by,
        indicators=indicators,
        source=source,
        dry_run=dry_run,
        report=report,
        copy_from_rows=COPY_FROM_ROWS,
        audit_row_cap=AUDIT_ROW_CAP,
    )
    sink.add(table)
    return sink.finish()


@transaction.atomic
def observations_recalculate(*, by: Actor, indicator: Indicator, dry_run: bool = False) -> ImportReport:
    """Recompute, by the indicator's current method and multiplier, every value and limit that
    Wellboard computed from counts. Figures the source published are never changed (where only the
    99.8% limits were computed, only they are)."""
    indicator = indicator_current(by, indicator, rule=CHANGE_INDICATORS)
    report = ImportReport(source=f"recalculate {indicator.slug}", dry_run=dry_run)
    flags = ("value_computed", "limits_computed", "limits998_computed")
    columns = ("pk", "count", "denominator", *FIGURE_FIELDS, *flags)
    rows = list(
        Observation.objects.filter(indicator=indicator)
        .exclude(value_computed=False, limits_computed=False, limits998_computed=False)
        .order_by("pk")
        .values_list(*columns)
    )
    report.rows_read = len(rows)
    if not rows:
        return report
    if indicator.method not in FROM_TOTALS:
        report.notes.append(
            f"{Method(indicator.method).label} figures need age-specific data, so the {len(rows)} figures "
            "computed from counts were left as they are"
        )
        return report
    records = [dict(zip(columns, r, strict=True)) for r in rows]
    stamp = now()
    figures = observation_figures(
        method=indicator.method,
        multiplier=indicator.multiplier,
        count=np.array([r["count"] for r in records], dtype=float),
        denominator=np.array([r["denominator"] for r in records], dtype=float),
    )
    keeps_limits = indicator.method in WITH_LIMITS
    changed_rows = []
    for index, record in enumerate(records):
        computed = figures.row(index)
        wanted: dict[str, Any] = {}
        if record["value_computed"]:
            wanted["value"] = computed["value"]
        # A method without limits (e.g. "none") clears the limits Wellboard had computed.
        if record["limits_computed"]:
            wanted.update({f: computed[f] if keeps_limits else None for f in FIGURE_FIELDS[1:]})
            wanted["limits_computed"] = keeps_limits
            wanted["limits998_computed"] = keeps_limits
        elif record["limits998_computed"]:
            wanted.update({f: computed[f] if keeps_limits else None for f in ("lower998", "upper998")})
            wanted["limits998_computed"] = keeps_limits
        changed = [f for f, v in wanted.items() if record[f] != v]
        report.record("observation", str(record["pk"]), "update" if changed else "unchanged", fields=changed)
        if changed:
            current = {f: record[f] for f in (*FIGURE_FIELDS, *flags[1:])}
            changed_rows.append(Observation(pk=record["pk"], updated_at=stamp, **{**current, **wanted}))
    if dry_run or not changed_rows:
        return report
    Observation.objects.bulk_update(
        changed_rows, [*FIGURE_FIELDS, *flags[1:], "updated_at"], batch_size=BATCH
    )
    audit_record(
        by=by,
        action="observation.recalculate",
        obj=indicator,
        after={
            "recalculated": len(changed_rows),
            "method": indicator.method,
            "multiplier": indicator.multiplier,
        },
        note=f"{len(changed_rows)} computed figures recalculated for {indicator}",
    )
    report.applied = True
    return report
