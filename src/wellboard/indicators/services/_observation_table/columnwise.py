"""Working a column at a time: a column coded by its distinct values (each converted once), and
rejections collected column by column and reported row by row."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from wellboard.core.importing import ImportReport
from wellboard.indicators.services._observation_table.columns import NUMBER_FIELDS


def _missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


@dataclass
class _Coded:
    """A column as a code per row into its distinct values (converted once each): breakdowns,
    periods and notes repeat a handful of values across a million rows."""

    codes: np.ndarray
    values: np.ndarray

    def expand(self) -> np.ndarray:
        result: np.ndarray = self.values[self.codes] if len(self.values) else np.empty(0, dtype=object)
        return result

    def each(self, convert: Any, dtype: Any = object) -> np.ndarray:
        """``convert`` of each row's value, worked out once per distinct value."""
        result: np.ndarray = np.array([convert(v) for v in self.values], dtype=dtype)[self.codes]
        return result

    def distinct_codes(self) -> np.ndarray:
        """Codes that are equal where the converted values are (two raw values may tidy alike)."""
        result: np.ndarray = pd.factorize(self.values, use_na_sentinel=False)[0][self.codes]
        return result


def _coded(column: pd.Series | np.ndarray, convert: Any, default: Any = "") -> _Coded:
    """``column`` coded, each distinct value converted (a missing one is ``default`` first)."""
    codes, distinct = pd.factorize(np.asarray(column, dtype=object), use_na_sentinel=False)
    values = np.array([convert(default if _missing(v) else v) for v in distinct], dtype=object)
    return _Coded(codes, values)


def _mapped(column: pd.Series | np.ndarray, convert: Any, dtype: Any = object) -> np.ndarray:
    """``convert`` applied once per distinct value."""
    codes, distinct = pd.factorize(np.asarray(column, dtype=object), use_na_sentinel=False)
    converted = np.array([convert(value) for value in distinct], dtype=dtype)
    result: np.ndarray = converted[codes] if len(distinct) else np.empty(0, dtype=dtype)
    return result


def _row_numbers(column: pd.Series) -> list[int | None]:
    if column.dtype.kind in "iu":
        return [int(r) for r in column.tolist()]
    return [
        None if r is None or (isinstance(r, float) and math.isnan(r)) else int(r) for r in column.tolist()
    ]


class _Problems:
    """Rejections collected column by column, reported per row in the order a reader expects."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.found: list[tuple[int, int, str, str]] = []  # (position, check, column, reason)
        self.bad = np.zeros(size, dtype=bool)

    def add(
        self, mask: np.ndarray, check: int, column: str, reason: str | Sequence[str] | Mapping[int, str]
    ) -> None:
        positions = np.flatnonzero(mask)
        if not positions.size:
            return
        self.bad[positions] = True
        if isinstance(reason, str):
            self.found.extend((int(p), check, column, reason) for p in positions)
        else:
            self.found.extend((int(p), check, column, reason[int(p)]) for p in positions)

    def report(self, report: ImportReport, rows: Sequence[int | None]) -> None:
        for position, _, column, reason in sorted(self.found, key=lambda item: (item[0], item[1])):
            report.reject(reason, row=rows[position], column=column)


def _numbers(table: pd.DataFrame, problems: _Problems) -> dict[str, np.ndarray]:
    numbers = {}
    for check, name in enumerate(NUMBER_FIELDS):
        raw = table[name]
        converted = pd.to_numeric(raw, errors="coerce")
        problems.add((converted.isna() & raw.notna()).to_numpy(), 10 + check, name, "Enter a number")
        values = converted.to_numpy(dtype=float, na_value=np.nan, copy=True)
        infinite = np.isinf(values)
        problems.add(infinite, 10 + check, name, "The number is too large")
        values[infinite] = np.nan
        numbers[name] = values
    return numbers
