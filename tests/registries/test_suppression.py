"""Small-cell suppression: no hidden count is below the threshold shown, and none can be worked
out from the row and column totals (checked by enumerating every table the shown cells allow)."""

from __future__ import annotations

import itertools
import random

import pytest

from qarargah.registries.suppression import exposed_cells, suppress, suppress_list


def consistent_values(shown, n_rows, n_cols, bound):
    """For each hidden inner or margin cell, the set of values it takes over every table of
    non-negative counts (each at most ``bound``) that shows exactly what ``shown`` shows."""
    cells, row_totals, column_totals, total = shown
    hidden_inner = [(r, c) for r in range(n_rows) for c in range(n_cols) if cells[r][c] is None]
    seen: dict[tuple, set[int]] = {}
    for guess in itertools.product(range(bound + 1), repeat=len(hidden_inner)):
        table = [[cells[r][c] for c in range(n_cols)] for r in range(n_rows)]
        for (r, c), v in zip(hidden_inner, guess, strict=True):
            table[r][c] = v
        rows = [sum(row) for row in table]
        cols = [sum(table[r][c] for r in range(n_rows)) for c in range(n_cols)]
        if any(s is not None and s != v for s, v in zip(row_totals, rows, strict=True)):
            continue
        if any(s is not None and s != v for s, v in zip(column_totals, cols, strict=True)):
            continue
        if total is not None and total != sum(rows):
            continue
        for (r, c), v in zip(hidden_inner, guess, strict=True):
            seen.setdefault(("cell", r, c), set()).add(v)
        for r, s in enumerate(row_totals):
            if s is None:
                seen.setdefault(("row", r), set()).add(rows[r])
        for c, s in enumerate(column_totals):
            if s is None:
                seen.setdefault(("col", c), set()).add(cols[c])
        if total is None:
            seen.setdefault(("total",), set()).add(sum(rows))
    return seen


def check(table, minimum):
    result = suppress(table, minimum=minimum)
    n_rows, n_cols = len(table), len(table[0])
    for r in range(n_rows):
        for c in range(n_cols):
            v = table[r][c]
            if 0 < v < minimum:
                assert result.cells[r][c] is None, (table, r, c)
            if result.cells[r][c] is not None:
                assert result.cells[r][c] == v
    for r, row in enumerate(table):
        if 0 < sum(row) < minimum:
            assert result.row_totals[r] is None
    bound = max(max(row) for row in table) + 1  # room for a cycle to move up by one
    seen = consistent_values(
        (result.cells, result.row_totals, result.column_totals, result.total), n_rows, n_cols, bound
    )
    for key, values in seen.items():
        assert len(values) >= 2, (table, key, values)
    return result


def test_a_single_small_cell_takes_a_partner_in_its_row_and_column():
    result = check([[3, 12, 20], [15, 14, 30], [25, 16, 11]], minimum=10)
    assert result.cells[0][0] is None
    assert sum(v is None for v in result.cells[0]) >= 2
    assert sum(result.cells[r][0] is None for r in range(3)) >= 2


def test_nothing_small_nothing_hidden():
    result = check([[10, 20], [30, 40]], minimum=10)
    assert result.hidden == 0
    assert result.total == 100


def test_zeros_are_shown():
    result = check([[0, 12], [15, 0]], minimum=10)
    assert result.cells == [[0, 12], [15, 0]]


@pytest.mark.parametrize("seed", range(60))
def test_random_small_tables_expose_no_hidden_cell(seed):
    rng = random.Random(seed)
    n_rows, n_cols = rng.choice([(1, 2), (2, 2), (2, 3), (3, 2), (3, 3)])
    table = [[rng.choice([0, 1, 2, 3, 5, 8, 10, 12]) for _ in range(n_cols)] for _ in range(n_rows)]
    # Enumerating every consistent table is exponential in the hidden cells: keep it small.
    result = suppress(table, minimum=4)
    hidden_inner = sum(v is None for row in result.cells for v in row)
    if hidden_inner <= 5:
        check(table, minimum=4)
    else:
        values = [[*row, sum(row)] for row in table] + [
            [sum(c) for c in zip(*table, strict=True)] + [sum(map(sum, table))]
        ]
        hidden = {
            (r, c)
            for r, row in enumerate([*result.cells, result.column_totals])
            for c, v in enumerate([*row])
            if v is None
        }
        assert not exposed_cells(values, hidden)


def test_a_single_column_list():
    shown, total = suppress_list([3, 40, 50], minimum=10)
    assert shown[0] is None
    assert sum(v is None for v in shown) >= 2 or total is None
