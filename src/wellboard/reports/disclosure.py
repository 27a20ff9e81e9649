"""Disclosure control for a report before it is published: every count in every table, key figure
and chart passes through ``wellboard.publishing.disclosure`` with the partnership's rule.

Drafts shown to signed-in members keep their true figures; only a published edition (which the
public may read when the partnership is public) is disclosed. Each table's ``count`` columns are
suppressed and rounded; a column ``derived_from`` a count is blanked where that count was
suppressed. A chart's data follows its table, row by row, so the picture never shows what the table
hides.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import numpy as np

from wellboard.publishing.disclosure import SUPPRESSED_MARKER, disclose_counts, disclose_derived, rule_for
from wellboard.reports.document import (
    Block,
    CellValue,
    Chart,
    KeyFigure,
    KeyFigures,
    ReportDocument,
    Section,
    Table,
    TableBlock,
)

# Columns of words rather than figures ("Red", "Better than England"): withheld whole, never recomputed.
WORDS = frozenset({"text", "rag"})


def _number(value: CellValue) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _published(value: float, suppressed: bool, original: CellValue) -> CellValue:
    if suppressed:
        return SUPPRESSED_MARKER
    if original is None or (isinstance(original, float) and math.isnan(original)):
        return None
    if math.isnan(value):
        return None
    return int(value) if float(value).is_integer() else float(value)


def disclose_table(table: Table, rule: str) -> Table:
    """The table with its counts and the figures derived from them as they may be published."""
    keys = [c.key for c in table.columns]
    columns: list[list[CellValue]] = [[row[i] for row in table.rows] for i in range(len(keys))]
    hidden: dict[str, np.ndarray[Any, np.dtype[np.bool_]]] = {}
    touched = False
    for index, column in enumerate(table.columns):
        if column.kind != "count" or not table.rows:
            continue
        original = columns[index]
        result = disclose_counts([_number(v) for v in original], rule=rule)
        hidden[column.key] = np.asarray(result.suppressed, dtype=bool)
        columns[index] = [
            _published(float(v), bool(s), o)
            for v, s, o in zip(result.values, result.suppressed, original, strict=True)
        ]
        touched = True
    # Words worked out from a figure (its RAG against target, its comparison with other places) are
    # withheld with it: where its count is suppressed, and where the figure is itself a count that
    # was rounded, since a judgement of the true figure would tell what the rounding hides.
    unjudged = {key: mask.copy() for key, mask in hidden.items()}
    for index, column in enumerate(table.columns):
        if column.derived_from is None or column.derived_from not in hidden or not table.rows:
            continue
        if column.kind in WORDS:
            continue
        original = columns[index]
        mask = hidden[column.derived_from]
        counts = columns[keys.index(column.derived_from)]
        true_counts = [_number(row[keys.index(column.derived_from)]) for row in table.rows]
        derived = disclose_derived([_number(v) for v in original], mask)
        published: list[CellValue] = []
        for row, (v, m, o) in enumerate(zip(derived.values, mask, original, strict=True)):
            if m and o is not None:
                published.append(SUPPRESSED_MARKER)
            elif o is None or np.isnan(v):
                published.append(None)
            elif _number(o) is not None and _number(o) == true_counts[row] and counts[row] != o:
                published.append(counts[row])  # a figure that is its count is published as the count is
                unjudged[column.derived_from][row] = True
            else:
                published.append(o)
        columns[index] = published
    for index, column in enumerate(table.columns):
        if column.derived_from not in unjudged or column.kind not in WORDS or not table.rows:
            continue
        mask = unjudged[column.derived_from]
        columns[index] = [
            SUPPRESSED_MARKER if m and o not in (None, "") else o
            for m, o in zip(mask, columns[index], strict=True)
        ]
    if not touched:
        return table
    rows = tuple(tuple(columns[i][r] for i in range(len(keys))) for r in range(len(table.rows)))
    note = f"Figures about people are shown for publication: {rule_for(rule).description}"
    return dataclasses.replace(table, rows=rows, notes=(*table.notes, note))


def _chart_data(spec: dict[str, Any], before: Table, after: Table) -> dict[str, Any]:
    """The spec with its inline data replaced, field by field, by the disclosed table's figures."""
    data = spec.get("data")
    if not isinstance(data, dict) or not isinstance(data.get("values"), list) or before is after:
        return spec
    values = data["values"]
    disclosed_keys = [
        (i, c.key)
        for i, c in enumerate(after.columns)
        if c.kind == "count" or (c.derived_from is not None and c.kind not in WORDS)
    ]
    new_values = []
    for position, original in enumerate(values):
        point = dict(original)
        if position < len(after.rows):
            for index, key in disclosed_keys:
                if key in point:
                    cell = after.rows[position][index]
                    point[key] = cell if isinstance(cell, int | float) else None
        else:
            for _index, key in disclosed_keys:
                point.pop(key, None)
        new_values.append(point)
    return {**spec, "data": {**data, "values": new_values}}


def _key_figure(item: KeyFigure, rule: str) -> KeyFigure:
    if item.kind != "count":
        return item
    number = _number(item.value)
    if number is None:
        return item
    result = disclose_counts([number], rule=rule)
    return dataclasses.replace(
        item, value=_published(float(result.values[0]), bool(result.suppressed[0]), item.value)
    )


def _block(block: Block, rule: str) -> Block:
    if isinstance(block, TableBlock):
        return TableBlock(disclose_table(block.table, rule))
    if isinstance(block, Chart):
        table = disclose_table(block.table, rule)
        return dataclasses.replace(block, table=table, spec=_chart_data(block.spec, block.table, table))
    if isinstance(block, KeyFigures):
        return KeyFigures(items=tuple(_key_figure(i, rule) for i in block.items))
    return block


def _section(section: Section, rule: str) -> Section:
    return dataclasses.replace(
        section,
        blocks=tuple(_block(b, rule) for b in section.blocks),
        children=tuple(_section(c, rule) for c in section.children),
    )


def disclose_document(document: ReportDocument, *, rule: str) -> ReportDocument:
    """The document as it may be published under the partnership's disclosure ``rule``."""
    if document.disclosed:
        return document
    return dataclasses.replace(
        document, sections=tuple(_section(s, rule) for s in document.sections), disclosed=True
    )
