"""Saving observations a chunk at a time: a file of any length in bounded memory.

``ObservationSink`` takes the rows in chunks (tables of ``indicator_id`` and the
``ObservationInput`` columns). Each chunk is checked, compared with what is stored and, while
nothing anywhere has been rejected, written at once, inside the caller's one transaction; a
rejection in any later chunk rolls every chunk back (``finish``), so an import is still all or
nothing, and a dry run writes nothing at all.

What a chunk needs from the chunks before it is small: the areas already looked up (and locked),
the per-indicator counts for the audit's summary, and a 128-bit fingerprint of each accepted
row's key, so that a figure repeated far apart in a file is refused as it is within one chunk.
The report counts outcomes rather than listing every row when it is a ``TallyReport``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from django.db import connection, transaction

from wellboard.core.access import Actor
from wellboard.core.audit import audit_record
from wellboard.core.clock import now
from wellboard.core.errors import InvalidInput
from wellboard.core.importing import Change, ImportReport, Outcome
from wellboard.core.importing.streaming import TallyReport
from wellboard.geography.models import Area
from wellboard.indicators.models import Indicator, Observation
from wellboard.indicators.selectors import areas_by_code
from wellboard.indicators.services import _observation_write as write
from wellboard.indicators.services._observation_table import KEY_FIELDS, prepare, python_value

_OUTCOMES: dict[int, Outcome] = {write.CREATE: "create", write.UPDATE: "update", write.UNCHANGED: "unchanged"}
_HASH_KEYS = ("wellboard-obs-k1", "wellboard-obs-k2")  # two independent 64-bit hashes of a key


@dataclass
class _Seen:
    """Fingerprints of the keys accepted so far, sorted, with the row each first came from."""

    first: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.uint64))
    second: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.uint64))
    rows: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))

    @staticmethod
    def fingerprints(keys: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
        return tuple(  # type: ignore[return-value]
            pd.util.hash_pandas_object(keys, index=False, hash_key=k).to_numpy(dtype=np.uint64)
            for k in _HASH_KEYS
        )

    def repeats(self, first: np.ndarray, second: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Which fingerprints were seen before, and the row each was first seen at (-1: unknown)."""
        if not len(self.first) or not len(first):
            return np.zeros(len(first), dtype=bool), np.full(len(first), -1, dtype=np.int64)
        at = np.searchsorted(self.first, first)
        inside = at < len(self.first)
        at = np.where(inside, at, 0)
        hit = inside & (self.first[at] == first) & (self.second[at] == second)
        return hit, np.where(hit, self.rows[at], -1)

    def add(self, first: np.ndarray, second: np.ndarray, rows: np.ndarray) -> None:
        merged_first = np.concatenate([self.first, first])
        order = np.argsort(merged_first, kind="stable")
        self.first = merged_first[order]
        self.second = np.concatenate([self.second, second])[order]
        self.rows = np.concatenate([self.rows, rows])[order]


