"""The report model: a plain tree of sections and blocks that every renderer reads.

A report kind assembles one ``ReportDocument`` from the partnership's data; the HTML, PDF, DOCX and
XLSX renderers turn the same document into their format, so the four always agree. A published
edition is this document frozen as JSON (``to_json``/``from_json``), so it never changes when the
data changes later.

Cells hold raw values (numbers stay numbers) and each table column says what kind of figure it holds,
so disclosure control can find every count (``kind="count"``) and every figure derived from one
(``derived_from``) before a document leaves through a public channel.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

CellValue = str | int | float | None
ColumnKind = Literal["text", "count", "number", "percent", "rate", "rag", "date", "period"]
NarrativeKey = Literal["foreword", "highlights", "lessons", "next_steps", "summary"]

SCHEMA_VERSION = 1


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: ColumnKind = "text"
    decimals: int = 0
    # The key of the count column this figure was calculated from: suppressed with it when published.
    derived_from: str | None = None


@dataclass(frozen=True)
class Table:
    caption: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[CellValue, ...], ...] = ()
    # Shown under the table: sources, thresholds, "figures rounded for publication".
    notes: tuple[str, ...] = ()
    # An optional short name for the sheet this table becomes in a workbook (at most 31 characters).
    sheet_name: str = ""

    @property
    def is_empty(self) -> bool:
        return not self.rows


@dataclass(frozen=True)
class Paragraph:
    text: str
    block: Literal["paragraph"] = "paragraph"


@dataclass(frozen=True)
class Notice:
    """Something the reader must not miss, such as "no returns were approved for this quarter"."""

    text: str
    block: Literal["notice"] = "notice"


@dataclass(frozen=True)
class Narrative:
    """An editable section written by the coordinator: HTML already cleaned with nh3."""

    key: NarrativeKey
    title: str
    html: str
    block: Literal["narrative"] = "narrative"


@dataclass(frozen=True)
class KeyFigure:
    label: str
    value: CellValue
    kind: ColumnKind = "number"
    note: str = ""


@dataclass(frozen=True)
class KeyFigures:
    items: tuple[KeyFigure, ...]
    block: Literal["key_figures"] = "key_figures"


@dataclass(frozen=True)
class TableBlock:
    table: Table
    block: Literal["table"] = "table"


@dataclass(frozen=True)
class Chart:
    """A Vega-Lite chart (the same spec the pages draw), its text alternative and its data table."""

    title: str
    spec: dict[str, Any]
    alt: str
    table: Table
    block: Literal["chart"] = "chart"


Block = Paragraph | Notice | Narrative | KeyFigures | TableBlock | Chart


@dataclass(frozen=True)
class Section:
    title: str
    blocks: tuple[Block, ...] = ()
    children: tuple[Section, ...] = ()
    # A stable id for links and the table of contents, e.g. "theme-1" or "exceptions".
    anchor: str = ""


@dataclass(frozen=True)
class ReportDocument:
    kind: str
    title: str
    partnership: str
    strategy: str
    period_label: str
    generated_at: str  # ISO 8601, UTC
    data_version: int | str  # the partnership's data version token (core.cache.data_version)
    sections: tuple[Section, ...] = ()
    subtitle: str = ""
    # True once disclosure control has been applied (public channels only ever see such documents).
    disclosed: bool = False
    schema_version: int = SCHEMA_VERSION

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ReportDocument:
        payload = dict(data)
        payload["sections"] = tuple(_section(s) for s in payload.get("sections", ()))
        return cls(**payload)

    def tables(self) -> list[Table]:
        """Every table in reading order, charts' data tables included (one sheet each in XLSX)."""
        found: list[Table] = []

        def walk(section: Section) -> None:
            for block in section.blocks:
                if isinstance(block, TableBlock | Chart):
                    found.append(block.table)
            for child in section.children:
                walk(child)

        for section in self.sections:
            walk(section)
        return found


def _table(data: dict[str, Any]) -> Table:
    return Table(
        caption=data["caption"],
        columns=tuple(Column(**c) for c in data["columns"]),
        rows=tuple(tuple(r) for r in data.get("rows", ())),
        notes=tuple(data.get("notes", ())),
        sheet_name=data.get("sheet_name", ""),
    )


def _block(data: dict[str, Any]) -> Block:
    kind = data["block"]
    if kind == "paragraph":
        return Paragraph(text=data["text"])
    if kind == "notice":
        return Notice(text=data["text"])
    if kind == "narrative":
        return Narrative(key=data["key"], title=data["title"], html=data["html"])
    if kind == "key_figures":
        return KeyFigures(items=tuple(KeyFigure(**i) for i in data["items"]))
    if kind == "table":
        return TableBlock(table=_table(data["table"]))
    if kind == "chart":
        return Chart(title=data["title"], spec=data["spec"], alt=data["alt"], table=_table(data["table"]))
    raise ValueError(f"unknown report block {kind!r}")


def _section(data: dict[str, Any]) -> Section:
    return Section(
        title=data["title"],
        blocks=tuple(_block(b) for b in data.get("blocks", ())),
        children=tuple(_section(c) for c in data.get("children", ())),
        anchor=data.get("anchor", ""),
    )


__all__ = [
    "Block",
    "CellValue",
    "Chart",
    "Column",
    "KeyFigure",
    "KeyFigures",
    "Narrative",
    "Notice",
    "Paragraph",
    "ReportDocument",
    "Section",
    "Table",
    "TableBlock",
]
