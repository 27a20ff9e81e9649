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
    attributed,
    attribution,
    significance_css_class,
    significance_label,
    significance_of,
    significance_sentence,
)
from wellboard.charts.tables import ChartTable, Column, table

# The mark beside the word of a comparison Wellboard did not make itself (the page's footnote says
# who did): the cells are too narrow for the publisher's name.
PUBLISHED_MARK = "*"


@dataclass(frozen=True)
class RugCell:
    value_text: str
    label: str  # "Better", "Similar" … shown under the value ("Worse*" when the publisher judged it)
    sentence: str  # "Better than England": for screen readers and the title attribute
    css_class: str
    significance: Significance
    compared_by: str = ""  # who compared it: "Wellboard", a publisher, or '' (not compared)


# One rug figure: (value, significance) or (value, significance, who compared it).
RugInput = tuple[float | None, object] | tuple[float | None, object, str]


def _unpack(figure: RugInput | None) -> tuple[float | None, object, str]:
    if figure is None:
        return None, None, ""
    if len(figure) == 3:
        return figure[0], figure[1], figure[2]
    return figure[0], figure[1], ""


def rug_cell(
    value: float | None,
    significance: object,
    *,
    comparator: str = "England",
    decimals: int = 1,
    compared_by: str = "",
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
    by = compared_by if outcome is not Significance.NOT_COMPARED else ""
    return RugCell(
        value_text=format_number(value, decimals),
        label=significance_label(outcome) + (PUBLISHED_MARK if attribution(by) else ""),
        sentence=attributed(significance_sentence(outcome, comparator), by),
        css_class=significance_css_class(outcome),
        significance=outcome,
        compared_by=by,
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
    figures: Mapping[tuple[str, str], RugInput],
    *,
    comparator: str = "England",
    highlight: str = "",
) -> list[RugRow]:
    """Rows for the template: ``figures[(area_code, column_key)] = (value, significance)``, or
    ``(value, significance, who compared it)``."""
    rows = []
    for code, name in areas:
        cells = []
        for column in columns:
            value, outcome, by = _unpack(figures.get((code, column.key)))
            cells.append(
                rug_cell(value, outcome, comparator=comparator, decimals=column.decimals, compared_by=by)
            )
        rows.append(RugRow(key=code, name=name, cells=tuple(cells), highlight=code == highlight))
    return rows


def rug_table(
    areas: Sequence[tuple[str, str]],
    columns: Sequence[RugColumn],
    figures: Mapping[tuple[str, str], RugInput],
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
    if any(_unpack(figure)[2] for figure in figures.values()):
        table_columns.append(Column("compared_by", "Compared by"))
    data: list[dict[str, Any]] = []
    for code, name in areas:
        for column in columns:
            value, outcome, by = _unpack(figures.get((code, column.key)))
            compared = is_number(value) and significance_of(outcome) is not Significance.NOT_COMPARED
            data.append(
                {
                    "area": name,
                    "code": code,
                    "indicator": column.title,
                    "period": column.period,
                    "value": value if is_number(value) else None,
                    "significance": significance_of(outcome) if is_number(value) else None,
                    "compared_by": (by or None) if compared else None,
                }
            )
    return table(title, table_columns, data)