class ObservationSink:
    """Checks, compares and writes observations a chunk at a time (see the module's docstring).

    Call ``add`` for each chunk, then ``finish`` once, inside one ``transaction.atomic`` block."""

    def __init__(
        self,
        *,
        by: Actor,
        indicators: Mapping[int, Indicator],
        source: str,
        dry_run: bool,
        report: ImportReport,
        copy_from_rows: int,
        audit_row_cap: int,
    ) -> None:
        self.by = by
        self.copy_from_rows = copy_from_rows
        self.audit_row_cap = audit_row_cap
        self.indicators = dict(indicators)
        self.source = source.strip()[:40]
        self.dry_run = dry_run
        self.report = report
        self.stamp = now()
        self.areas: dict[str, Area] = {}
        self.looked_up: set[str] = set()
        self.locked_indicators: set[int] = set()
        # Indicators that have figures stored, or will once this import's chunks are written: a
        # chunk of theirs is compared with what is stored; anyone else's is all new.
        self.stored: set[int] = set()
        self.seen = _Seen()
        self.created: dict[int, int] = {}
        self.updated: dict[int, int] = {}
        self.audited = 0
        self.wrote = False

    # ------------------------------------------------------------ per chunk

    def add(self, table: pd.DataFrame) -> None:
        if not len(table):
            return
        self._lock_indicators(table)
        area_ids = self._areas(table)
        rows = prepare(
            table, indicators=self.indicators, area_ids=area_ids, source=self.source, report=self.report
        ).table
        rows = self._refuse_repeats(rows)
        by_copy = connection.vendor == "postgresql" and len(rows) >= self.copy_from_rows
        if by_copy:
            write.stage_by_copy(rows)
            ids = sorted(set(rows["indicator_id"].tolist()))
            plan = write.plan_by_copy(len(rows), ids, compare=bool(self.stored.intersection(ids)))
        else:
            plan = write.plan_by_orm(rows)
        _record(self.report, rows, plan)
        creating, updating = plan.outcome == write.CREATE, plan.outcome == write.UPDATE
        self._count(rows, creating, updating)
        if self.dry_run or not self.report.ok or not (creating.any() or updating.any()):
            return
        auditing = np.flatnonzero(updating)[: max(self.audit_row_cap - self.audited, 0)]
        before = write.stored_fields(plan.old_id[auditing].tolist())
        if by_copy:
            write.write_by_copy(partnership_id=self.by.partnership_id, stamp=self.stamp, plan=plan)
        elif connection.vendor == "sqlite":
            write.write_by_rows(rows, plan, partnership_id=self.by.partnership_id, stamp=self.stamp)
        else:
            write.write_by_orm(rows, plan, partnership_id=self.by.partnership_id, stamp=self.stamp)
        self.wrote = True
        self.stored |= set(rows["indicator_id"].to_numpy()[creating].tolist())
        self._audit_rows(rows, plan, auditing, before)

    def _lock_indicators(self, table: pd.DataFrame) -> None:
        """Lock the chunk's indicators not seen before, and note which of them have figures stored
        (asked before this import writes any of theirs, so an index probe answers it)."""
        wanted = {int(i) for i in pd.unique(table["indicator_id"])} - self.locked_indicators
        if not wanted:
            return
        found = write.lock_referenced(Indicator, sorted(wanted))
        if missing := wanted - found:
            names = ", ".join(str(self.indicators[i]) for i in sorted(missing) if i in self.indicators)
            raise InvalidInput({"indicator": [f"The indicator was deleted during the import: {names}"]})
        self.locked_indicators |= wanted
        if connection.vendor == "postgresql":  # only the COPY way's plan asks
            self.stored |= write.indicators_with_figures(sorted(wanted))

    def _areas(self, table: pd.DataFrame) -> dict[str, int]:
        """The chunk's areas the actor may use, by code: each code looked up (and locked) once."""
        codes = {str(c).strip() for c in pd.unique(table["area_code"].fillna(""))} - self.looked_up
        if codes:
            found = areas_by_code(actor=self.by, codes=codes)
            present = write.lock_referenced(Area, sorted(a.pk for a in found.values()))
            self.areas.update({c: a for c, a in found.items() if a.pk in present})
            self.looked_up |= codes
        return {c: a.pk for c, a in self.areas.items()}

    def _refuse_repeats(self, rows: pd.DataFrame) -> pd.DataFrame:
        """Refuse the rows whose key an earlier chunk already had (within a chunk ``prepare`` does)."""
        if not len(rows):
            return rows
        first, second = _Seen.fingerprints(rows[list(KEY_FIELDS)])
        hit, where = self.seen.repeats(first, second)
        numbers = np.array([-1 if r is None else int(r) for r in rows["row"].tolist()], dtype=np.int64)
        if hit.any():
            for position in np.flatnonzero(hit).tolist():
                earlier = f"row {where[position]}" if where[position] >= 0 else "another row"
                self.report.reject(
                    f"This figure repeats {earlier} (same area, period and breakdown)",
                    row=python_value(rows["row"].iloc[position]),
                )
            keep = ~hit
            rows = rows[keep].reset_index(drop=True)
            first, second, numbers = first[keep], second[keep], numbers[keep]
        self.seen.add(first, second, numbers)
        return rows

    def _count(self, rows: pd.DataFrame, creating: np.ndarray, updating: np.ndarray) -> None:
        if not len(rows):
            return
        ids, codes = np.unique(rows["indicator_id"].to_numpy(), return_inverse=True)
        made = np.bincount(codes.reshape(-1), weights=creating, minlength=len(ids))
        changed = np.bincount(codes.reshape(-1), weights=updating, minlength=len(ids))
        for indicator_id, m, c in zip(ids.tolist(), made.tolist(), changed.tolist(), strict=True):
            self.created[indicator_id] = self.created.get(indicator_id, 0) + int(m)
            self.updated[indicator_id] = self.updated.get(indicator_id, 0) + int(c)

    def _audit_rows(
        self, rows: pd.DataFrame, plan: write.Plan, auditing: np.ndarray, before: dict[int, dict[str, Any]]
    ) -> None:
        area_by_id = {area.pk: area for area in self.areas.values()}
        for index in auditing.tolist():
            changed = plan.changed_fields(index)
            old_id = int(plan.old_id[index])
            record = rows.iloc[index]
            observation = Observation(
                pk=old_id,
                indicator=self.indicators[int(record["indicator_id"])],
                area=area_by_id[int(record["area_id"])],
                period=record["period"],
            )
            audit_record(
                by=self.by,
                action="observation.update",
                obj=observation,
                before={f: before[old_id][f] for f in changed},
                after={f: python_value(record[f]) for f in changed},
            )
        self.audited += len(auditing)

    # ------------------------------------------------------------ at the end

    def finish(self) -> ImportReport:
        """The summary audit per indicator, or, if anything was rejected after chunks were
        written, the rollback of them all. Call inside the transaction that ``add`` wrote in."""
        if not self.wrote:
            return self.report
        if not self.report.ok:
            transaction.set_rollback(True)
            return self.report
        for indicator_id in sorted(self.created):
            made, changed = self.created[indicator_id], self.updated[indicator_id]
            if not (made or changed):
                continue
            indicator = self.indicators[indicator_id]
            audit_record(
                by=self.by,
                action="observation.save",
                obj=indicator,
                after={"created": made, "updated": changed, "source": self.source},
                note=f"{made} observations created and {changed} updated for {indicator}",
            )
        self.report.applied = True
        return self.report


def _record(report: ImportReport, rows: pd.DataFrame, plan: write.Plan) -> None:
    """The chunk's outcomes in the report: counted in one step for a ``TallyReport`` (which lists
    only its first rows), one line per row otherwise, in the input's order."""
    listed = len(rows)
    if isinstance(report, TallyReport):
        outcomes = np.bincount(plan.outcome.astype(np.int64), minlength=3)
        for code, outcome in _OUTCOMES.items():
            if outcomes[code]:
                report.tally("observation", outcome, int(outcomes[code]))
        listed = min(listed, max(report.listed - len(report.changes), 0))
    if not listed:
        return
    labels = rows["label"].iloc[:listed].tolist()
    numbers = rows["row"].iloc[:listed].tolist()
    report.changes.extend(
        Change(
            "observation",
            label,
            _OUTCOMES[outcome],
            tuple(plan.changed_fields(index)) if outcome == write.UPDATE else (),
            "",
            number,
        )
        for index, (label, number, outcome) in enumerate(
            zip(labels, numbers, plan.outcome[:listed].tolist(), strict=True)
        )
    )
