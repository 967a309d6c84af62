"""Iran's working days: not Friday, not an official holiday.

Official holidays come from the ``holidays`` package (solar and lunar ones, the lunar dates as
announced), and an administrator can amend a year with what the government announces late: a
day closed for a funeral or for air pollution (``closed``), or a listed holiday that was
worked after all (``open``). Pure Python: the importer passes the amended calendar it reads
from the database; without one the package's list is used as it is.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterable
from dataclasses import dataclass, field

import holidays

__all__ = ["WorkingCalendar", "official_holidays"]

FRIDAY = 4  # date.weekday(): Monday is 0


@functools.lru_cache(maxsize=64)
def official_holidays(year: int) -> frozenset[datetime.date]:
    """Iran's official holidays of a Gregorian year, as the ``holidays`` package lists them."""
    return frozenset(holidays.country_holidays("IR", years=year))


@dataclass(frozen=True)
class WorkingCalendar:
    closed: frozenset[datetime.date] = field(default_factory=frozenset)
    open: frozenset[datetime.date] = field(default_factory=frozenset)

    @classmethod
    def amended(
        cls, closed: Iterable[datetime.date] = (), open: Iterable[datetime.date] = ()
    ) -> WorkingCalendar:
        return cls(frozenset(closed), frozenset(open))

    def is_working_day(self, day: datetime.date) -> bool:
        if day.weekday() == FRIDAY or day in self.closed:
            return False
        return day in self.open or day not in official_holidays(day.year)

    def add_working_days(self, start: datetime.date, count: int) -> datetime.date:
        """The ``count``-th working day after ``start`` (``start`` itself is the meeting's day)."""
        day = start
        while count > 0:
            day += datetime.timedelta(days=1)
            if self.is_working_day(day):
                count -= 1
        return day


DEFAULT_CALENDAR = WorkingCalendar()
