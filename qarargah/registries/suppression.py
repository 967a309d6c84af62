"""Small-cell suppression of a two-way table of counts with its totals (pure; no Django).

Primary suppression hides every count above zero and below ``minimum`` (a total too). That
alone is not enough: a row with one hidden cell gives it away as the row total minus the
others. Complementary suppression hides further cells until no hidden cell can be worked out
from what is shown.

Why the check is a graph question: negate the totals, and every row and every column of the
table (totals included) sums to zero. Take the hidden cells as edges between their row and
their column. A hidden cell's value follows from the shown ones exactly when its edge is a
bridge (on no cycle): on a cycle, adding one along it and taking one away alternately keeps
every sum, so the cell has at least two possible values, provided every hidden cell on it is
at least one (zeros are shown, never hidden, for that reason). So we hide cells until no hidden
cell is a bridge, each time closing the cheapest four-cycle (the smallest counts, inner cells
before totals), and hide everything if no such cycle exists.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

Cell = tuple[int, int]


@dataclass(frozen=True)
class SuppressedTable:
    """The table as it may be shown: ``None`` where a count is hidden."""

    cells: list[list[int | None]]
    row_totals: list[int | None]
    column_totals: list[int | None]
    total: int | None

    @property
    def hidden(self) -> int:
        inner = sum(v is None for row in self.cells for v in row)
        margins = sum(v is None for v in self.row_totals) + sum(v is None for v in self.column_totals)
        return inner + margins + (self.total is None)


def _augmented(table: Sequence[Sequence[int]]) -> list[list[int]]:
    """The table with its row totals as a last column and column totals (and the grand total)
    as a last row."""
    width = len(table[0]) if table else 0
    rows = [[*row, sum(row)] for row in table]
    totals = [sum(row[j] for row in table) for j in range(width)]
    rows.append([*totals, sum(totals)])
    return rows


def _is_bridge(edges: set[Cell], edge: Cell) -> bool:
    """Whether removing ``edge`` (row r, column c) disconnects r from c in the bipartite graph."""
    r, c = edge
    adjacency: dict[tuple[str, int], list[tuple[str, int]]] = {}
    for er, ec in edges:
        if (er, ec) == edge:
            continue
        adjacency.setdefault(("r", er), []).append(("c", ec))
        adjacency.setdefault(("c", ec), []).append(("r", er))
    start, goal = ("r", r), ("c", c)
    seen = {start}
    stack = [start]
    while stack:
        node = stack.pop()
        if node == goal:
            return False
        for nxt in adjacency.get(node, ()):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return True


def exposed_cells(values: Sequence[Sequence[int]], hidden: set[Cell]) -> set[Cell]:
    """The hidden cells of an augmented table whose value follows from the shown ones."""
    exposed = {cell for cell in hidden if _is_bridge(hidden, cell)}
    # A hidden zero cannot move down, so a cycle through it might not move at all: treat it as
    # shown (suppress never hides a zero, but the check is also used by tests on any pattern).
    exposed |= {(r, c) for r, c in hidden if values[r][c] == 0}
    return exposed


def suppress(
    table: Sequence[Sequence[int]],
    *,
    minimum: int,
    hide: Iterable[Cell] = (),
    known: Iterable[Cell] = (),
) -> SuppressedTable:
    """``table`` (rows of counts, all rows the same length) with its totals, hidden as needed.

    For a table that is part of a bigger one already shown (a county's neighbourhoods, whose
    totals are the county's row of the province's table), cells are addressed in the table with
    its totals (row ``len(table)`` holds the column totals, column ``len(table[0])`` the row
    totals): ``hide`` are hidden from the start (hidden in the bigger table), ``known`` are
    never chosen to protect another cell (shown in the bigger table, so hiding them here would
    protect nothing)."""
    if not table or not table[0]:
        return SuppressedTable(
            cells=[[] for _ in table], row_totals=[0] * len(table), column_totals=[], total=0
        )
    values = _augmented(table)
    n_rows, n_cols = len(values), len(values[0])
    hidden: set[Cell] = {(r, c) for r in range(n_rows) for c in range(n_cols) if 0 < values[r][c] < minimum}
    hidden |= {(r, c) for r, c in hide if values[r][c] > 0}
    fixed = set(known) - hidden
    while True:
        bridges = sorted(cell for cell in hidden if _is_bridge(hidden, cell))
        if not bridges:
            break
        r, c = bridges[0]
        best: tuple[tuple[int, int], set[Cell]] | None = None
        for r2 in range(n_rows):
            for c2 in range(n_cols):
                if r2 == r or c2 == c:
                    continue
                corners = {(r, c2), (r2, c), (r2, c2)}
                if any(values[x][y] == 0 or (x, y) in fixed for x, y in corners):
                    continue
                added = corners - hidden
                margins = sum(x == n_rows - 1 or y == n_cols - 1 for x, y in added)
                cost = (margins, sum(values[x][y] for x, y in added))
                if best is None or cost < best[0]:
                    best = (cost, added)
        if best is None:
            # No cycle can protect this cell (a single row or column of counts): hide it all.
            hidden = {(x, y) for x in range(n_rows) for y in range(n_cols) if values[x][y] > 0}
            break
        hidden |= best[1]
    shown: list[list[int | None]] = [
        [None if (r, c) in hidden else values[r][c] for c in range(n_cols)] for r in range(n_rows)
    ]
    return SuppressedTable(
        cells=[row[:-1] for row in shown[:-1]],
        row_totals=[row[-1] for row in shown[:-1]],
        column_totals=shown[-1][:-1],
        total=shown[-1][-1],
    )


def suppress_list(counts: Sequence[int], *, minimum: int) -> tuple[list[int | None], int | None]:
    """A single column of counts with its total: the same rule on a one-column table."""
    result = suppress([[n] for n in counts], minimum=minimum)
    return [row[0] for row in result.cells], result.total
