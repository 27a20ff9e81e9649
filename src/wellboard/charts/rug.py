"""The tartan rug: an HTML table of areas by indicators, each cell coloured by significance.

It is a table rather than a chart so that every cell is text a screen reader can read: the
value, a short word for the comparison, and (visually hidden) the full sentence.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from wellboard.charts.formatting import MISSING, format_number, is_number
from wellboard.charts.significance import (
    Significance,
    significance_css_class,
    significance_label,
    significance_of,
    significance_sentence,
)
from wellboard.charts.tables import ChartTable, Column, table


@dataclass(frozen=True)
class RugCell:
    value_text: str
    label: str  # "Better", "Similar" … shown under the value
    sentence: str  # "Better than England": for screen readers and the title attribute
    css_class: str
    significance: Significance


def rug_cell(
    value: float | None, significance: object, *, comparator: str = "England", decimals: int = 1
) -> RugCell:
    """How one cell of the rug is written and coloured."""
    if not is_number(value):
        return RugCell(
            value_text=MISSING,
            label="No data",
            sentence="No data",
            css_class="wb-sig wb-sig--no-data",
            significance=Significance.NOT_COMPARED,
        )
    outcome = significance_of(significance)
    return RugCell(
        value_text=format_number(value, decimals),
        label=significance_label(outcome),
        sentence=significance_sentence(outcome, comparator),
        css_class=significance_css_class(outcome),
        significance=outcome,
    )


@dataclass(frozen=True)
class RugColumn:
    key: str
    title: str
    unit: str = ""
    period: str = ""
    decimals: int = 1


@dataclass(frozen=True)
class RugRow:
    key: str
    name: str
    cells: tuple[RugCell, ...]
    highlight: bool = False


def rug_rows(
    areas: Sequence[tuple[str, str]],
    columns: Sequence[RugColumn],
    figures: Mapping[tuple[str, str], tuple[float | None, object]],
    *,
    comparator: str = "England",
    highlight: str = "",
) -> list[RugRow]:
    """Rows for the template: ``figures[(area_code, column_key)] = (value, significance)``."""
    rows = []
    for code, name in areas:
        cells = []
        for column in columns:
            value, outcome = figures.get((code, column.key), (None, None))
            cells.append(rug_cell(value, outcome, comparator=comparator, decimals=column.decimals))
        rows.append(RugRow(key=code, name=name, cells=tuple(cells), highlight=code == highlight))
    return rows


def rug_table(
    areas: Sequence[tuple[str, str]],
    columns: Sequence[RugColumn],
    figures: Mapping[tuple[str, str], tuple[float | None, object]],
    *,
    comparator: str = "England",
    title: str = "Areas compared across indicators",
) -> ChartTable:
    """The rug's data in long form (one row per area and indicator), for CSV and JSON."""
    table_columns = [
        Column("area", "Area"),
        Column("code", "Code"),
        Column("indicator", "Indicator"),
        Column("period", "Period"),
        Column("value", "Value", "number"),
        Column("significance", f"Compared with {comparator}", "significance"),
    ]
    data: list[dict[str, Any]] = []
    for code, name in areas:
        for column in columns:
            value, outcome = figures.get((code, column.key), (None, None))
            data.append(
                {
                    "area": name,
                    "code": code,
                    "indicator": column.title,
                    "period": column.period,
                    "value": value if is_number(value) else None,
                    "significance": significance_of(outcome) if is_number(value) else None,
                }
            )
    return table(title, table_columns, data)
