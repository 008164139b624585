"""Rotation routes under `/api/v1/t/{tenant}/`: areas with their platforms, chairs, rosters (generate,
publish, swap, who is on duty), themes, a slot's work and dashboard, the activity log, platform
bookings, worker visits and the slots' flags. Thin: parse, guard, call the service."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from litestar import Controller, get, post
from litestar.params import Parameter

from server.infra.pagination import Page, page_of
from server.infra.params import Cursor, Id, Limit, OptCode, OptId, Year
from server.modules.orgs.service import OrgOut
from server.modules.rotation import service
from server.modules.rotation.service import (
    ActivityIn,
    ActivityOut,
    AreaIn,
    AreaOut,
    BookingIn,
    BookingOut,
    ChairIn,
    ChairOut,
    EscalateIn,
    FlagOut,
    IssueIn,
    IssueOut,
    MeetingIn,
    MeetingOut,
    OnDutyOut,
    PlatformIn,
    PlatformOut,
    RosterIn,
    RosterOut,
    SeriesIn,
    SeriesOut,
    SlotWorkOut,
    SwapIn,
    ThemeIn,
    ThemeOut,
    VisitIn,
    VisitOut,
    WorkPlanIn,
    WorkPlanOut,
)
from server.platform.auth import STAFF, TenantScope, roles
from server.platform.roles import Actor, Role

OFFICERS = roles(Role.tenant_admin, Role.org_officer)


class AreaController(Controller):
    """轮值区域 Rotation areas: the centre's platforms, the chairs, the rosters, themes, visits."""

    path = "/rotation-areas"
    tags = ["rotation"]
    guards = [STAFF]

    @post("/", guards=[OFFICERS], summary="Make an org subtree a rotation area, with its centre's platforms")
    async def create(self, data: AreaIn, actor: Actor, in_tenant: TenantScope) -> AreaOut:
        async with in_tenant:
            return await service.create_area(data, actor)

    @get("/", summary="The areas around or inside the caller's subtree")
    async def list_areas(
        self, actor: Actor, in_tenant: TenantScope, limit: Limit = 50, cursor: Cursor = None
    ) -> Page[AreaOut]:
        async with in_tenant:
            return await service.list_areas(actor=actor, limit=limit, cursor=cursor)

    @get("/{area_id:int}", summary="An area with its platforms")
    async def show(self, area_id: Id, actor: Actor, in_tenant: TenantScope) -> AreaOut:
        async with in_tenant:
            return await service.get_area(area_id, actor)

    @post("/{area_id:int}/platforms", guards=[OFFICERS], summary="Add an activity platform")
    async def add_platform(self, area_id: Id, data: PlatformIn, actor: Actor, in_tenant: TenantScope) -> PlatformOut:
        async with in_tenant:
            return await service.add_platform(area_id, data, actor)

    @post("/{area_id:int}/chairs", guards=[OFFICERS], summary="Appoint the rotating chair or a vice chair")
    async def appoint(self, area_id: Id, data: ChairIn, actor: Actor, in_tenant: TenantScope) -> ChairOut:
        async with in_tenant:
            return await service.appoint_chair(area_id, data, actor)

    @get("/{area_id:int}/candidates", summary="Unions whose chairs may be vice chairs (non-public enterprise unions)")
    async def candidates(
        self, area_id: Id, actor: Actor, in_tenant: TenantScope, limit: Limit = 50, cursor: Cursor = None
    ) -> Page[OrgOut]:
        async with in_tenant:
            return page_of(await service.vice_chair_candidates(area_id, actor), limit=limit, cursor=cursor)

    @get("/{area_id:int}/chairs", summary="The chairs")
    async def chairs(
        self, area_id: Id, actor: Actor, in_tenant: TenantScope, limit: Limit = 50, cursor: Cursor = None
    ) -> Page[ChairOut]:
        async with in_tenant:
            return page_of(await service.list_chairs(area_id, actor=actor), limit=limit, cursor=cursor)

    @post("/{area_id:int}/rosters", guards=[OFFICERS], summary="Generate (or generate again) a draft roster")
    async def generate(self, area_id: Id, data: RosterIn, actor: Actor, in_tenant: TenantScope) -> RosterOut:
        async with in_tenant:
            return await service.generate_roster(area_id, data, actor)

    @get("/{area_id:int}/rosters/{year:int}", summary="The year's roster with its slots and swaps")
    async def roster(self, area_id: Id, year: Year, actor: Actor, in_tenant: TenantScope) -> RosterOut:
        async with in_tenant:
            return await service.find_roster(area_id, year, actor)

    @get("/{area_id:int}/on-duty", summary="Who is on now and who is next")
    async def on_duty(self, area_id: Id, actor: Actor, in_tenant: TenantScope, day: dt.date | None = None) -> OnDutyOut:
        async with in_tenant:
            return await service.on_duty(area_id, day, actor)

    @post("/{area_id:int}/themes", guards=[OFFICERS], summary="The rotating chair chooses a theme of the year")
    async def choose_theme(self, area_id: Id, data: ThemeIn, actor: Actor, in_tenant: TenantScope) -> ThemeOut:
        async with in_tenant:
            return await service.choose_theme(area_id, data, actor)

    @get("/{area_id:int}/themes", summary="The year's activity themes")
    async def themes(
        self,
        area_id: Id,
        year: Year,
        actor: Actor,
        in_tenant: TenantScope,
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> Page[ThemeOut]:
        async with in_tenant:
            return page_of(await service.list_themes(area_id, year, actor), limit=limit, cursor=cursor)

    @get("/{area_id:int}/flags", summary="The slots reminded and flagged (no themed series)")
    async def flags(
        self,
        area_id: Id,
        actor: Actor,
        in_tenant: TenantScope,
        flag_kind: Annotated[str | None, Parameter(query="kind", max_length=64)] = None,
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> Page[FlagOut]:
        async with in_tenant:
            await service.get_area(area_id, actor)
            return page_of(await service.list_flags(area_id, flag_kind), limit=limit, cursor=cursor)

    @post("/{area_id:int}/visits", guards=[OFFICERS], summary="Log a worker's visit to the rotating chair")
    async def log_visit(self, area_id: Id, data: VisitIn, actor: Actor, in_tenant: TenantScope) -> VisitOut:
        async with in_tenant:
            return await service.log_visit(area_id, data, actor)

    @get("/{area_id:int}/visits", summary="The visits received")
    async def visits(
        self, area_id: Id, actor: Actor, in_tenant: TenantScope, limit: Limit = 50, cursor: Cursor = None
    ) -> Page[VisitOut]:
        async with in_tenant:
            return await service.list_visits(area_id, actor=actor, limit=limit, cursor=cursor)


class RosterController(Controller):
    """轮值时间表 A roster: publish it, change it by swaps."""

    path = "/rotation-rosters"
    tags = ["rotation"]
    guards = [STAFF]

    @get("/{roster_id:int}", summary="A roster with its slots and swaps")
    async def show(self, roster_id: Id, actor: Actor, in_tenant: TenantScope) -> RosterOut:
        async with in_tenant:
            return await service.get_roster(roster_id, actor)

    @post("/{roster_id:int}/publish", status_code=200, guards=[OFFICERS], summary="Publish a draft roster")
    async def publish(self, roster_id: Id, actor: Actor, in_tenant: TenantScope) -> RosterOut:
        async with in_tenant:
            return await service.publish_roster(roster_id, actor)

    @post("/{roster_id:int}/swaps", status_code=200, guards=[OFFICERS], summary="Swap two slots, with a reason")
    async def swap(self, roster_id: Id, data: SwapIn, actor: Actor, in_tenant: TenantScope) -> RosterOut:
        async with in_tenant:
            return await service.swap_slots(roster_id, data, actor)


class SlotController(Controller):
    """轮值时段 A slot's work: plans, joint meetings, major issues, the themed series."""

    path = "/rotation-slots"
    tags = ["rotation"]
    guards = [STAFF]

    @get("/{slot_id:int}", summary="A slot's dashboard")
    async def show(self, slot_id: Id, actor: Actor, in_tenant: TenantScope) -> SlotWorkOut:
        async with in_tenant:
            return await service.slot_work(slot_id, actor)

    @post("/{slot_id:int}/work-plans", guards=[OFFICERS], summary="A monthly work plan")
    async def plan(self, slot_id: Id, data: WorkPlanIn, actor: Actor, in_tenant: TenantScope) -> WorkPlanOut:
        async with in_tenant:
            return await service.add_work_plan(slot_id, data, actor)

    @post("/{slot_id:int}/meetings", guards=[OFFICERS], summary="A joint meeting with attendance and minutes")
    async def meeting(self, slot_id: Id, data: MeetingIn, actor: Actor, in_tenant: TenantScope) -> MeetingOut:
        async with in_tenant:
            return await service.hold_meeting(slot_id, data, actor)

    @post("/{slot_id:int}/issues", guards=[OFFICERS], summary="A major issue and its outcome")
    async def issue(self, slot_id: Id, data: IssueIn, actor: Actor, in_tenant: TenantScope) -> IssueOut:
        async with in_tenant:
            return await service.record_issue(slot_id, data, actor)

    @post("/{slot_id:int}/series", guards=[OFFICERS], summary="A themed activity series")
    async def series(self, slot_id: Id, data: SeriesIn, actor: Actor, in_tenant: TenantScope) -> SeriesOut:
        async with in_tenant:
            return await service.plan_series(slot_id, data, actor)


class ActivityController(Controller):
    """活动记录 The activity log."""

    path = "/rotation-activities"
    tags = ["rotation"]
    guards = [STAFF]

    @post("/", guards=[OFFICERS], summary="Log an activity with a head count or a roster of members")
    async def record(self, data: ActivityIn, actor: Actor, in_tenant: TenantScope) -> ActivityOut:
        async with in_tenant:
            return await service.record_activity(data, actor)

    @get("/", summary="An area's activity log, filtered")
    async def list_activities(
        self,
        area_id: Id,
        actor: Actor,
        in_tenant: TenantScope,
        kind: OptCode = None,
        platform_id: OptId = None,
        series_id: OptId = None,
        org_id: OptId = None,
        start: Annotated[dt.date | None, Parameter(query="from")] = None,
        end: Annotated[dt.date | None, Parameter(query="to")] = None,
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> Page[ActivityOut]:
        async with in_tenant:
            return await service.list_activities(
                area_id,
                kind=kind,
                platform_id=platform_id,
                series_id=series_id,
                org_id=org_id,
                start=start,
                end=end,
                actor=actor,
                limit=limit,
                cursor=cursor,
            )

    @get("/{activity_id:int}", summary="Show an activity")
    async def show(self, activity_id: Id, actor: Actor, in_tenant: TenantScope) -> ActivityOut:
        async with in_tenant:
            return await service.get_activity(activity_id, actor)


class BookingController(Controller):
    """场地预约 Booking the centre's platforms (409 platform_busy on overlap)."""

    path = "/platform-bookings"
    tags = ["rotation"]
    guards = [STAFF]

    @post("/", guards=[OFFICERS], summary="Book a platform (409 platform_busy when it is taken)")
    async def book(self, data: BookingIn, actor: Actor, in_tenant: TenantScope) -> BookingOut:
        async with in_tenant:
            return await service.book_platform(data, actor)

    @get("/", summary="An area's bookings between two times")
    async def list_bookings(
        self,
        area_id: Id,
        actor: Actor,
        in_tenant: TenantScope,
        platform_id: OptId = None,
        start: dt.datetime | None = None,
        end: dt.datetime | None = None,
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> Page[BookingOut]:
        async with in_tenant:
            return await service.list_bookings(
                area_id, platform_id=platform_id, start=start, end=end, actor=actor, limit=limit, cursor=cursor
            )

    @post("/{booking_id:int}/cancel", status_code=200, guards=[OFFICERS], summary="Cancel: frees the platform")
    async def cancel(self, booking_id: Id, actor: Actor, in_tenant: TenantScope) -> BookingOut:
        async with in_tenant:
            return await service.cancel_booking(booking_id, actor)


class VisitController(Controller):
    """接待来访职工 A visit becomes a complaint where `voice` is on."""

    path = "/rotation-visits"
    tags = ["rotation"]
    guards = [STAFF]

    @post("/{visit_id:int}/complaint", status_code=200, guards=[OFFICERS], summary="File the visit as a complaint")
    async def escalate(self, visit_id: Id, data: EscalateIn, actor: Actor, in_tenant: TenantScope) -> VisitOut:
        async with in_tenant:
            return await service.visit_to_complaint(visit_id, data, actor)


CONTROLLERS = [
    AreaController,
    RosterController,
    SlotController,
    ActivityController,
    BookingController,
    VisitController,
]
