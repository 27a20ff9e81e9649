"""The observation table's columns: the key, the figures and the compared fields, the input each
row comes from, and the table's values read back as plain Python."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from typing import Any

import numpy as np
import pandas as pd

from wellboard.indicators.models import ObservationStatus
from wellboard.indicators.selectors import DEFAULT_AGE, DEFAULT_SEX

FIGURE_FIELDS = ("value", "lower95", "upper95", "lower998", "upper998")
NUMBER_FIELDS = ("count", "denominator", *FIGURE_FIELDS)
KEY_FIELDS = ("indicator_id", "area_id", "period", "sex", "age", "category_type", "category")
# What decides whether a stored observation changes (in this order in the report's field lists).
COMPARED_FIELDS = (
    "period_start",
    "period_end",
    "count",
    "denominator",
    *FIGURE_FIELDS,
    "status",
    "note",
    "source",
    "value_computed",
    "limits_computed",
    "limits998_computed",
    "published_vs_england",
    "published_vs_region",
    "published_trend",
)
TEXT_LIMITS = {"sex": 20, "age": 40, "category_type": 200, "category": 200}
_PUBLISHED_LIMITS = {"published_vs_england": 60, "published_vs_region": 60, "published_trend": 120}


@dataclass(frozen=True)
class ObservationInput:
    """One figure to save. ``row`` is where it came from (for the import report)."""

    area_code: str
    period: str
    sex: str = DEFAULT_SEX
    age: str = DEFAULT_AGE
    category_type: str = ""
    category: str = ""
    count: float | None = None
    denominator: float | None = None
    value: float | None = None
    lower95: float | None = None
    upper95: float | None = None
    lower998: float | None = None
    upper998: float | None = None
    status: str = ObservationStatus.FINAL
    note: str = ""
    published_vs_england: str = ""
    published_vs_region: str = ""
    published_trend: str = ""
    row: int | None = None


INPUT_COLUMNS = tuple(f.name for f in fields(ObservationInput))
TEXT_INPUTS = tuple(c for c in INPUT_COLUMNS if c not in NUMBER_FIELDS and c != "row")
_DEFAULTS: dict[str, Any] = {
    f.name: f.default for f in fields(ObservationInput) if f.name not in ("area_code", "period")
}


def inputs_table(rows: Sequence[ObservationInput], indicator_id: int) -> pd.DataFrame:
    """``ObservationInput`` rows as the table ``prepare`` reads (one indicator)."""
    table = pd.DataFrame.from_records(
        [tuple(getattr(r, c) for c in INPUT_COLUMNS) for r in rows], columns=list(INPUT_COLUMNS)
    )
    table.insert(0, "indicator_id", np.full(len(table), indicator_id, dtype=np.int64))
    return table


def tidy(text: Any) -> str:
    return " ".join(str(text).split())


def python_value(value: Any) -> Any:
    """A table cell as the ORM stores it: NaN is None, numpy scalars are Python ones."""
    if isinstance(value, float | np.floating):
        return None if math.isnan(value) else float(value)
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    return value


def records(table: pd.DataFrame, columns: Iterable[str]) -> list[dict[str, Any]]:
    """Rows of ``table`` as dicts of Python values (the ORM path and audit entries)."""
    names = list(columns)
    return [
        {name: python_value(v) for name, v in zip(names, values, strict=True)}
        for values in table[names].itertuples(index=False, name=None)
    ]
