"""The dry-run report every import produces: what it would create, update, leave alone or reject.

Imports follow one shape: parse, validate every row, report, and only then apply in one
transaction, and only if nothing was rejected.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Literal

Outcome = Literal["create", "update", "unchanged"]


@dataclass(frozen=True)
class Rejection:
    """Why one row (or cell, or the whole file) cannot be imported."""

    reason: str  # what is wrong; where it is stays in the other fields, which a page shows as columns
    sheet: str = ""
    row: int | None = None
    column: str = ""
    row_label: str = "row"  # what the file's rows and columns are called, e.g. "service" and "field"
    column_label: str = "column"

    @property
    def where(self) -> str:
        parts = []
        if self.sheet:
            parts.append(f"sheet '{self.sheet}'")
        if self.row is not None:
            parts.append(f"{self.row_label} {self.row}")
        if self.column:
            parts.append(f"{self.column_label} '{self.column}'")
        return ", ".join(parts) if parts else "file"

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


@dataclass(frozen=True)
class Change:
    kind: str  # what sort of record, e.g. "action"
    key: str  # how the file identifies it
    outcome: Outcome
    fields: tuple[str, ...] = ()  # for updates: which fields change
    sheet: str = ""
    row: int | None = None


@dataclass
class ImportReport:
    """Accumulates the outcome of validating a file; ``ok`` only when nothing was rejected."""

    source: str = ""
    dry_run: bool = True
    rows_read: int = 0
    changes: list[Change] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    applied: bool = False
    row_label: str = "row"
    column_label: str = "column"

    def reject(self, reason: str, *, sheet: str = "", row: int | None = None, column: str = "") -> None:
        self.rejections.append(
            Rejection(
                reason=reason,
                sheet=sheet,
                row=row,
                column=column,
                row_label=self.row_label,
                column_label=self.column_label,
            )
        )

    def record(
        self,
        kind: str,
        key: str,
        outcome: Outcome,
        *,
        fields: tuple[str, ...] | list[str] = (),
        sheet: str = "",
        row: int | None = None,
    ) -> None:
        self.changes.append(Change(kind, key, outcome, tuple(fields), sheet, row))

    @property
    def ok(self) -> bool:
        return not self.rejections

    def counts(self) -> dict[str, Counter[str]]:
        """{kind: Counter(create=…, update=…, unchanged=…)} in first-seen order."""
        result: dict[str, Counter[str]] = {}
        for change in self.changes:
            result.setdefault(change.kind, Counter())[change.outcome] += 1
        return result

    def totals(self) -> Counter[str]:
        total: Counter[str] = Counter(c.outcome for c in self.changes)
        total["rejected"] = len(self.rejections)
        return total

    @property
    def changes_anything(self) -> bool:
        return any(c.outcome != "unchanged" for c in self.changes)

    def summary_lines(self) -> list[str]:
        """Plain-text report for the command line."""
        head = (
            "Dry run: nothing has been changed."
            if self.dry_run
            else ("Applied." if self.applied else "Nothing was changed.")
        )
        lines = [head]
        if self.source:
            lines.append(f"File: {self.source}")
        if self.rows_read:
            lines.append(f"Rows read: {self.rows_read}")
        for kind, counter in self.counts().items():
            lines.append(
                f"  {kind}: {counter['create']} to create, {counter['update']} to update, "
                f"{counter['unchanged']} unchanged"
            )
        lines.extend(f"  note: {n}" for n in self.notes)
        if self.rejections:
            lines.append(f"Rejected: {len(self.rejections)} problem(s); fix them and import again.")
            lines.extend(f"  {r}" for r in self.rejections[:200])
            if len(self.rejections) > 200:
                lines.append(f"  … and {len(self.rejections) - 200} more")
        return lines

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "dry_run": self.dry_run,
            "applied": self.applied,
            "rows_read": self.rows_read,
            "counts": {k: dict(v) for k, v in self.counts().items()},
            "rejections": [
                {"sheet": r.sheet, "row": r.row, "column": r.column, "reason": r.reason}
                for r in self.rejections
            ],
            "notes": list(self.notes),
        }
