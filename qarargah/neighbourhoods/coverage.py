"""The coverage grid's verdict for one cell (a neighbourhood on one axis), without Django.

A cell is a **gap** when an open need there has no agency acting on it; an **overlap** when
several agencies act in it (on its needs or by serving the neighbourhood on that axis), which is
the «parallel work in some neighbourhoods» the minutes warn about; **covered** when one agency
acts and no need waits; **empty** when there is neither a need nor an agency.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

GAP = "gap"
OVERLAP = "overlap"
COVERED = "covered"
EMPTY = "empty"

LABELS = {GAP: "بدون اقدام‌کننده", OVERLAP: "هم‌پوشانی", COVERED: "پوشش داده‌شده", EMPTY: "بدون مسئله"}


@dataclass
class Cell:
    neighbourhood_id: int
    axis: str
    need_ids: list[int] = field(default_factory=list)
    unreferred_need_ids: list[int] = field(default_factory=list)
    agency_ids: set[int] = field(default_factory=set)

    @property
    def state(self) -> str:
        if self.unreferred_need_ids:
            return GAP
        if len(self.agency_ids) > 1:
            return OVERLAP
        if self.agency_ids or self.need_ids:
            return COVERED
        return EMPTY

    @property
    def label(self) -> str:
        return LABELS[self.state]


def build_cells(
    neighbourhood_ids: Iterable[int],
    axes: Iterable[str],
    open_needs: Iterable[tuple[int, int, str, int | None]],
    services: Iterable[tuple[int, int, str]],
) -> dict[tuple[int, str], Cell]:
    """``open_needs``: (need id, neighbourhood id, axis, referred agency id or None);
    ``services``: (agency id, neighbourhood id served, axis)."""
    axes = list(axes)
    cells = {(n, a): Cell(n, a) for n in neighbourhood_ids for a in axes}
    for need_id, neighbourhood_id, axis, agency_id in open_needs:
        cell = cells.get((neighbourhood_id, axis))
        if cell is None:
            continue
        cell.need_ids.append(need_id)
        if agency_id is None:
            cell.unreferred_need_ids.append(need_id)
        else:
            cell.agency_ids.add(agency_id)
    for agency_id, neighbourhood_id, axis in services:
        cell = cells.get((neighbourhood_id, axis))
        if cell is not None:
            cell.agency_ids.add(agency_id)
    return cells
