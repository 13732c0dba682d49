"""Business hours of many incidents, quickly: the kernel's SupportHours answers each question
with numpy calls (a few tens of microseconds); an export of a million incidents asks a million
of them, most spanning a day or two. Here each day's being open is remembered, and short spans
are summed day by day; long ones go to the kernel. The answers are the kernel's."""

from datetime import date, datetime, timedelta

from synergie.kernel.support_hours import SupportHours

LONG_SPAN_DAYS = 62


class BusinessClock:
    def __init__(self, hours: SupportHours | None = None):
        self.support = hours or SupportHours()
        self._open: dict[date, bool] = {}
        self._start = _seconds(self.support.start)
        self._end = _seconds(self.support.end)

    def _is_open(self, day: date) -> bool:
        known = self._open.get(day)
        if known is None:
            known = self._open[day] = self.support.is_open_day(day)
        return known

    def hours(self, first: datetime, last: datetime) -> float:
        """Support hours between two wall-clock moments of the support hours' zone (naive)."""
        if last < first:
            raise ValueError("resolved before it was opened")
        first_day, last_day = first.date(), last.date()
        span = (last_day - first_day).days
        if span > LONG_SPAN_DAYS:
            return self.support.hours(first, last)
        since, until = _seconds(first), _seconds(last)
        if span == 0:
            if not self._is_open(first_day):
                return 0.0
            return max(min(until, self._end) - max(since, self._start), 0) / 3600
        total = 0.0
        if self._is_open(first_day):
            total += max(self._end - max(since, self._start), 0)
        if self._is_open(last_day):
            total += max(min(until, self._end) - self._start, 0)
        day_length = self._end - self._start
        for offset in range(1, span):
            if self._is_open(first_day + timedelta(days=offset)):
                total += day_length
        return total / 3600


def _seconds(moment) -> float:
    return moment.hour * 3600 + moment.minute * 60 + moment.second + moment.microsecond / 1e6
