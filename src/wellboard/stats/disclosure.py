"""Statistical disclosure control for published counts and the figures derived from them.

The default rule is Wellboard's (see DESIGN.md, "Disclosure control"): 0 stays 0; counts
from 1 to 7 are suppressed (shown as ``*``); other counts are rounded to the nearest 5;
rates and percentages calculated from a suppressed count are suppressed too; totals are
rounded from the unrounded data, never summed from rounded cells. The threshold and the
rounding base are parameters because partnerships configure the rule (for example
"fewer than 5" with no rounding but with secondary suppression).

Secondary suppression protects a suppressed cell when its row's total is published: if
exactly one cell of a row is suppressed, the smallest other non-zero cell is suppressed as
well, so the hidden value cannot be recovered by subtracting the others from the total.
``suppress_table`` does the same for a two-way table published with row and column totals,
where a cell can also be worked out along its column or round a chain of rows and columns.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from wellboard.stats._grouping import group_rows
from wellboard.stats.estimate import FloatArray, as_float_array

SUPPRESSED_MARKER = "*"


@dataclass(frozen=True, slots=True, eq=False)
class Suppressed:
    """Publishable figures with a mask of the cells that must not be shown.

    Attributes:
        values: what may be published: rounded counts (or derived values), NaN where the
            cell is suppressed or the input was missing.
        suppressed: True where the cell must be shown as the marker (``*``).
    """

    values: FloatArray
    suppressed: NDArray[np.bool_]

    def __post_init__(self) -> None:
        self.values.flags.writeable = False
        self.suppressed.flags.writeable = False

    def labels(
        self, *, marker: str = SUPPRESSED_MARKER, missing: str = "", decimals: int = 0
    ) -> NDArray[np.str_]:
        """Text for each cell: the marker where suppressed, ``missing`` where there is no
        figure, otherwise the value with ``decimals`` decimal places."""
        text = np.char.mod(f"%.{int(decimals)}f", self.values)
        text = np.where(np.isfinite(self.values), text, missing)
        return np.where(self.suppressed, marker, text).astype(np.str_)


def _check_rule(threshold: int, rounding: int | None) -> int:
    if isinstance(threshold, bool) or not isinstance(threshold, int | np.integer) or threshold < 1:
        raise ValueError(f"threshold must be a whole number of at least 1, got {threshold!r}")
    if rounding is None:
        return 1
    if isinstance(rounding, bool) or not isinstance(rounding, int | np.integer) or rounding < 1:
        raise ValueError(f"rounding must be a whole number of at least 1 (or None), got {rounding!r}")
    return int(rounding)


def _round(values: FloatArray, base: int) -> FloatArray:
    if base == 1:
        return np.array(values, copy=True)
    # Half rounds up (12.5 -> 15): counts are whole numbers, so ties only arise for bases
    # that are even, and rounding up is the conservative choice there.
    rounded: FloatArray = np.floor(values / base + 0.5) * base
    return rounded


def suppress_counts(
    counts: ArrayLike,
    *,
    threshold: int = 8,
    rounding: int | None = 5,
    groups: ArrayLike | None = None,
    secondary: bool = False,
) -> Suppressed:
    """Apply the disclosure rule to counts, one cell per entry.

    Args:
        counts: the unrounded counts; NaN means "no figure" (not suppressed).
        threshold: counts from 1 to ``threshold - 1`` are suppressed (default 8: 1..7).
        rounding: other counts are rounded to the nearest multiple (default 5); ``None``
            or 1 publishes them unrounded.
        groups: for secondary suppression, the row each cell belongs to (cells of a row
            add up to a published total); ``None`` treats all cells as one row.
        secondary: also suppress the next-smallest non-zero cell of any row that has
            exactly one suppressed cell.
    """
    base = _check_rule(threshold, rounding)
    data = as_float_array("counts", counts)
    if np.any(data < 0):
        raise ValueError("counts must not be negative")
    hidden = (data > 0) & (data < threshold)
    if secondary:
        grouping = group_rows(groups, data.shape[0], pool_ungrouped=True)
        codes = np.zeros(data.shape[0], dtype=np.intp) if grouping.codes is None else grouping.codes
        lonely = np.bincount(codes, weights=hidden.astype(np.float64), minlength=grouping.size) == 1
        candidate = ~hidden & (data > 0) & lonely[codes]
        rows = np.flatnonzero(candidate)
        if rows.size:
            # Smallest candidate per row of cells; ties go to the first cell.
            ranked = rows[np.lexsort((rows, data[rows], codes[rows]))]
            _, first = np.unique(codes[ranked], return_index=True)
            hidden[ranked[first]] = True
    values = _round(data, base)
    values[hidden] = np.nan
    return Suppressed(values=values, suppressed=hidden)


def suppress_totals(
    counts: ArrayLike,
    *,
    groups: ArrayLike | None = None,
    threshold: int = 8,
    rounding: int | None = 5,
) -> Suppressed:
    """Totals of ``counts`` per group, summed from the unrounded counts, then the rule applied.

    Returns one entry per group in sorted key order (a single entry when ``groups`` is None).
    """
    _check_rule(threshold, rounding)
    data = as_float_array("counts", counts)
    grouping = group_rows(groups, data.shape[0], pool_ungrouped=True)
    return suppress_counts(grouping.sum(data), threshold=threshold, rounding=rounding)


def suppress_derived(values: ArrayLike, counts: Suppressed | ArrayLike) -> Suppressed:
    """Blank rates, percentages or other figures whose underlying count was suppressed.

    ``counts`` is the :class:`Suppressed` result for the counts (or its boolean mask),
    aligned with ``values``. The values themselves are not rounded.
    """
    data = as_float_array("values", values)
    mask = counts.suppressed if isinstance(counts, Suppressed) else np.asarray(counts)
    if mask.dtype != np.bool_ or mask.shape != data.shape:
        raise ValueError("counts must be a Suppressed result or a boolean mask aligned with values")
    hidden = np.array(mask, dtype=bool, copy=True)
    published = np.where(hidden, np.nan, data)
    return Suppressed(values=published, suppressed=hidden)


# ---------------------------------------------------------------- tables with row and column totals
#
# A table of counts is published with its row totals, column totals and grand total, all worked out
# from the unrounded counts. Picture the table with its margins as one grid of (rows + 1) x
# (columns + 1) entries: every line of that grid (each row, with its total at the end; each column,
# with its total at the foot; the totals row and the totals column) says "these entries add up to
# that one". Whoever reads the table knows those equations and every published entry, so a
# suppressed entry is safe only if the equations leave it free to move.
#
# Think of each line as a node and each suppressed entry as an edge joining its row line to its
# column line. A set of hidden entries can move together (+e, -e, +e, ... round the lines they
# share) exactly when their edges form a cycle, so an entry is pinned to its true value exactly
# when its edge lies on no cycle: when it is a bridge. Secondary suppression therefore (1) hides a
# second entry in any line with exactly one hidden entry, choosing the smallest non-zero one, and
# (2) closes any remaining bridge with the cheapest rectangle of further non-zero entries, until
# neither applies. Non-zero entries matter because non-negativity would otherwise stop a cycle
# moving in one direction or the other.


@dataclass(frozen=True, slots=True, eq=False)
class SuppressedTable:
    """A table as it may be published: its cells (rows x columns), the row totals, the column
    totals and the grand total (a one-entry ``Suppressed``), each with its mask."""

    cells: Suppressed
    row_totals: Suppressed
    column_totals: Suppressed
    grand_total: Suppressed

    @property
    def grid(self) -> Suppressed:
        """Cells and margins as one grid: row totals in the last column, column totals in the
        last row and the grand total in the corner."""
        values = np.block(
            [
                [self.cells.values, self.row_totals.values[:, None]],
                [self.column_totals.values[None, :], self.grand_total.values[:, None]],
            ]
        )
        hidden = np.block(
            [
                [self.cells.suppressed, self.row_totals.suppressed[:, None]],
                [self.column_totals.suppressed[None, :], self.grand_total.suppressed[:, None]],
            ]
        )
        return Suppressed(values=values, suppressed=hidden)


def _table_grid(cells: ArrayLike) -> FloatArray:
    try:
        data = np.asarray(cells, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise ValueError("cells must be numeric") from error
    if data.ndim != 2 or data.shape[0] == 0 or data.shape[1] == 0:
        raise ValueError(f"cells must be a table of at least one row and one column, got shape {data.shape}")
    if not np.all(np.isfinite(data)):
        raise ValueError("every cell of a table needs a count: its totals depend on all of them")
    if np.any(data < 0):
        raise ValueError("counts must not be negative")
    grid = np.zeros((data.shape[0] + 1, data.shape[1] + 1))
    grid[:-1, :-1] = data
    grid[:-1, -1] = data.sum(axis=1)
    grid[-1, :-1] = data.sum(axis=0)
    grid[-1, -1] = data.sum()
    return grid


def _lines(shape: tuple[int, int]) -> list[list[tuple[int, int]]]:
    """Every line of the grid with margins: each row, then each column."""
    rows, columns = shape
    return [[(i, j) for j in range(columns)] for i in range(rows)] + [
        [(i, j) for i in range(rows)] for j in range(columns)
    ]


def _pair_lonely_entries(grid: FloatArray, hidden: NDArray[np.bool_]) -> None:
    """Until no line has exactly one hidden entry, hide the smallest non-zero entry beside it."""
    lines = _lines(grid.shape)
    changed = True
    while changed:
        changed = False
        for line in lines:
            if sum(1 for p in line if hidden[p]) != 1:
                continue
            # A line that adds up has a non-zero entry besides its one hidden entry (the hidden one
            # is non-zero, so its total or another of its cells is too).
            candidates = [p for p in line if not hidden[p] and grid[p] > 0]
            if candidates:
                hidden[min(candidates, key=lambda p: (grid[p], p))] = True
                changed = True


def _bridges(hidden: NDArray[np.bool_]) -> list[tuple[int, int]]:
    """Hidden entries whose value the equations pin down: bridges of the graph whose nodes are the
    grid's row lines and column lines and whose edges are the hidden entries."""
    rows, columns = hidden.shape
    adjacent: dict[int, list[tuple[int, tuple[int, int]]]] = {n: [] for n in range(rows + columns)}
    for i, j in zip(*np.nonzero(hidden), strict=True):
        entry = (int(i), int(j))
        adjacent[entry[0]].append((rows + entry[1], entry))
        adjacent[rows + entry[1]].append((entry[0], entry))
    order: dict[int, int] = {}
    low: dict[int, int] = {}
    found: list[tuple[int, int]] = []
    for root in adjacent:
        if root in order:
            continue
        order[root] = low[root] = len(order)
        stack: list[tuple[int, tuple[int, int] | None, int]] = [(root, None, 0)]
        while stack:
            node, via, index = stack[-1]
            if index < len(adjacent[node]):
                stack[-1] = (node, via, index + 1)
                neighbour, entry = adjacent[node][index]
                if entry == via:
                    continue
                if neighbour in order:
                    low[node] = min(low[node], order[neighbour])
                else:
                    order[neighbour] = low[neighbour] = len(order)
                    stack.append((neighbour, entry, 0))
                continue
            stack.pop()
            if stack and via is not None:
                parent = stack[-1][0]
                low[parent] = min(low[parent], low[node])
                if low[node] > order[parent]:
                    found.append(via)
    return sorted(found)


