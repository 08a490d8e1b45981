"""Disclosure control: small cells hidden, and no hidden cell recoverable.

The LP audit is the module's own judge, so the properties here also check it against
an independent brute force on tiny tables: every integer table consistent with what
is published is enumerated, and a hidden cell is safe only if it takes two values.
"""

from __future__ import annotations

import itertools
import math
import random

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from integra.monitoring.disclosure import (
    DEFAULT_THRESHOLD,
    MINIMUM_THRESHOLD,
    Interval,
    Protected,
    ThresholdError,
    audit,
    exposed,
    full_grid,
    protect,
)

Grid = list[list[int]]
Mask = list[list[bool]]

# Many zeros and small cells, some at and around the threshold, some large.
counts = st.one_of(
    st.just(0),
    st.integers(min_value=1, max_value=9),
    st.integers(min_value=10, max_value=60),
)
tiny_counts = st.one_of(st.just(0), st.integers(min_value=1, max_value=12))


def tables(values: st.SearchStrategy[int], most: int) -> st.SearchStrategy[Grid]:
    return st.integers(1, most).flatmap(
        lambda rows: st.integers(1, most).flatmap(
            lambda cols: st.lists(
                st.lists(values, min_size=cols, max_size=cols), min_size=rows, max_size=rows
            )
        )
    )


def fillings(grid: Grid, mask: Mask) -> list[Grid]:
    """Every table that agrees with the published cells, found by enumeration.

    Only the hidden interior cells are free; every margin is recomputed by adding
    up, then compared with what was published. Each hidden interior cell ranges
    over its true value plus or minus one: any other consistent table differs from
    the true one by a sum of cycles of +1/-1 steps through the hidden cells, so one
    such step is always inside this box, and the box keeps the search small.
    """
    rows, cols = len(grid) - 1, len(grid[0]) - 1
    free = [(r, c) for r in range(rows) for c in range(cols) if mask[r][c]]
    ranges = [range(max(0, grid[r][c] - 1), grid[r][c] + 2) for r, c in free]
    found = []
    interior = [row[:cols] for row in grid[:rows]]
    for values in itertools.product(*ranges):
        for (r, c), value in zip(free, values, strict=True):
            interior[r][c] = value
        candidate = full_grid(interior)
        if all(
            mask[r][c] or candidate[r][c] == grid[r][c]
            for r in range(rows + 1)
            for c in range(cols + 1)
        ):
            found.append(candidate)
    return found


def cells(mask: Mask) -> list[tuple[int, int]]:
    return [(r, c) for r, row in enumerate(mask) for c, hidden in enumerate(row) if hidden]


def as_lists(protected: Protected) -> tuple[Grid, Mask]:
    return [list(row) for row in protected.grid], [list(row) for row in protected.suppressed]


# --- primary suppression -------------------------------------------------------------


def test_it_hides_small_cells_and_publishes_zeros_and_large_ones() -> None:
    protected = protect([[0, 1, 9, 10, 50]], threshold=10)

    top = protected.primary[0]
    assert top == (False, True, True, False, False, False)
    published = protected.published()
    assert published[0][0] == 0
    assert published[0][3] == 10
    assert published[0][4] == 50
    assert published[0][1] is None
    assert published[0][2] is None


def test_it_hides_small_margins_too() -> None:
    # Every interior cell is a zero or large; only a total of one column is small.
    protected = protect([[0, 30], [4, 30], [0, 30]])

    grid = protected.grid
    assert grid[3] == (4, 90, 94)
    assert protected.primary[3][0]
    assert protected.primary[1][0]
    assert not any(protected.primary[r][c] for r in range(4) for c in range(3) if grid[r][c] > 9)


def test_it_refuses_a_threshold_below_the_minimum() -> None:
    with pytest.raises(ThresholdError):
        protect([[1, 2]], threshold=MINIMUM_THRESHOLD - 1)


def test_it_honours_a_custom_threshold() -> None:
    table = [[5, 7, 40], [6, 30, 35]]

    at_default = protect(table)
    at_six = protect(table, threshold=6)

    assert DEFAULT_THRESHOLD == 10
    assert at_default.primary[0][:3] == (True, True, False)
    assert at_six.primary[0][:3] == (True, False, False)
    assert at_six.primary[1][:3] == (False, False, False)


def test_it_refuses_negative_and_ragged_tables() -> None:
    with pytest.raises(ValueError, match="negative"):
        protect([[1, -2]])
    with pytest.raises(ValueError, match="same number"):
        protect([[1, 2], [3]])
    with pytest.raises(ValueError, match="at least one"):
        protect([])


# --- worked examples -------------------------------------------------------------------


def test_a_one_way_table_hides_a_second_cell_so_the_total_does_not_give_it_away() -> None:
    protected = protect([[3], [20], [30]])

    assert protected.published() == [[None, None], [None, None], [30, 30], [53, 53]]
    assert exposed(audit(*as_lists(protected))) == []


def test_a_two_way_table_gets_the_known_secondary_pattern() -> None:
    protected = protect([[3, 20, 30], [15, 25, 40]])

    assert protected.published() == [
        [None, None, 30, 53],
        [None, None, 40, 80],
        [18, 45, 70, 133],
    ]
    assert audit(*as_lists(protected)) == [
        Interval(row=0, col=0, low=0, high=18),
        Interval(row=0, col=1, low=5, high=23),
        Interval(row=1, col=0, low=0, high=18),
        Interval(row=1, col=1, low=22, high=40),
    ]


