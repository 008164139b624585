"""The working-day calendar: official holidays don't count, make-up days do,
unknown years are provisional until an admin loads them."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from server.infra.tenancy import tenant_scope
from server.infra.workdays import WorkCalendar, YearSchedule, package_calendar
from server.modules.core import calendar
from server.modules.core.calendar import ScheduleIn

D = dt.date


def test_national_day_2025_counts_make_up_days_and_skips_the_holiday():
    # Opened Friday 2025-09-26; Sunday 09-28 and Saturday 10-11 are make-up working
    # days (调休), 10-01..10-08 are the National Day / Mid-Autumn holiday.
    due = package_calendar().add_working_days(D(2025, 9, 26), 7)
    assert due.due == D(2025, 10, 13)
    assert not due.provisional


def test_working_days_between_and_left():
    cal = package_calendar()
    assert cal.working_days_between(D(2025, 9, 26), D(2025, 10, 13)).days == 7
    assert cal.working_days_left(D(2025, 10, 13), on=D(2025, 10, 9)) == 3
    assert cal.working_days_left(D(2025, 10, 13), on=D(2025, 10, 13)) == 0
    assert cal.working_days_left(D(2025, 10, 13), on=D(2025, 10, 14)) == -1


def test_unknown_year_is_counted_on_weekdays_and_flagged():
    cal = package_calendar()
    due = cal.add_working_days(D(2026, 12, 28), 7)
    # 12-29, 12-30, 12-31, then 2027 unknown: Fri 01-01, Mon 01-04, Tue 01-05, Wed 01-06
    assert due.due == D(2027, 1, 6)
    assert due.provisional


def test_a_loaded_year_wins():
    cal = WorkCalendar(loaded={2027: YearSchedule(2027, holidays=frozenset({D(2027, 1, 1)}))})
    due = cal.add_working_days(D(2026, 12, 28), 7)
    assert due == due.__class__(D(2027, 1, 7), False)


async def test_loading_a_schedule_through_the_service(tenant):
    async with tenant_scope(tenant.slug):
        before = await calendar.deadline(D(2026, 12, 28), 7)
        assert before.provisional and before.warning and "2027" in before.warning
        await calendar.load_schedule(2027, ScheduleIn(holidays=[D(2027, 1, 1)], source="国务院办公厅通知"))
        after = await calendar.deadline(D(2026, 12, 28), 7)
        assert (after.due, after.provisional, after.warning) == (D(2027, 1, 7), False, None)
        [schedule] = await calendar.list_schedules()
        assert schedule.year == 2027 and schedule.holidays == [D(2027, 1, 1)]


async def test_bad_schedules_are_refused_and_change_nothing(tenant, client, tenant_headers):
    url = f"/api/v1/t/{tenant.slug}/calendar/schedules/2027"
    r = await client.put(url, json={"holidays": ["2026-05-01", "2027-01-02"]}, headers=tenant_headers)
    assert r.status_code == 422
    fields = {e["field"] for e in r.json()["errors"]}
    assert fields == {"holidays[0]", "holidays[1]"}
    r = await client.get(f"/api/v1/t/{tenant.slug}/calendar/schedules", headers=tenant_headers)
    assert r.json() == {"items": [], "next_cursor": None}
    r = await client.get(
        f"/api/v1/t/{tenant.slug}/calendar/deadline",
        params={"start": "2025-09-26", "working_days": 7},
        headers=tenant_headers,
    )
    assert r.json()["due"] == "2025-10-13"


@hsettings(max_examples=200, deadline=None)
@given(start=st.dates(min_value=D(2005, 1, 1), max_value=D(2026, 10, 31)), days=st.integers(0, 40))
def test_counting_forwards_and_back_agree(start, days):
    cal = package_calendar()
    due = cal.add_working_days(start, days)
    assert cal.working_days_between(start, due.due).days == days
    if days:
        assert cal.is_workday(due.due)
        # nothing between the last working day before `due` and `due` itself is a working day
        assert cal.working_days_between(start, due.due - dt.timedelta(days=1)).days == days - 1
    assert not due.provisional
