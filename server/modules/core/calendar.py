"""The working-day calendar service (工作日历): the official calendar plus the
holiday schedules an admin loads for years the `chinese-calendar` package does
not know yet. Every module that counts working days (voice's acceptance forms,
audit's rectification deadlines) asks `calendar()` inside its tenant scope.

Modules whose deadlines may be provisional register a hook with
`on_schedule_loaded`; loading a year calls each hook in the same transaction so
those deadlines are recomputed with the now-known schedule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Annotated

import asyncpg
import msgspec
from msgspec import Meta

from server import messages
from server.errors import FieldError, InvalidInput, invalid
from server.infra.tenancy import conn
from server.infra.workdays import Deadline, WorkCalendar, YearSchedule, package_calendar
from server.modules.core import messages as msg
from server.modules.core import service as core
from server.platform.roles import SYSTEM, Actor

ScheduleHook = Callable[[int, WorkCalendar], Awaitable[int]]
_hooks: dict[str, ScheduleHook] = {}


def on_schedule_loaded(name: str, hook: ScheduleHook) -> None:
    """Register `hook(year, calendar) -> how many deadlines it recomputed`."""
    _hooks[name] = hook


class ScheduleIn(msgspec.Struct, forbid_unknown_fields=True):
    holidays: Annotated[list[dt.date], Meta(max_length=366)]
    workdays: Annotated[list[dt.date], Meta(max_length=366)] = []
    source: Annotated[str, Meta(max_length=300)] = ""


class ScheduleOut(msgspec.Struct):
    year: int
    holidays: list[dt.date]
    workdays: list[dt.date]
    source: str
    loaded_by: str
    loaded_at: dt.datetime


class ScheduleLoaded(msgspec.Struct):
    schedule: ScheduleOut
    recomputed: dict[str, int]


class DeadlineOut(msgspec.Struct):
    start: dt.date
    working_days: int
    due: dt.date
    provisional: bool
    warning: str | None = None


def provisional_warning(years: list[int]) -> str:
    """The API's warning, in both languages side by side (the CLI says `msg.PROVISIONAL` in one)."""
    listed = {"years": ", ".join(str(y) for y in years)}
    return f"{msg.PROVISIONAL.render('en', listed)} / {msg.PROVISIONAL.render('zh-CN', listed)}"


async def calendar() -> WorkCalendar:
    """The tenant's calendar: package years plus every loaded schedule (one query)."""
    rows = await conn().fetch("SELECT year, holidays, workdays FROM holiday_schedule")
    cal = package_calendar()
    for r in rows:
        cal.loaded[r["year"]] = YearSchedule(
            year=r["year"],
            holidays=frozenset(_dates(r["holidays"])),
            workdays=frozenset(_dates(r["workdays"])),
        )
    return cal


async def deadline(start: dt.date, working_days: int) -> DeadlineOut:
    if not 0 <= working_days <= 366:
        raise invalid("working_days", messages.BETWEEN, low=0, high=366)
    cal = await calendar()
    d: Deadline = cal.add_working_days(start, working_days)
    warning = provisional_warning(cal.unknown_years(start, d.due)) if d.provisional else None
    return DeadlineOut(start=start, working_days=working_days, due=d.due, provisional=d.provisional, warning=warning)


def _dates(stored: str | list[str]) -> list[dt.date]:
    """A JSONB list of ISO dates, as asyncpg hands it over (text)."""
    days: list[str] = msgspec.json.decode(stored) if isinstance(stored, str | bytes) else stored
    return [dt.date.fromisoformat(d) for d in days]


_SCHEDULE = "SELECT year, holidays, workdays, source, loaded_by, loaded_at FROM holiday_schedule"


def _out(r: asyncpg.Record) -> ScheduleOut:
    return ScheduleOut(
        year=r["year"],
        holidays=_dates(r["holidays"]),
        workdays=_dates(r["workdays"]),
        source=r["source"],
        loaded_by=r["loaded_by"],
        loaded_at=r["loaded_at"],
    )


async def list_schedules() -> list[ScheduleOut]:
    return [_out(r) for r in await conn().fetch(_SCHEDULE + " ORDER BY year")]


async def load_schedule(year: int, data: ScheduleIn, actor: Actor = SYSTEM) -> ScheduleLoaded:
    """Store (or replace) one year's schedule, then let every module recompute its
    provisional deadlines that fall in that year."""
    errors: list[FieldError] = []
    if not 2000 <= year <= 2100:
        errors.append(FieldError("year", messages.BETWEEN, low=2000, high=2100))
    for name, days in (("holidays", data.holidays), ("workdays", data.workdays)):
        for i, d in enumerate(days):
            if d.year != year:
                errors.append(FieldError(f"{name}[{i}]", msg.NOT_IN_YEAR, date=d.isoformat(), year=year))
            elif name == "holidays" and d.weekday() >= 5:
                errors.append(FieldError(f"{name}[{i}]", msg.ALREADY_WEEKEND, date=d.isoformat()))
            elif name == "workdays" and d.weekday() < 5:
                errors.append(FieldError(f"{name}[{i}]", msg.ALREADY_WEEKDAY, date=d.isoformat()))
    both = set(data.holidays) & set(data.workdays)
    if both:
        errors.append(FieldError("workdays", msg.ALSO_HOLIDAYS, dates=", ".join(sorted(d.isoformat() for d in both))))
    if errors:
        raise InvalidInput(errors)
    holidays = sorted({d.isoformat() for d in data.holidays})
    workdays = sorted({d.isoformat() for d in data.workdays})
    await conn().execute(
        """INSERT INTO holiday_schedule (year, holidays, workdays, source, loaded_by, loaded_at)
           VALUES ($1, $2::jsonb, $3::jsonb, $4, $5, clock_timestamp())
           ON CONFLICT (year) DO UPDATE SET holidays = EXCLUDED.holidays, workdays = EXCLUDED.workdays,
               source = EXCLUDED.source, loaded_by = EXCLUDED.loaded_by, loaded_at = EXCLUDED.loaded_at""",
        year,
        msgspec.json.encode(holidays).decode(),
        msgspec.json.encode(workdays).decode(),
        data.source.strip()[:300],
        actor.name,
    )
    from server.modules import registry

    registry.modules()  # modules register their hooks when loaded
    cal = await calendar()
    recomputed = {name: await hook(year, cal) for name, hook in _hooks.items()}
    await core.record(
        "calendar.schedule_loaded",
        str(year),
        {"holidays": len(holidays), "workdays": len(workdays), "recomputed": recomputed},
        actor,
    )
    row = await conn().fetchrow(_SCHEDULE + " WHERE year = $1", year)
    return ScheduleLoaded(schedule=_out(row), recomputed=recomputed)
