"""Reading an incident export line by line: every kind of bad line is named by its line number
and refused whole; the business hours are the kernel's."""

import io
import random
from datetime import datetime, timedelta

import pytest

from synergie.kernel.support_hours import SupportHours
from synergie.service_levels.engine.clock import BusinessClock
from synergie.service_levels.engine.export import ExportError, ExportReader, LineError
from tests.service_levels.exports import export_text, incident


def read(text: str):
    return list(ExportReader(io.StringIO(text)))


def test_every_kind_of_bad_line_is_refused_by_its_line_number():
    text = export_text([
        incident("INC1", "2026-12-07 09:00:00", "2026-12-07 10:00:00"),            # line 2
        incident("INC2", "07/12/2026 25:61", "2026-12-07 10:00:00"),               # line 3
        incident("INC3", "2026-12-07 09:00:00", "yesterday"),                      # line 4
        incident("INC4", "2026-12-07 09:00:00", "2026-12-07 08:00:00"),            # line 5
        incident("INC5", "2026-12-07 09:00:00", "", closed_at="2026-12-06 09:00:00"),  # 6
        incident("INC6", "2026-12-07 09:00:00", "2026-12-07 10:00:00", "5 - Planning"),  # 7
        incident("", "2026-12-07 09:00:00", "2026-12-07 10:00:00"),                # line 8
        incident("INC8", "", "2026-12-07 10:00:00"),                               # line 9
        incident("INC9", "2026-12-07 09:00:00", "2026-12-07 10:00:00", service=""),  # line 10
        incident("INC10", "2026-12-07 09:00:00", "", "4"),                         # line 11
        incident("INC" + "1" * 40, "2026-12-07 09:00:00", "2026-12-07 10:00:00"),  # line 12
    ]) + "INC11,2026-12-07 09:00:00\n"                                             # line 13
    items = read(text)
    errors = {item.line: (item.code, item.params) for item in items
              if isinstance(item, LineError)}
    assert errors == {
        3: ("bad_date", {"field": "opened_at", "value": "07/12/2026 25:61"}),
        4: ("bad_date", {"field": "resolved_at", "value": "yesterday"}),
        5: ("before_opened", {"field": "resolved_at"}),
        6: ("before_opened", {"field": "closed_at"}),
        7: ("unknown_priority", {"value": "5 - Planning"}),
        8: ("missing", {"field": "number"}),
        9: ("missing", {"field": "opened_at"}),
        10: ("missing", {"field": "business_service"}),
        12: ("too_long", {"field": "number", "limit": 40}),
        13: ("wrong_field_count", {"expected": 9, "found": 2}),
    }
    accepted = [item for item in items if not isinstance(item, LineError)]
    assert [(item.line, item.number) for item in accepted] == [(2, "INC1"), (11, "INC10")]
    assert accepted[1].month is None and accepted[1].business_hours is None  # still open


def test_a_description_over_several_lines_keeps_the_numbering_of_the_file():
    text = export_text([
        incident("INC1", "2026-12-07 09:00:00", "2026-12-07 10:00:00",
                 short_description="first\nsecond\nthird"),                       # lines 2–4
        incident("INC2", "2026-12-07 09:00:00", "bad"),                            # line 5
    ])
    items = read(text)
    assert items[0].short_description == "first\nsecond\nthird"
    assert (items[1].line, items[1].code) == (5, "bad_date")


def test_priorities_dates_and_cancelled_incidents():
    text = export_text([
        incident("INC1", "07-12-2026 09:00:00", "2026-12-07T10:30:00", "2 - High"),
        incident("INC2", "2026-12-07 09:00:00", "2026-12-07 10:00:00", "3", state="Canceled"),
    ])
    first, cancelled = read(text)
    assert (first.priority, first.calendar_hours, first.business_hours) == ("2", 1.5, 1.5)
    assert first.month.isoformat() == "2026-12-01"
    assert cancelled.priority == "3" and cancelled.month is None  # kept, never counted


def test_calendar_hours_are_real_hours_across_the_change_of_clocks():
    # The night of 28 March 2027 the clocks go forward in Brussels: 23 real hours.
    (item,) = read(export_text([incident("INC1", "2027-03-27 12:00:00",
                                          "2027-03-28 12:00:00")]))
    assert item.calendar_hours == 23.0


def test_a_file_without_the_export_columns_is_refused_whole():
    with pytest.raises(ExportError) as refused:
        ExportReader(io.StringIO("number,opened\nINC1,2026-12-07\n"))
    assert refused.value.code == "missing_columns"
    assert "resolved_at" in refused.value.params["columns"]
    with pytest.raises(ExportError):
        ExportReader(io.StringIO(""))


def test_the_fast_clock_gives_the_kernels_business_hours():
    clock, kernel = BusinessClock(), SupportHours()
    rng = random.Random(4)
    for _ in range(2000):
        opened = datetime(2026, 1, 1) + timedelta(minutes=rng.randrange(2 * 365 * 24 * 60))
        resolved = opened + timedelta(minutes=rng.randrange(90 * 24 * 60))
        assert clock.hours(opened, resolved) == pytest.approx(kernel.hours(opened, resolved),
                                                              abs=1e-9)
