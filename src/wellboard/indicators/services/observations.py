"""Saving observations in bulk: validate every row, compute what the source left out, upsert.

Each input row is the whole figure for its key (indicator, area, period, sex, age, category type,
category). A value or confidence limits given by the source are kept exactly as given; when they
are left out and the count and denominator are there, Wellboard computes them by the indicator's
method and flags them as computed, so ``observations_recalculate`` can refresh them later without
ever touching published figures. When the source gave 95% limits but no 99.8% ones, the 99.8%
limits are computed (``limits998_computed``) so the figure can be judged at both levels.

Rows are checked and figured column by column (``_observation_table``). Large saves on PostgreSQL
are written with COPY and one upsert statement; everything else in ORM batches
(``_observation_write``). Both give the same report, audit and result.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from django.db import connection, transaction

from wellboard.core.access import Actor
from wellboard.core.audit import audit_record
from wellboard.core.clock import now
from wellboard.core.errors import InvalidInput
from wellboard.core.importing import Change, ImportReport, Outcome
from wellboard.geography.models import Area
from wellboard.indicators.calculations import FROM_TOTALS, WITH_LIMITS, observation_figures
from wellboard.indicators.models import Indicator, Method, Observation
from wellboard.indicators.policy import CHANGE_INDICATORS, IMPORT_INDICATOR_DATA, PUBLISH_APPROVED_FIGURES
from wellboard.indicators.selectors import areas_by_code
from wellboard.indicators.services import _observation_write as write
from wellboard.indicators.services._common import indicator_current
from wellboard.indicators.services._observation_table import (
    COMPARED_FIELDS,
    FIGURE_FIELDS,
    INPUT_COLUMNS,
    ObservationInput,
    Prepared,
    inputs_table,
    prepare,
    python_value,
)

__all__ = [
    "AUDIT_ROW_CAP",
    "COMPARED_FIELDS",
    "COPY_FROM_ROWS",
    "FIGURE_FIELDS",
    "ObservationInput",
    "observations_import",
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
    analysts): what a large file import uses.

    ``table`` has an ``indicator`` column (the indicator's slug, or its id as a whole number) and
    the fields of ``ObservationInput`` as columns (``area_code`` and ``period`` are required; the
    others default as there; ``row`` numbers the rows for the report). Exactly the checks, report,
    audit and idempotency of ``observations_save``; on PostgreSQL a large table is written with COPY.
    """
    IMPORT_INDICATOR_DATA.require(by)
    missing = [c for c in ("indicator", "area_code", "period") if c not in table]
    if missing:
        raise InvalidInput({"table": [f"The table needs the columns: {', '.join(missing)}"]})
    unknown = sorted(set(table.columns) - {"indicator", *INPUT_COLUMNS})
    if unknown:
        raise InvalidInput(
            {"table": [f"The table has columns Wellboard does not read: {', '.join(unknown)}"]}
        )
    report = report if report is not None else ImportReport(source=source, dry_run=dry_run)
    found = {
        key: indicator
        for indicator in Indicator.objects.filter(partnership_id=by.partnership_id)
        for key in (indicator.slug, str(indicator.pk))
    }
    wanted = table["indicator"].astype(str).str.strip()
    known = wanted.isin(list(found))
    if not known.all():
        rows = table["row"].tolist() if "row" in table else [None] * len(table)
        for position in np.flatnonzero(~known.to_numpy()):
            row = python_value(rows[position])
            report.reject(
                f"No indicator '{wanted.iloc[position]}' in this partnership", row=row, column="indicator"
            )
    report.rows_read = report.rows_read or len(table)
    table = table[known.to_numpy()].copy()
    by_key = {key: indicator.pk for key, indicator in found.items()}
    table.insert(0, "indicator_id", wanted[known].map(by_key).to_numpy(dtype=np.int64))
    table = table.drop(columns=["indicator"])
    indicators = {indicator.pk: indicator for indicator in found.values()}
    return _save(by=by, indicators=indicators, table=table, source=source, dry_run=dry_run, report=report)


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
    source = source.strip()[:40]
    codes = {str(c).strip() for c in pd.unique(table["area_code"].fillna(""))} if len(table) else set()
    areas = areas_by_code(actor=by, codes=codes)
    prepared = prepare(
        table,
        indicators=indicators,
        area_ids={c: a.pk for c, a in areas.items()},
        source=source,
        report=report,
    )
    rows = prepared.table
    by_copy = connection.vendor == "postgresql" and len(rows) >= COPY_FROM_ROWS and report.ok
    if by_copy:
        write.stage_by_copy(rows)
        plan = write.plan_by_copy(len(rows), sorted(set(rows["indicator_id"].tolist())))
    else:
        plan = write.plan_by_orm(rows)
    _record(report, rows, plan)
    creates = int((plan.outcome == write.CREATE).sum())
    updates = int((plan.outcome == write.UPDATE).sum())
    if dry_run or not report.ok or not (creates or updates):
        return report
    stamp = now()
    before = write.stored_fields(plan.old_id[plan.outcome == write.UPDATE][:AUDIT_ROW_CAP].tolist())
    if by_copy:
        write.write_by_copy(partnership_id=by.partnership_id, stamp=stamp, all_new=creates == len(rows))
    else:
        write.write_by_orm(rows, plan, partnership_id=by.partnership_id, stamp=stamp)
    _audit(
        by=by, indicators=indicators, prepared=prepared, plan=plan, before=before, areas=areas, source=source
    )
    report.applied = True
    return report


