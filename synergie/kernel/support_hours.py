"""How much of a stretch of time falls within a service agreement's support hours.

A resolution target may count calendar hours, or business hours: by default Monday to Friday,
8:00 to 18:00 wall-clock time in Brussels, without Belgian public holidays (the calendar of the
python-holidays package, Easter-based feasts included). The day count between the first and the
last day is numpy's `busday_count`, so an incident open for months costs what one open for an
hour does.

Naive datetimes are read as wall-clock times of the support hours' time zone (a service desk's
export gives local times); aware ones are converted to it.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
import numpy as np

BRUSSELS = ZoneInfo("Europe/Brussels")
WEEKDAYS = (0, 1, 2, 3, 4)  # Monday to Friday


@lru_cache(maxsize=64)
def public_holidays(country: str, first_year: int, last_year: int) -> tuple[date, ...]:
    return tuple(sorted(holidays.country_holidays(country, years=range(first_year,
                                                                        last_year + 1))))


@dataclass(frozen=True)
class SupportHours:
    start: time = time(8)
    end: time = time(18)
    weekdays: tuple[int, ...] = WEEKDAYS
    country: str | None = "BE"  # whose public holidays are closed; None: none
    zone: ZoneInfo = field(default=BRUSSELS)

    def __post_init__(self):
        if not self.start < self.end:
            raise ValueError("support hours must end after they start")
        if not self.weekdays or not set(self.weekdays) <= set(range(7)):
            raise ValueError("support days are weekday numbers, Monday 0 to Sunday 6")

    @property
    def day_length(self) -> timedelta:
        return _at(date.min, self.end) - _at(date.min, self.start)

    def _local(self, moment: datetime) -> datetime:
        if moment.tzinfo is not None:
            moment = moment.astimezone(self.zone)
        return moment.replace(tzinfo=None)

    def _closed(self, first: date, last: date) -> list[np.datetime64]:
        if self.country is None:
            return []
        return [np.datetime64(day) for day in
                public_holidays(self.country, first.year, last.year)]

    def _weekmask(self) -> list[int]:
        return [int(day in self.weekdays) for day in range(7)]

    def is_open_day(self, day: date) -> bool:
        return bool(np.is_busday(np.datetime64(day), weekmask=self._weekmask(),
                                 holidays=self._closed(day, day)))

    def _within_day(self, day: date, since: time, until: time) -> timedelta:
        """Support time of one day between two wall-clock times."""
        if not self.is_open_day(day):
            return timedelta(0)
        start, end = max(since, self.start), min(until, self.end)
        return _at(day, end) - _at(day, start) if start < end else timedelta(0)

    def elapsed(self, opened: datetime, resolved: datetime) -> timedelta:
        """The support time between `opened` and `resolved` (not before it)."""
        first, last = self._local(opened), self._local(resolved)
        if last < first:
            raise ValueError("resolved before it was opened")
        if first.date() == last.date():
            return self._within_day(first.date(), first.time(), last.time())
        total = (self._within_day(first.date(), first.time(), time.max)
                 + self._within_day(last.date(), time.min, last.time()))
        between_first = first.date() + timedelta(days=1)
        if between_first < last.date():
            days = int(np.busday_count(np.datetime64(between_first), np.datetime64(last.date()),
                                       weekmask=self._weekmask(),
                                       holidays=self._closed(between_first, last.date())))
            total += days * self.day_length
        return total

    def hours(self, opened: datetime, resolved: datetime) -> float:
        return self.elapsed(opened, resolved).total_seconds() / 3600


def calendar_hours(opened: datetime, resolved: datetime) -> float:
    """Hours between two moments, every hour counted (aware moments: real elapsed time)."""
    if resolved < opened:
        raise ValueError("resolved before it was opened")
    return (resolved - opened).total_seconds() / 3600


def _at(day: date, moment: time) -> datetime:
    # time.max is a hair before midnight: the day's end counts whole.
    if moment == time.max:
        return datetime.combine(day, time.min) + timedelta(days=1)
    return datetime.combine(day, moment)
