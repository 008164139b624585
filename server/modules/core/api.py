"""Core over HTTP: the tenant's activity log, and the working-day calendar (see the schedules,
load a year, ask a deadline)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from litestar import Controller, Request, get, put
from litestar.params import Parameter

from server.infra import params
from server.infra.pagination import Page, page_of
from server.infra.params import Year
from server.infra.problems import language
from server.modules.core import calendar, service
from server.modules.core.calendar import DeadlineOut, ScheduleIn, ScheduleLoaded, ScheduleOut
from server.modules.core.service import EventOut, KindOut
from server.platform import service as platform
from server.platform.auth import ADMINS, STAFF, TenantScope, roles
from server.platform.roles import Actor, Role
from server.platform.service import PlatformEventOut


class EventController(Controller):
    path = "/events"
    tags = ["core"]
    guards = [roles(Role.tenant_admin, Role.auditor)]

    @get(
        "/",
        summary="The tenant's activity log, newest first, each entry's kind in words",
        description=(
            "Filters: `action` a kind (`orgs.member.level_raised`) or a family (`orgs.member`, `orgs`); "
            "`person` words of who did it; `subject` what it is about, exactly (`member:12`); `since` and "
            "`until` days, both included. `label` is the kind in the language of `Accept-Language`."
        ),
    )
    async def list_events(
        self,
        request: Request,
        in_tenant: TenantScope,
        limit: Annotated[int, Parameter(ge=1, le=500)] = 50,
        cursor: params.Cursor = None,
        action: params.OptCode = None,
        person: Annotated[str | None, Parameter(max_length=200, description="words of who did it")] = None,
        subject: Annotated[str | None, Parameter(max_length=200)] = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
    ) -> Page[EventOut]:
        async with in_tenant:
            return await service.list_events(
                limit=limit,
                cursor=cursor,
                action=action,
                actor=person,
                subject=subject,
                since=since,
                until=until,
                lang=language(request),
            )

    @get("/kinds", summary="Every kind of entry the log can hold, in both languages (for a picker)")
    async def list_kinds(self) -> list[KindOut]:
        return service.list_kinds()

    @get(
        "/platform",
        summary="What the platform did to this tenant: modules switched, disabled and enabled, tokens issued and revoked",
    )
    async def platform_events(
        self,
        request: Request,
        tenant: params.Slug,
        limit: Annotated[int, Parameter(ge=1, le=500)] = 50,
        cursor: params.Cursor = None,
        action: params.OptCode = None,
    ) -> Page[PlatformEventOut]:
        items, next_cursor = await platform.list_platform_events(
            tenant=tenant, action=action, limit=limit, cursor=cursor, lang=language(request)
        )
        return Page(items=items, next_cursor=next_cursor)


class CalendarController(Controller):
    path = "/calendar"
    tags = ["calendar"]

    @get("/schedules", guards=[STAFF], summary="Holiday schedules loaded for years the package does not know")
    async def list_schedules(
        self,
        in_tenant: TenantScope,
        limit: Annotated[int, Parameter(ge=1, le=500)] = 50,
        cursor: params.Cursor = None,
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
