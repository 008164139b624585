"""The working-day calendar over HTTP: see the schedules, load a year, ask a deadline."""

from __future__ import annotations

import datetime as dt

from litestar import Controller, get, put

from server.modules.core import calendar
from server.modules.core.calendar import DeadlineOut, ScheduleIn, ScheduleLoaded, ScheduleOut
from server.platform.auth import ADMINS, STAFF, TenantScope
from server.platform.roles import Actor


class CalendarController(Controller):
    path = "/calendar"
    tags = ["calendar"]

    @get("/schedules", guards=[STAFF], summary="Holiday schedules loaded for years the package does not know")
    async def list_schedules(self, in_tenant: TenantScope) -> list[ScheduleOut]:
        async with in_tenant:
            return await calendar.list_schedules()

    @put(
        "/schedules/{year:int}",
        guards=[ADMINS],
        status_code=200,
        summary="Load (or replace) a year's holiday schedule; provisional deadlines in it are recomputed",
    )
    async def load_schedule(self, in_tenant: TenantScope, actor: Actor, year: int, data: ScheduleIn) -> ScheduleLoaded:
        async with in_tenant:
            return await calendar.load_schedule(year, data, actor)

    @get("/deadline", guards=[STAFF], summary="The N-th Chinese working day after a date")
    async def deadline(self, in_tenant: TenantScope, start: dt.date, working_days: int) -> DeadlineOut:
        async with in_tenant:
            return await calendar.deadline(start, working_days)
