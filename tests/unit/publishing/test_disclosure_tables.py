"""Two-way tables with row and column totals at the publishing boundary: the default rule per cell
and per total; under "fewer than 5", secondary suppression that no adding or subtracting along rows
and columns can undo (checked by linear programming over every suppressed entry)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.typing import NDArray
from scipy.optimize import linprog

from wellboard.partners.models import DisclosureRule
from wellboard.publishing.disclosure import disclose_table

STANDARD = DisclosureRule.STANDARD
UNDER_FIVE = DisclosureRule.UNDER_FIVE


def tables(max_side: int = 6, max_count: int = 60) -> st.SearchStrategy[list[list[int]]]:
    """Small tables, weighted towards small counts so that suppression happens often."""
    count = st.one_of(st.integers(0, 9), st.integers(0, max_count))
    return st.integers(1, max_side).flatmap(
        lambda rows: st.integers(1, max_side).flatmap(
            lambda columns: st.lists(
                st.lists(count, min_size=columns, max_size=columns), min_size=rows, max_size=rows
            )
        )
    )


def true_grid(cells: list[list[int]]) -> NDArray[np.float64]:
    data = np.array(cells, dtype=float)
    grid = np.zeros((data.shape[0] + 1, data.shape[1] + 1))
    grid[:-1, :-1] = data
    grid[:-1, -1] = data.sum(axis=1)
    grid[-1, :-1] = data.sum(axis=0)
    grid[-1, -1] = data.sum()
    return grid


def feasible_ranges(grid: NDArray[np.float64], hidden: NDArray[np.bool_]) -> list[tuple[float, float]]:
    """For each suppressed entry (in row-major order), the least and greatest value it can take,
    given every published entry, that each row and column adds up to its total and that counts are
    not negative: what a reader could work out by linear reasoning."""
    positions = [tuple(p) for p in np.argwhere(hidden)]
    index = {p: k for k, p in enumerate(positions)}
    rows, columns = grid.shape
    equations: list[list[float]] = []
    constants: list[float] = []
    lines = [[(i, j) for j in range(columns)] for i in range(rows)]
    lines += [[(i, j) for i in range(rows)] for j in range(columns)]
    for line in lines:
        coefficients = [0.0] * len(positions)
        constant = 0.0
        for n, p in enumerate(line):
            sign = -1.0 if n == len(line) - 1 else 1.0  # the last entry of a line is its total
            if p in index:
                coefficients[index[p]] += sign
            else:
                constant -= sign * grid[p]
        equations.append(coefficients)
        constants.append(constant)
    ranges: list[tuple[float, float]] = []
    for k in range(len(positions)):
        objective = np.zeros(len(positions))
        objective[k] = 1.0
        low = linprog(objective, A_eq=equations, b_eq=constants, bounds=(0, None), method="highs")
        high = linprog(-objective, A_eq=equations, b_eq=constants, bounds=(0, None), method="highs")
        assert low.status == 0, "the published table must be consistent with its true counts"
        ranges.append((float(low.fun), np.inf if high.status == 3 else float(-high.fun)))
    return ranges


# ---------------------------------------------------------------- examples


def test_default_rule_suppresses_one_to_seven_and_rounds_cells_and_totals_from_unrounded_data() -> None:
    table = disclose_table([[3, 12, 12], [40, 0, 8]], rule=STANDARD)
    assert table.cells.labels().tolist() == [["*", "10", "10"], ["40", "0", "10"]]
    # 27 and 48 are the true row totals, rounded: never the sum of rounded cells (20 and 50).
    assert table.row_totals.labels().tolist() == ["25", "50"]
    assert table.column_totals.labels().tolist() == ["45", "10", "20"]
    assert table.grand_total.labels().tolist() == ["75"]


def test_default_rule_suppresses_a_small_total_too() -> None:
    table = disclose_table([[2, 3], [0, 0]], rule=STANDARD)
    assert table.row_totals.labels().tolist() == ["*", "0"]
    assert table.grand_total.suppressed.tolist() == [True]


def test_under_five_hides_a_rectangle_of_the_smallest_cells() -> None:
    table = disclose_table([[3, 10, 20], [12, 15, 9], [30, 2, 40]], rule=UNDER_FIVE)
    assert table.grid.labels().tolist() == [
        ["*", "*", "20", "33"],
        ["12", "15", "9", "36"],
        ["*", "*", "40", "72"],
        ["45", "27", "69", "141"],
    ]


def test_under_five_a_row_of_one_cell_hides_its_total_and_a_partner_row() -> None:
    # The first row's only cell is its total, so the total goes too; then the column needs a second.
    table = disclose_table([[3], [20], [9]], rule=UNDER_FIVE)
    assert table.grid.labels().tolist() == [["*", "*"], ["20", "20"], ["*", "*"], ["32", "32"]]


def test_under_five_a_single_small_cell_hides_the_whole_table() -> None:
    assert disclose_table([[3]], rule=UNDER_FIVE).grid.labels().tolist() == [["*", "*"], ["*", "*"]]


def test_under_five_a_small_total_is_itself_protected() -> None:
    # The second row's cells are 0, 0 and 4: its total (4) is small as well as its cell.
    table = disclose_table([[10, 12, 9], [0, 0, 4]], rule=UNDER_FIVE)
    hidden = table.grid.suppressed
    assert hidden[1, 2]
    assert hidden[1, 3]
    for line in [*hidden, *hidden.T]:
        assert line.sum() != 1


def test_under_five_nothing_small_means_nothing_hidden() -> None:
    table = disclose_table([[5, 6], [7, 8]], rule=UNDER_FIVE)
    assert not table.grid.suppressed.any()
    assert table.grid.labels().tolist() == [["5", "6", "11"], ["7", "8", "15"], ["12", "14", "26"]]


def test_a_cell_joining_two_protected_blocks_is_not_left_pinned() -> None:
    # Two blocks of small cells, each hidden as a rectangle, joined by the small cell at row 0,
    # column 2: every row and column has two or more hidden entries, yet that cell could be worked
    # out. A further cell (row 1, column 2: the cheapest) puts it on a rectangle of its own.
    cells = [[1, 1, 1, 50], [1, 1, 50, 50], [50, 50, 1, 1], [50, 50, 1, 1]]
    table = disclose_table(cells, rule=UNDER_FIVE)
    assert table.grid.labels().tolist() == [
        ["*", "*", "*", "50", "53"],
        ["*", "*", "*", "50", "102"],
        ["50", "50", "*", "*", "102"],
        ["50", "50", "*", "*", "102"],
        ["102", "102", "53", "102", "359"],
    ]
    truth = true_grid(cells)
    assert all(high - low >= 1 for low, high in feasible_ranges(truth, table.grid.suppressed))
    paired_only = np.array(table.grid.suppressed)
    paired_only[1, 2] = False
    pinned = dict(zip(map(tuple, np.argwhere(paired_only)), feasible_ranges(truth, paired_only), strict=True))
    assert pinned[(0, 2)] == (1.0, 1.0)


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ([1, 2, 3], "cells must be a table"),
        ([[1, -2]], "counts must not be negative"),
        ([[1, float("nan")]], "every cell of a table needs a count"),
        ([[]], "cells must be a table"),
    ],
)
def test_a_table_that_is_not_a_complete_grid_of_counts_is_refused(cells: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        disclose_table(cells, rule=UNDER_FIVE)  # type: ignore[arg-type]


# ---------------------------------------------------------------- properties


@settings(deadline=None, max_examples=150)
@given(tables())
def test_default_rule_never_publishes_one_to_seven_and_rounds_to_fives(cells: list[list[int]]) -> None:
    grid = disclose_table(cells, rule=STANDARD).grid
    shown = grid.values[~grid.suppressed]
    assert not np.any((shown >= 1) & (shown <= 7))
    assert np.all(shown % 5 == 0)
    truth = true_grid(cells)
    assert np.array_equal(grid.suppressed, (truth >= 1) & (truth <= 7))
    assert np.all(np.abs(shown - truth[~grid.suppressed]) <= 2.5)


@settings(deadline=None, max_examples=150)
@given(tables())
def test_under_five_publishes_true_counts_and_no_line_has_a_lone_suppressed_entry(
    cells: list[list[int]],
) -> None:
    grid = disclose_table(cells, rule=UNDER_FIVE).grid
    truth = true_grid(cells)
    assert np.all(grid.suppressed[(truth >= 1) & (truth <= 4)])
    assert np.array_equal(grid.values[~grid.suppressed], truth[~grid.suppressed])
    for line in [*grid.suppressed, *grid.suppressed.T]:
        assert line.sum() != 1


@settings(deadline=None, max_examples=120)
@given(tables(max_side=5))
def test_under_five_no_suppressed_entry_can_be_worked_out_from_the_published_table(
    cells: list[list[int]],
) -> None:
    grid = disclose_table(cells, rule=UNDER_FIVE).grid
    truth = true_grid(cells)
    for (low, high), position in zip(
        feasible_ranges(truth, grid.suppressed), np.argwhere(grid.suppressed), strict=True
    ):
        assert low <= truth[tuple(position)] <= high
        assert high - low >= 1, f"entry {tuple(position)} is pinned to {low}..{high}"