def test_it_hides_more_when_the_line_rule_alone_leaves_a_cell_pinned() -> None:
    # After the line rule every line holds two or more hidden cells, yet a chain
    # of equations still pins the 5 at row 2, column 0 (found by the LP audit).
    # The extra cell closes a cycle through it: the zero at row 0, column 0,
    # whose row already holds hidden cells (a zero costs no information).
    protected = protect([[0, 9, 0], [12, 20, 3], [5, 10, 0], [10, 12, 12]])

    assert protected.published() == [
        [None, None, 0, None],
        [None, 20, None, 35],
        [None, None, 0, None],
        [None, 12, None, 34],
        [27, 51, 15, 93],
    ]
    assert exposed(audit(*as_lists(protected))) == []


def test_the_audit_reports_a_determined_cell_as_exposed() -> None:
    grid = full_grid([[3, 20], [15, 25]])
    mask = [[True, True, False], [False, False, False], [False, False, False]]

    intervals = audit(grid, mask)

    # Column 0 gives the 3 away (18 - 15), and then row 0 gives the 20.
    assert exposed(intervals) == [
        Interval(row=0, col=0, low=3, high=3),
        Interval(row=0, col=1, low=20, high=20),
    ]


def test_the_audit_reports_an_unbounded_cell_as_infinite() -> None:
    grid = full_grid([[3, 20], [15, 25]])
    everything = [[True] * 3 for _ in range(3)]

    intervals = audit(grid, everything)

    assert all(interval.low == 0 and interval.high == math.inf for interval in intervals)
    assert exposed(intervals) == []


def test_exposed_honours_a_wider_protection_interval() -> None:
    intervals = [Interval(0, 0, 2, 4), Interval(0, 1, 0, 10)]

    assert exposed(intervals) == []
    assert exposed(intervals, protection=3) == [Interval(0, 0, 2, 4)]


def test_the_audit_refuses_a_grid_whose_margins_do_not_add_up() -> None:
    grid = full_grid([[3, 20], [15, 25]])
    grid[0][2] += 1

    with pytest.raises(ValueError, match="margins"):
        audit(grid, [[False] * 3 for _ in range(3)])


# --- one row or one column: the total repeats the only cell -----------------------------


def test_with_one_column_the_row_totals_mirror_the_column() -> None:
    protected = protect([[3], [20], [30], [7]])

    for row in protected.suppressed:
        assert row[0] == row[1]
    assert exposed(audit(*as_lists(protected))) == []


def test_with_one_row_the_column_totals_mirror_the_row() -> None:
    protected = protect([[3, 20, 30]])

    assert protected.suppressed[0] == protected.suppressed[1]
    assert protected.published() == [[None, None, 30, 53], [None, None, 30, 53]]
    assert exposed(audit(*as_lists(protected))) == []


def test_a_single_small_cell_hides_all_four_copies_of_itself() -> None:
    assert protect([[3]]).published() == [[None, None], [None, None]]
    assert protect([[30]]).published() == [[30, 30], [30, 30]]
    assert protect([[0]]).published() == [[0, 0], [0, 0]]


def test_the_audit_sees_through_a_published_mirror() -> None:
    grid = full_grid([[3], [20]])
    mask = [[True, False], [True, True], [False, False]]

    assert exposed(audit(grid, mask))[0] == Interval(row=0, col=0, low=3, high=3)


# --- properties -----------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(table=tables(counts, 5), threshold=st.integers(MINIMUM_THRESHOLD, 12))
def test_protected_tables_hide_every_small_cell_and_expose_none(
    table: Grid, threshold: int
) -> None:
    protected = protect(table, threshold=threshold)

    grid, mask = as_lists(protected)
    assert grid == full_grid(table)
    for r, c in itertools.product(range(len(grid)), range(len(grid[0]))):
        assert protected.primary[r][c] == (0 < grid[r][c] < threshold)
        if protected.primary[r][c]:
            assert mask[r][c]
    assert exposed(audit(grid, mask)) == []


@settings(max_examples=150, deadline=None)
@given(table=tables(tiny_counts, 3), threshold=st.integers(MINIMUM_THRESHOLD, 8))
def test_no_hidden_cell_of_a_tiny_table_can_be_recovered_by_enumeration(
    table: Grid, threshold: int
) -> None:
    grid, mask = as_lists(protect(table, threshold=threshold))

    solutions = fillings(grid, mask)

    assert grid in solutions
    for r, c in cells(mask):
        assert len({solution[r][c] for solution in solutions}) >= 2, (r, c)


@settings(max_examples=150, deadline=None)
@given(table=tables(tiny_counts, 3), seed=st.integers(0, 2**32 - 1))
# Once stopped HiGHS with status "unknown" after an unbounded solve (warm start).
@example(table=[[0, 0, 1], [1, 1, 0], [0, 0, 0]], seed=27760)
def test_the_audit_agrees_with_enumeration_on_any_mask(table: Grid, seed: int) -> None:
    grid = full_grid(table)
    rng = random.Random(seed)
    mask = [[rng.random() < 0.5 for _ in row] for row in grid]

    intervals = audit(grid, mask)
    solutions = fillings(grid, mask)

    assert [(interval.row, interval.col) for interval in intervals] == cells(mask)
    for interval in intervals:
        true = grid[interval.row][interval.col]
        seen = {solution[interval.row][interval.col] for solution in solutions}
        assert interval.low <= true <= interval.high
        assert (interval.low < true) == (min(seen) < true)
        assert (interval.high > true) == (max(seen) > true)


def test_a_large_table_with_many_small_cells_is_protected() -> None:
    rng = random.Random(7)
    table = [
        [rng.choice([0, 1, 2, 3, 5, 8, 12, 20, 40, 100]) for _ in range(20)] for _ in range(60)
    ]

    grid, mask = as_lists(protect(table))

    assert exposed(audit(grid, mask)) == []