def _close_bridge(grid: FloatArray, hidden: NDArray[np.bool_], entry: tuple[int, int]) -> None:
    """Hide the cheapest three entries that make a rectangle with ``entry``, preferring non-zero ones
    (the least added value; a zero is used only where no rectangle avoids one)."""
    i, j = entry
    rows, columns = grid.shape
    best: tuple[tuple[int, float, tuple[int, int]], list[tuple[int, int]]] | None = None
    for other_row in range(rows):
        for other_column in range(columns):
            if other_row == i or other_column == j:
                continue
            corners = [(i, other_column), (other_row, j), (other_row, other_column)]
            new = [p for p in corners if not hidden[p]]
            zeros = sum(1 for p in new if grid[p] == 0)
            cost = (zeros, float(sum(grid[p] for p in new)), (other_row, other_column))
            if best is None or cost < best[0]:
                best = (cost, new)
    if best is None:  # pragma: no cover - a grid with margins always has another row and column
        raise ValueError("a table with margins has at least two rows and two columns")
    for p in best[1]:
        hidden[p] = True


def suppress_table(
    cells: ArrayLike, *, threshold: int = 8, rounding: int | None = 5, secondary: bool = False
) -> SuppressedTable:
    """Apply the disclosure rule to a table of counts and its margins.

    The row, column and grand totals are summed from the unrounded ``cells`` (rows x columns);
    every cell and every total from 1 to ``threshold - 1`` is suppressed and the rest rounded to
    ``rounding``. With ``secondary``, further cells and totals are suppressed until no suppressed
    entry can be worked out from the published ones by adding and subtracting along rows and
    columns: each row and column (totals included) then holds no suppressed entry or at least
    two, and every suppressed entry lies on a cycle of suppressed non-zero entries.
    """
    base = _check_rule(threshold, rounding)
    grid = _table_grid(cells)
    hidden = (grid > 0) & (grid < threshold)
    if secondary:
        while True:
            _pair_lonely_entries(grid, hidden)
            bridges = _bridges(hidden)
            if not bridges:
                break
            _close_bridge(grid, hidden, bridges[0])
    values = _round(grid, base)
    values[hidden] = np.nan

    def part(rows: slice | int, columns: slice | int) -> Suppressed:
        return Suppressed(
            values=np.atleast_1d(np.array(values[rows, columns])),
            suppressed=np.atleast_1d(np.array(hidden[rows, columns])),
        )

    return SuppressedTable(
        cells=part(slice(None, -1), slice(None, -1)),
        row_totals=part(slice(None, -1), -1),
        column_totals=part(-1, slice(None, -1)),
        grand_total=part(-1, -1),
    )
