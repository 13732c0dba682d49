"""Resolution targets in business hours: Monday to Friday, 8:00–18:00 in Brussels, without Belgian
public holidays (issue 11, service levels from the service desk's exports)."""

import random
from datetime import date, datetime, time, timedelta, timezone

import pytest

from synergie.kernel.support_hours import SupportHours, calendar_hours

BUSINESS = SupportHours()


def day_by_day(hours: SupportHours, opened: datetime, resolved: datetime) -> float:
    """The same count, one day at a time: the reference the day arithmetic is checked on."""
    total, day = 0.0, opened.date()
    while day <= resolved.date():
        if hours.is_open_day(day):
            start = max(datetime.combine(day, hours.start), opened)
            end = min(datetime.combine(day, hours.end), resolved)
            total += max((end - start).total_seconds(), 0) / 3600
        day += timedelta(days=1)
    return total


@pytest.mark.parametrize("opened,resolved,expected", [
    ("2026-12-07 09:00", "2026-12-07 11:30", 2.5),  # a Monday morning
    ("2026-12-07 19:00", "2026-12-08 07:00", 0.0),  # overnight, outside the hours
    ("2026-12-04 17:00", "2026-12-07 09:00", 2.0),  # Friday evening to Monday morning
    ("2026-12-24 17:00", "2026-12-28 09:00", 2.0),  # Christmas (Friday) and the weekend closed
    ("2027-03-26 17:00", "2027-03-30 09:00", 2.0),  # Easter Monday closed
    ("2027-05-05 17:00", "2027-05-07 09:00", 2.0),  # Ascension Thursday closed
    ("2027-07-20 12:00", "2027-07-22 12:00", 10.0),  # National Day closed
    ("2026-12-05 10:00", "2026-12-06 16:00", 0.0),  # a weekend
])
def test_business_hours_skip_nights_weekends_and_belgian_holidays(opened, resolved, expected):
    assert BUSINESS.hours(datetime.fromisoformat(opened),
                          datetime.fromisoformat(resolved)) == expected


def test_a_year_open_counts_every_working_day_of_it():
    # 2027: 261 weekdays, of which 7 are public holidays (1 Jan, Easter Monday, Ascension,
    # Whit Monday, 21 July, 1 and 11 November); 1 May, 15 August and Christmas fall on weekends.
    assert BUSINESS.hours(datetime(2027, 1, 1), datetime(2028, 1, 1)) == 254 * 10


def test_the_day_arithmetic_agrees_with_counting_day_by_day():
    rng = random.Random(11)
    for _ in range(300):
        opened = datetime(2026, 1, 1) + timedelta(minutes=rng.randrange(2 * 365 * 24 * 60))
        resolved = opened + timedelta(minutes=rng.randrange(60 * 24 * 60))
        assert BUSINESS.hours(opened, resolved) == pytest.approx(
            day_by_day(BUSINESS, opened, resolved), abs=1e-9)


def test_aware_moments_are_read_in_brussels_time_across_daylight_saving():
    # 08:30 and 10:00 UTC on a winter day are 09:30 and 11:00 in Brussels.
    assert BUSINESS.hours(datetime(2026, 12, 7, 8, 30, tzinfo=timezone.utc),
                          datetime(2026, 12, 7, 10, tzinfo=timezone.utc)) == 1.5
    # In summer Brussels is UTC+2: 05:00 UTC is 07:00, before the desk opens.
    assert BUSINESS.hours(datetime(2027, 6, 1, 5, tzinfo=timezone.utc),
                          datetime(2027, 6, 1, 7, tzinfo=timezone.utc)) == 1.0
    # Over the night the clocks go forward, a working week keeps its ten-hour days.
    assert BUSINESS.hours(datetime(2027, 3, 26, 8), datetime(2027, 4, 2, 18)) == 50.0


def test_other_hours_and_no_holidays_when_the_agreement_says_so():
    every_day = SupportHours(start=time(7), end=time(19), weekdays=tuple(range(7)), country=None)
    assert every_day.hours(datetime(2026, 12, 25, 6), datetime(2026, 12, 26, 8)) == 13.0
    assert every_day.is_open_day(date(2026, 12, 25)) and not BUSINESS.is_open_day(
        date(2026, 12, 25))


def test_calendar_hours_count_every_hour():
    assert calendar_hours(datetime(2026, 12, 4, 17), datetime(2026, 12, 7, 9)) == 64.0


def test_resolved_before_opened_and_impossible_hours_are_refused():
    with pytest.raises(ValueError, match="resolved before"):
        BUSINESS.hours(datetime(2026, 12, 7, 10), datetime(2026, 12, 7, 9))
    with pytest.raises(ValueError, match="resolved before"):
        calendar_hours(datetime(2026, 12, 7, 10), datetime(2026, 12, 7, 9))
    with pytest.raises(ValueError):
        SupportHours(start=time(18), end=time(8))
    with pytest.raises(ValueError):
        SupportHours(weekdays=(7,))
