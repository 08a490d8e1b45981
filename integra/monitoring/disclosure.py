"""Disclosure control for published two-way tables of counts (rule 5: no person singled out).

A published table is an R x C interior of counts with its margins: the full grid is
(R+1) x (C+1), row r's total at ``[r][C]``, column c's total at ``[R][c]`` and the
grand total at ``[R][C]``. Every cell of that grid with ``0 < n < T`` is suppressed
(*primary* suppression). Hiding a small cell is not enough: the margins and the sibling
cells would give it back, so more cells are hidden (*secondary* suppression) until no
suppressed cell can be recovered.

"Cannot be recovered" is checked exactly with a linear programme (``audit``): the
suppressed cells are the unknowns, the published cells are constants, every row and
every column of the full grid must add up to its total and counts are non-negative.
The smallest and largest value each suppressed cell can take is the interval an
attacker can deduce. The equations of a two-way table with margins have the
structure of a transportation problem, so the constraint matrix is totally
unimodular: every vertex of the feasible region is integral and the LP bounds are
whole numbers that some integer table attains. The LP is therefore not a relaxation
but the exact answer for integer tables, and an interval narrower than one person
(``high - low < 1``) means the cell is known exactly.

This is a pure module: the standard library, numpy and highspy only, never Django,
so the same code protects the API, the exports and the dashboards.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import highspy
import numpy as np

DEFAULT_THRESHOLD = 10
MINIMUM_THRESHOLD = 5

Cell = tuple[int, int]

# LP solutions are integral up to solver tolerance (total unimodularity); anything
# closer than this to a whole number is that whole number.
_INTEGRAL_TOLERANCE = 1e-6

# Solver outcomes that answer the question; anything else is retried or refused.
_CONCLUSIVE = (
    highspy.HighsModelStatus.kOptimal,
    highspy.HighsModelStatus.kUnbounded,
    highspy.HighsModelStatus.kUnboundedOrInfeasible,
)


class ThresholdError(ValueError):
    """A threshold below MINIMUM_THRESHOLD was asked for; small cells would identify people."""


@dataclass(frozen=True)
class Protected:
    """A table after disclosure control.

    ``grid`` keeps the true numbers so that the caller can re-audit; only
    ``published()`` may leave the server.
    """

    grid: tuple[tuple[int, ...], ...]
    suppressed: tuple[tuple[bool, ...], ...]
    primary: tuple[tuple[bool, ...], ...]

    def published(self) -> list[list[int | None]]:
        """The grid as it may be shown: ``None`` wherever a cell is suppressed."""
        return [
            [None if hidden else value for value, hidden in zip(row, mask, strict=True)]
            for row, mask in zip(self.grid, self.suppressed, strict=True)
        ]


@dataclass(frozen=True)
class Interval:
    """What an attacker can deduce about one suppressed cell: ``low <= n <= high``.

    ``high`` is ``math.inf`` when nothing bounds the cell from above.
    """

    row: int
    col: int
    low: float
    high: float


def full_grid(interior: Sequence[Sequence[int]]) -> list[list[int]]:
    """The interior with its row totals, column totals and grand total added."""
    rows, cols = _check_interior(interior)
    grid = [[*map(int, line), sum(map(int, line))] for line in interior]
    grid.append([sum(grid[r][c] for r in range(rows)) for c in range(cols + 1)])
    return grid


def protect(interior: Sequence[Sequence[int]], threshold: int = DEFAULT_THRESHOLD) -> Protected:
    """Suppress small cells and enough others that none of them can be recovered.

    1. Primary: every cell of the full grid (margins too) with ``0 < n < threshold``.
       Zeros are published: a zero is not a person.
    2. Line rule, to a fixpoint: a row or column with exactly one suppressed cell
       gives it away by subtraction, so the cheapest other cell of that line is
       suppressed too.
    3. LP audit: while some suppressed cell is still pinned down (by a longer chain
       of equations), one more cell in its row or column is suppressed, preferring a
       cell whose other line already holds a suppression so that a cycle closes, and
       steps 2-3 repeat.

    Each round hides at least one more cell and a fully hidden table exposes nothing
    (every cell can grow with its row total, column total and grand total), so the
    loop ends. Cheapest means smallest positive count first, interior before margin,
    then lowest index; zeros only when no positive cell is left.
    """
    if threshold < MINIMUM_THRESHOLD:
        raise ThresholdError(
            f"threshold {threshold} is below the minimum of {MINIMUM_THRESHOLD}",
        )
    grid = full_grid(interior)
    height, width = len(grid), len(grid[0])
    primary = [[0 < value < threshold for value in row] for row in grid]
    suppressed = [[False] * width for _ in range(height)]
    model = _AuditModel(grid)

    def hide(cell: Cell) -> None:
        for r, c in _mirror_group(cell, height, width):
            if not suppressed[r][c]:
                suppressed[r][c] = True
                model.suppress((r, c))

    for r in range(height):
        for c in range(width):
            if primary[r][c]:
                hide((r, c))

    # Once the LP has shown a cell can move, hiding more cells only removes
    # constraints, so the same witness keeps working: never test it again.
    safe: set[Cell] = set()
    while True:
        _close_lines(grid, suppressed, hide)
        pending = [
            (r, c)
            for r in range(height)
            for c in range(width)
            if suppressed[r][c] and (r, c) not in safe
        ]
        pinned = model.first_pinned(pending, safe)
        if pinned is None:
            break
        hide(_partner(grid, suppressed, pinned))

    return Protected(
        grid=tuple(tuple(row) for row in grid),
        suppressed=tuple(tuple(row) for row in suppressed),
        primary=tuple(tuple(row) for row in primary),
    )


def audit(grid: Sequence[Sequence[int]], suppressed: Sequence[Sequence[bool]]) -> list[Interval]:
    """The exact interval of every suppressed cell, in row-major order.

    ``grid`` is a full grid (interior plus margins, as ``full_grid`` returns) and
    ``suppressed`` a mask of the same shape. Two LPs per suppressed cell (min and
    max) on one HiGHS model whose objective alone changes, so each solve starts from
    the previous basis. Because the table is totally unimodular (see the module
    docstring) the bounds are integers; they are rounded to remove solver noise.
    """
    table = [list(map(int, row)) for row in grid]
    _check_grid(table)
    height, width = len(table), len(table[0])
    mask = [list(map(bool, row)) for row in suppressed]
    if len(mask) != height or any(len(row) != width for row in mask):
        raise ValueError("the suppression mask must have the shape of the grid")
    model = _AuditModel(table)
    cells = [(r, c) for r in range(height) for c in range(width) if mask[r][c]]
    for cell in cells:
        model.suppress(cell)
    intervals = []
    for r, c in cells:
        low, high = model.bounds((r, c))
        intervals.append(Interval(row=r, col=c, low=low, high=high))
    return intervals


def exposed(intervals: Iterable[Interval], *, protection: float = 1.0) -> list[Interval]:
    """The intervals narrower than ``protection``: with the default of one person, the
    suppressed cells whose value is known exactly."""
    return [interval for interval in intervals if interval.high - interval.low < protection]


# --- validation -------------------------------------------------------------------


def _check_interior(interior: Sequence[Sequence[int]]) -> tuple[int, int]:
    """R and C of a rectangular, non-empty table of non-negative whole counts."""
    if len(interior) == 0 or len(interior[0]) == 0:
        raise ValueError("a table needs at least one row and one column")
    cols = len(interior[0])
    for line in interior:
        if len(line) != cols:
            raise ValueError("every row of the table must have the same number of cells")
        for value in line:
            if isinstance(value, bool) or not isinstance(value, int | np.integer):
                raise ValueError(f"counts must be whole numbers, not {value!r}")
            if value < 0:
                raise ValueError(f"counts cannot be negative: {value}")
    return len(interior), cols


def _check_grid(grid: list[list[int]]) -> None:
    """A full grid must be a table whose margins really are its totals.

    An inconsistent grid would make the audit LP infeasible; refusing it here says
    what is wrong instead of reporting a solver status.
    """
    if len(grid) < 2 or len(grid[0]) < 2:
        raise ValueError("a full grid has at least two rows and two columns (margins)")
    _check_interior(grid)
    if full_grid([row[:-1] for row in grid[:-1]]) != grid:
        raise ValueError("the margins of the grid are not the totals of its cells")


# --- the shape of a table -----------------------------------------------------------


def _mirror_group(cell: Cell, height: int, width: int) -> list[Cell]:
    """The cells that hold the same number as ``cell`` by construction.

    With one column the row totals repeat column 0, and with one row the column
    totals repeat row 0; hiding one copy and publishing the other would hide
    nothing, so they are always suppressed together.
    """
    group = {cell}
    if width == 2:
        group |= {(r, 1 - c) for r, c in group}
    if height == 2:
        group |= {(1 - r, c) for r, c in group}
    return sorted(group)


def _lines(height: int, width: int) -> list[list[Cell]]:
    """Every row and every column of the full grid, margins included."""
    rows = [[(r, c) for c in range(width)] for r in range(height)]
    cols = [[(r, c) for r in range(height)] for c in range(width)]
    return rows + cols


def _cost(grid: list[list[int]], cell: Cell) -> tuple[bool, int, bool, int, int]:
    """Sort key for the cheapest cell to hide: positive before zero, small before
    large (less information lost), interior before margin, then by position."""
    r, c = cell
    value = grid[r][c]
    margin = r == len(grid) - 1 or c == len(grid[0]) - 1
    return (value == 0, value, margin, r, c)


def _close_lines(
    grid: list[list[int]],
    suppressed: list[list[bool]],
    hide: Callable[[Cell], None],
) -> None:
    """The line rule to a fixpoint: no row or column keeps a lone suppressed cell."""
    lines = _lines(len(grid), len(grid[0]))
    changed = True
    while changed:
        changed = False
        for line in lines:
            hidden = [cell for cell in line if suppressed[cell[0]][cell[1]]]
            if len(hidden) != 1:
                continue
            shown = [cell for cell in line if not suppressed[cell[0]][cell[1]]]
            hide(min(shown, key=lambda cell: _cost(grid, cell)))
            changed = True


def _partner(grid: list[list[int]], suppressed: list[list[bool]], pinned: Cell) -> Cell:
    """The cell to hide so that ``pinned`` gets room to move.

    A suppressed cell can only move along a cycle of suppressed cells that
    alternates between rows and columns. A candidate in the pinned cell's row whose
    column already holds a suppression (or in its column whose row does) can close
    such a cycle, so those come first, cheapest first. If the pinned cell's row and
    column are fully hidden, any shown cell will do.
    """
    height, width = len(grid), len(grid[0])
    r0, c0 = pinned

    def row_busy(r: int) -> bool:
        return any(suppressed[r])

    def col_busy(c: int) -> bool:
        return any(suppressed[r][c] for r in range(height))

    candidates = [(r0, c) for c in range(width) if not suppressed[r0][c]]
    closes = {cell: col_busy(cell[1]) for cell in candidates}
    for r in range(height):
        if not suppressed[r][c0]:
            candidates.append((r, c0))
            closes[(r, c0)] = row_busy(r)
    if not candidates:
        candidates = [(r, c) for r in range(height) for c in range(width) if not suppressed[r][c]]
        closes = {cell: row_busy(cell[0]) or col_busy(cell[1]) for cell in candidates}
    if not candidates:
        # Unreachable: a fully hidden table pins nothing (see ``protect``).
        raise RuntimeError("every cell is suppressed and one is still exposed")
    return min(candidates, key=lambda cell: (not closes[cell], *_cost(grid, cell)))


# --- the LP -----------------------------------------------------------------------


class _AuditModel:
    """One HiGHS model of a full grid, kept for the whole protection run.

    Every cell of the grid is a column; a published cell is fixed to its value by
    its bounds, and suppressing it just relaxes the bounds to ``[0, inf)``. The
    rows are the table's equations, written so that each has right-hand side zero:
    for every row r, its interior cells minus its total, and for every column c,
    its interior cells minus its total (the total row and column included, which
    ties the margins to the grand total). With one column or one row those
    equations already say that a total equals its single cell, so mirrors need no
    special case. Because the model is never rebuilt, each solve can start from the
    previous basis, which is what keeps a 60 x 20 table well under a second.
    """

    def __init__(self, grid: list[list[int]]) -> None:
        height, width = len(grid), len(grid[0])
        self._width = width
        self._values = np.array([value for row in grid for value in row], dtype=np.float64)
        n = height * width
        starts: list[int] = []
        indices: list[int] = []
        coefficients: list[float] = []
        for r in range(height):
            for c in range(width):
                starts.append(len(indices))
                indices += [r, height + c]
                coefficients += [
                    -1.0 if c == width - 1 else 1.0,
                    -1.0 if r == height - 1 else 1.0,
                ]
        # highspy's Highs.__init__ carries no annotations; the methods used are typed.
        self._highs = highspy.Highs()  # type: ignore[no-untyped-call]
        self._highs.setOptionValue("output_flag", False)
        # Presolve would tell "unbounded" and "infeasible" apart less precisely and
        # throw away the warm start that makes repeated solves cheap.
        self._highs.setOptionValue("presolve", "off")
        m = height + width
        zeros = np.zeros(m, dtype=np.float64)
        self._highs.addRows(
            m, zeros, zeros, 0, np.zeros(m, dtype=np.int32), np.zeros(0, dtype=np.int32), []
        )
        self._highs.addCols(
            n,
            np.zeros(n, dtype=np.float64),
            self._values.copy(),
            self._values.copy(),
            len(indices),
            np.array(starts, dtype=np.int32),
            np.array(indices, dtype=np.int32),
            np.array(coefficients, dtype=np.float64),
        )
        self._suppressed = np.zeros(n, dtype=bool)
        self._objective: int | None = None

    def _index(self, cell: Cell) -> int:
        return cell[0] * self._width + cell[1]

    def suppress(self, cell: Cell) -> None:
        """Turn a published constant into an unknown ``x >= 0``."""
        j = self._index(cell)
        if not self._suppressed[j]:
            self._suppressed[j] = True
            self._highs.changeColBounds(j, 0.0, highspy.kHighsInf)

    def _optimise(self, j: int, sense: float) -> float | None:
        """Minimise ``sense * x_j``; the optimal ``x_j``, or None if it is unbounded."""
        if self._objective is not None and self._objective != j:
            self._highs.changeColCost(self._objective, 0.0)
        self._objective = j
        self._highs.changeColCost(j, sense)
        self._highs.run()
        status = self._highs.getModelStatus()
        if status not in _CONCLUSIVE:
            # Warm-started from the basis of an unbounded solve, simplex can stop
            # with "unknown"; the same LP solved from scratch is decided.
            self._highs.clearSolver()
            self._highs.run()
            status = self._highs.getModelStatus()
        if status not in _CONCLUSIVE:
            raise RuntimeError(
                f"disclosure audit LP ended with {self._highs.modelStatusToString(status)}"
            )
        if status != highspy.HighsModelStatus.kOptimal:
            # The true table is a feasible point, so "or infeasible" cannot apply.
            return None
        # The objective is ``sense * x_j``: reading it back avoids copying the
        # whole solution vector out of the solver on every solve.
        return _integral(sense * self._highs.getObjectiveValue())

    def bounds(self, cell: Cell) -> tuple[float, float]:
        """The smallest and largest value the cell can take (max may be ``inf``)."""
        j = self._index(cell)
        low = self._optimise(j, 1.0)
        high = self._optimise(j, -1.0)
        if low is None:  # pragma: no cover - x >= 0 bounds every minimum
            raise RuntimeError("a count cannot be unbounded below")
        return low, math.inf if high is None else high

    def _harvest(self, safe: set[Cell]) -> None:
        """Mark every suppressed cell the last solution moved away from its true value.

        That solution is a table consistent with everything published in which the
        cell differs, so the cell cannot be recovered - now or after more hiding.
        """
        values = np.asarray(self._highs.getSolution().col_value, dtype=np.float64)
        moved = np.flatnonzero(self._suppressed & (np.abs(values - self._values) > 0.5))
        safe.update((int(j) // self._width, int(j) % self._width) for j in moved)

    def first_pinned(self, cells: list[Cell], safe: set[Cell]) -> Cell | None:
        """The first of ``cells`` whose value is determined, adding proven ones to ``safe``.

        A cell is free when the max exceeds or the min falls below its true value
        (the true table lies between them and bounds are integers); both solves
        also harvest every other cell their solution happened to move.
        """
        for cell in cells:
            if cell in safe:
                continue
            j = self._index(cell)
            for sense in (-1.0, 1.0):
                if self._optimise(j, sense) is None:
                    safe.add(cell)
                    break
                self._harvest(safe)
                if cell in safe:
                    break
            else:
                return cell
        return None


def _integral(value: float) -> float:
    """Snap solver noise to the whole number that total unimodularity guarantees."""
    nearest = round(value)
    return float(nearest) if abs(value - nearest) < _INTEGRAL_TOLERANCE else value
