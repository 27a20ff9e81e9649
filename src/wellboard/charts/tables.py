"""The data table that sits beside every chart, and that its CSV and JSON downloads contain.

A table keeps raw values (for downloads) and knows how to write each one for people (for the
HTML table), so the chart, the table and the files always show the same figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from wellboard.charts.formatting import MISSING, format_number, is_number
from wellboard.charts.significance import significance_css_class, significance_label

ColumnKind = Literal["text", "number", "significance"]


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: ColumnKind = "text"
    decimals: int = 1
    show: bool = True  # False: in the downloads only, to keep the page's table narrow


@dataclass(frozen=True)
class Cell:
    text: str
    numeric: bool = False
    css_class: str = ""
    header: bool = False


@dataclass(frozen=True)
class ChartTable:
    caption: str
    columns: tuple[Column, ...]
    rows: tuple[dict[str, Any], ...] = ()
    # Rows to emphasise in the HTML table (e.g. the partnership's own area), by position.
    highlighted: frozenset[int] = field(default_factory=frozenset)

    @property
    def is_empty(self) -> bool:
        return not self.rows

    @property
    def visible_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.show)

    def display_rows(self) -> list[list[Cell]]:
        """Visible cells as people read them: numbers formatted, significance as a word with its class."""
        result = []
        for row in self.rows:
            cells = []
            for position, column in enumerate(self.visible_columns):
                raw = row.get(column.key)
                if column.kind == "number":
                    text = format_number(raw, column.decimals) if is_number(raw) else MISSING
                    cells.append(Cell(text=text, numeric=True, header=position == 0))
                elif column.kind == "significance":
                    if raw is None:
                        cells.append(Cell(text=MISSING, header=position == 0))
                    else:
                        cells.append(
                            Cell(
                                text=significance_label(raw),
                                css_class=significance_css_class(raw),
                                header=position == 0,
                            )
                        )
                else:
                    cells.append(Cell(text="" if raw is None else str(raw), header=position == 0))
            result.append(cells)
        return result

    def display(self) -> list[tuple[bool, list[Cell]]]:
        """(highlighted, cells) for each row, for templates."""
        return [(i in self.highlighted, cells) for i, cells in enumerate(self.display_rows())]

    def records(self) -> list[dict[str, Any]]:
        """Raw values keyed by column, for JSON. Significance is written as its label."""
        out = []
        for row in self.rows:
            record: dict[str, Any] = {}
            for column in self.columns:
                raw = row.get(column.key)
                if column.kind == "significance" and raw is not None:
                    raw = significance_label(raw)
                elif column.kind == "number" and not is_number(raw):
                    raw = None
                record[column.key] = raw
            out.append(record)
        return out

    def csv_rows(self) -> list[list[Any]]:
        """A header row of labels, then raw values ('' for missing). Callers make text cells safe."""
        lines: list[list[Any]] = [[c.label for c in self.columns]]
        for record in self.records():
            lines.append(["" if record[c.key] is None else record[c.key] for c in self.columns])
        return lines


def table(
    caption: str,
    columns: Sequence[Column],
    rows: Sequence[dict[str, Any]],
    *,
    highlighted: Sequence[int] = (),
) -> ChartTable:
    return ChartTable(
        caption=caption, columns=tuple(columns), rows=tuple(rows), highlighted=frozenset(highlighted)
    )
