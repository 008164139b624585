"""Core over HTTP: the tenant's activity log, and the working-day calendar (see the schedules,
load a year, ask a deadline)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from litestar import Controller, get, put
from litestar.params import Parameter

from server.infra.pagination import Page, page_of
from server.infra.params import Year
from server.modules.core import calendar, service
from server.modules.core.calendar import DeadlineOut, ScheduleIn, ScheduleLoaded, ScheduleOut
from server.modules.core.service import EventOut
from server.platform.auth import ADMINS, STAFF, TenantScope, roles
from server.platform.roles import Actor, Role


class EventController(Controller):
    path = "/events"
    tags = ["core"]
    guards = [roles(Role.tenant_admin, Role.auditor)]

    @get("/", summary="The tenant's activity log, newest first")
    async def list_events(
        self,
        in_tenant: TenantScope,
        limit: Annotated[int, Parameter(ge=1, le=500)] = 50,
        cursor: str | None = None,
        action: str | None = None,
    ) -> Page[EventOut]:
        async with in_tenant:
            return await service.list_events(limit=limit, cursor=cursor, action=action)


class CalendarController(Controller):
    path = "/calendar"
    tags = ["calendar"]

    @get("/schedules", guards=[STAFF], summary="Holiday schedules loaded for years the package does not know")
    async def list_schedules(
        self,
        in_tenant: TenantScope,
        limit: Annotated[int, Parameter(ge=1, le=500)] = 50,
        cursor: str | None = None,
    ) -> Page[ScheduleOut]:
        async with in_tenant:
            return page_of(await calendar.list_schedules(), limit=limit, cursor=cursor)

    @put(
        "/schedules/{year:int}",
        guards=[ADMINS],
        status_code=200,
        summary="Load (or replace) a year's holiday schedule; provisional deadlines in it are recomputed",
    )
    async def load_schedule(self, in_tenant: TenantScope, actor: Actor, year: Year, data: ScheduleIn) -> ScheduleLoaded:
        async with in_tenant:
            return await calendar.load_schedule(year, data, actor)

    @get("/deadline", guards=[STAFF], summary="The N-th Chinese working day after a date")
    async def deadline(
        self, in_tenant: TenantScope, start: dt.date, working_days: Annotated[int, Parameter(ge=0, le=2000)]
    ) -> DeadlineOut:
        async with in_tenant:
            return await calendar.deadline(start, working_days)


CONTROLLERS = [EventController, CalendarController]
