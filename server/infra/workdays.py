"""Chinese working days (工作日): the one calendar every deadline uses.

The official calendar comes from the `chinese-calendar` package (official
holidays do not count, make-up working days 调休 do). For years the package
does not know yet, an admin loads the State Council's schedule as data (see
`server.modules.core.calendar`); a `WorkCalendar` is built from both. A
deadline that needs a year nobody knows is counted on plain weekdays and
flagged `provisional`, so it can be shown with a warning and recomputed once
the year is loaded.

Counting rule: the day a form is opened is day 0; the deadline is the N-th
working day after it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import chinese_calendar

SHANGHAI = ZoneInfo("Asia/Shanghai")
_PACKAGE_YEARS = range(min(chinese_calendar.holidays).year, max(chinese_calendar.holidays).year + 1)


def today() -> dt.date:
    """Today in Asia/Shanghai (deadlines are Chinese dates)."""
    return dt.datetime.now(SHANGHAI).date()


@dataclass(frozen=True)
class YearSchedule:
    """One year's exceptions to the weekday rule: days off on weekdays, and
    weekend days that are working days (调休)."""

    year: int
    holidays: frozenset[dt.date] = frozenset()
    workdays: frozenset[dt.date] = frozenset()


@dataclass(frozen=True)
class Deadline:
    due: dt.date
    provisional: bool  # some day counted belongs to a year with no known schedule


@dataclass(frozen=True)
class Span:
    days: int
    provisional: bool


@dataclass
class WorkCalendar:
    """The package's calendar plus loaded schedules (a loaded year wins over the package)."""

    loaded: dict[int, YearSchedule] = field(default_factory=dict)

    def knows(self, year: int) -> bool:
        return year in self.loaded or year in _PACKAGE_YEARS

    def unknown_years(self, start: dt.date, end: dt.date) -> list[int]:
        return [y for y in range(min(start, end).year, max(start, end).year + 1) if not self.knows(y)]

    def is_workday(self, day: dt.date) -> bool:
        schedule = self.loaded.get(day.year)
        if schedule is not None:
            if day in schedule.workdays:
                return True
            if day in schedule.holidays:
                return False
            return day.weekday() < 5
        if day.year in _PACKAGE_YEARS:
            return chinese_calendar.is_workday(day)
        return day.weekday() < 5

    def add_working_days(self, start: dt.date, days: int) -> Deadline:
        """The `days`-th working day after `start` (which itself is day 0)."""
        if days < 0:
            raise ValueError("days must not be negative")
        day, counted = start, 0
        while counted < days:
            day += dt.timedelta(days=1)
            if self.is_workday(day):
                counted += 1
        return Deadline(due=day, provisional=bool(self.unknown_years(start, day)))

    def working_days_between(self, start: dt.date, end: dt.date) -> Span:
        """Working days in (start, end]; negative when end is before start."""
        if end < start:
            span = self.working_days_between(end, start)
            return Span(-span.days, span.provisional)
        days, day = 0, start
        while day < end:
            day += dt.timedelta(days=1)
            if self.is_workday(day):
                days += 1
        return Span(days, bool(self.unknown_years(start, end)))

    def working_days_left(self, due: dt.date, on: dt.date | None = None) -> int:
        """Working days from `on` (default today) to `due`: 0 on the due day,
        negative once overdue (-1 on the first working day after it)."""
        return self.working_days_between(on or today(), due).days


def package_calendar() -> WorkCalendar:
    """The calendar with no loaded schedules (tests, and places with no tenant)."""
    return WorkCalendar()