_OUTCOMES: dict[int, Outcome] = {write.CREATE: "create", write.UPDATE: "update", write.UNCHANGED: "unchanged"}


def _record(report: ImportReport, rows: pd.DataFrame, plan: write.Plan) -> None:
    """One report line per row, in the input's order (built directly: a million rows)."""
    labels = rows["label"].tolist()
    numbers = rows["row"].tolist()
    outcomes = plan.outcome.tolist()
    report.changes.extend(
        Change(
            "observation",
            label,
            _OUTCOMES[outcome],
            tuple(plan.changed_fields(index)) if outcome == write.UPDATE else (),
            "",
            number,
        )
        for index, (label, number, outcome) in enumerate(zip(labels, numbers, outcomes, strict=True))
    )


def _audit(
    *,
    by: Actor,
    indicators: Mapping[int, Indicator],
    prepared: Prepared,
    plan: write.Plan,
    before: dict[int, dict[str, Any]],
    areas: dict[str, Area],
    source: str,
) -> None:
    rows = prepared.table
    area_by_id = {area.pk: area for area in areas.values()}
    updating = np.flatnonzero(plan.outcome == write.UPDATE)[:AUDIT_ROW_CAP]
    for index in updating.tolist():
        changed = plan.changed_fields(index)
        old_id = int(plan.old_id[index])
        record = rows.iloc[index]
        observation = Observation(
            pk=old_id,
            indicator=indicators[int(record["indicator_id"])],
            area=area_by_id[int(record["area_id"])],
            period=record["period"],
        )
        audit_record(
            by=by,
            action="observation.update",
            obj=observation,
            before={f: before[old_id][f] for f in changed},
            after={f: python_value(record[f]) for f in changed},
        )
    indicator_ids, codes = np.unique(rows["indicator_id"].to_numpy(), return_inverse=True)
    created = np.bincount(
        codes.reshape(-1), weights=plan.outcome == write.CREATE, minlength=len(indicator_ids)
    )
    updated = np.bincount(
        codes.reshape(-1), weights=plan.outcome == write.UPDATE, minlength=len(indicator_ids)
    )
    for indicator_id, made, changed in zip(
        indicator_ids.tolist(), created.tolist(), updated.tolist(), strict=True
    ):
        if not (made or changed):
            continue
        indicator = indicators[indicator_id]
        audit_record(
            by=by,
            action="observation.save",
            obj=indicator,
            after={"created": int(made), "updated": int(changed), "source": source},
            note=f"{int(made)} observations created and {int(changed)} updated for {indicator}",
        )


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
