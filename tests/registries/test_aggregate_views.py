"""The aggregates' views are consistent with each other: one group's view is that group's column
of the table of all groups as suppressed there, and a county's view hides its totals where the
province's table hides the county's row (and never hides, to protect another cell, a total that
the province's table shows). Comparing two views therefore shows nothing either hides."""

from __future__ import annotations

import pytest

from qarargah.accounts.system import SYSTEM
from qarargah.registries import selectors
from qarargah.registries.suppression import exposed_cells, suppress

from .test_indicator_feed import add_people, hood

pytestmark = pytest.mark.django_db


def test_a_margin_hidden_from_the_start_is_protected_like_a_small_cell():
    table = [[20, 30], [25, 40]]
    result = suppress(table, minimum=10, hide={(2, 0)})  # the first column's total
    assert result.column_totals[0] is None
    # The hidden cells of the table with its totals (row 2: column totals; column 2: row totals).
    shown = [[*row, total] for row, total in zip(result.cells, result.row_totals, strict=True)]
    shown.append([*result.column_totals, result.total])
    hidden = {(r, c) for r, row in enumerate(shown) for c, v in enumerate(row) if v is None}
    values = [[20, 30, 50], [25, 40, 65], [45, 70, 115]]
    assert len(hidden) > 1
    assert exposed_cells(values, hidden) == set()


def test_a_known_margin_is_never_hidden_to_protect_another_cell():
    # One row of counts: on its own, the small cell is protected through the column totals.
    free = suppress([[3, 30, 12]], minimum=10)
    assert free.cells == [[None, 30, None]] and free.column_totals == [None, 30, None]
    # When another table already shows those totals, hiding them here protects nothing: the
    # only protection left is to hide the whole row.
    bound = suppress([[3, 30, 12]], minimum=10, known={(1, 0), (1, 1), (1, 2), (1, 3)})
    assert bound.cells == [[None, None, None]] and bound.row_totals == [None]


@pytest.fixture
def spread(settings, alborz, welfare_source, sports_source):
    """Two groups over Karaj's neighbourhoods and another county, with small cells in both."""
    from qarargah.registries.models import TargetGroup

    settings.QARARGAH_REGISTRY_MIN_CELL = 5
    groups = {g.code: g for g in TargetGroup.objects.filter(province__isnull=True)}
    welfare_source.groups.set([groups["needy_families"]])
    sports_source.groups.set([groups["street_children"]])
    add_people(welfare_source, hood("حصار"), 3)
    add_people(welfare_source, hood("سهرابیه"), 9)
    add_people(sports_source, hood("حصار"), 8)
    add_people(sports_source, hood("سهرابیه"), 7)
    add_people(welfare_source, hood("منظریه"), 6)
    add_people(sports_source, hood("منظریه"), 2)
    return groups


def test_a_groups_view_is_its_column_of_the_all_groups_table(alborz, spread):
    everything = selectors.aggregates_for_user(SYSTEM, province=alborz)
    for index, group in enumerate(everything.groups):
        one = selectors.aggregates_for_user(SYSTEM, province=alborz, group=group)
        assert one.groups == [group]
        assert [row[0] for row in one.counts.table.cells] == [
            row[index] for row in everything.counts.table.cells
        ]
        assert one.counts.table.total == everything.counts.table.column_totals[index]
    # The point: a count hidden in the whole table is hidden in the group's view too.
    needy = spread["needy_families"]
    index = everything.groups.index(needy)
    hidden_rows = [r for r, row in enumerate(everything.counts.table.cells) if row[index] is None]
    assert hidden_rows
    one = selectors.aggregates_for_user(SYSTEM, province=alborz, group=needy)
    assert all(one.counts.table.cells[r][0] is None for r in hidden_rows)


def test_a_countys_totals_are_hidden_where_the_provinces_table_hides_its_row(alborz, spread):
    province = selectors.aggregates_for_user(SYSTEM, province=alborz)
    checked = 0
    for county in alborz.counties.all():
        row = province.row_of(county)
        view = selectors.aggregates_for_user(SYSTEM, province=alborz, county=county, above=province)
        assert view == selectors.aggregates_for_user(SYSTEM, province=alborz, county=county)
        for name in ("counts", "overlaps", "gaps"):
            above, here = getattr(province, name).table, getattr(view, name).table
            for column, value in enumerate(above.cells[row]):
                if value is None:
                    assert here.column_totals[column] is None
                    checked += 1
            if above.row_totals[row] is None:
                assert here.total is None
    assert checked  # the data hides some county cell, so the rule was exercised
