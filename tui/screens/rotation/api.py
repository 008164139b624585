"""What the TUI reads and sends for the rotation module: areas and their platforms, the
year's roster (slots, swaps), who is on duty, a slot's work, the activity log, bookings."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tui.i18n import L
from tui.kit.api import ModuleApi, Page, Record

ROLES = {"chair": L("轮值主席", "rotating chair"), "vice_chair": L("轮值副主席", "vice chair")}
ACTIVITY_KINDS = {
    "cultural": L("文体娱乐", "culture and sports"),
    "training": L("职业技能及素质培训", "training"),
    "volunteer": L("志愿服务与安全巡逻", "volunteering and patrols"),
    "tutoring": L("外来务工人员子女帮教", "tutoring migrant workers' children"),
    "skills_contest": L("技能大赛", "skills contest"),
    "health_talk": L("健康讲座", "health talk"),
    "warmth": L("送温暖", "warmth"),
    "coolness": L("送清凉", "coolness"),
}
ROSTER_STATES = {"draft": L("草稿", "draft"), "published": L("已公布", "published")}
BOOKING_STATES = {"booked": L("已预约", "booked"), "cancelled": L("已取消", "cancelled")}


def label(table: dict[str, L], code: str) -> str:
    return str(table[code]) if code in table else code


class Platform(Record):
    SCHEMA = "PlatformOut"
    id: int
    name: str
    kind: str


class Area(Record):
    SCHEMA = "AreaOut"
    id: int
    name: str
    centre_name: str
    platforms: list[Platform]


class Slot(Record):
    SCHEMA = "SlotOut"
    id: int
    roster_id: int
    area_id: int
    chair_id: int
    chair_name: str
    org_id: int
    role: str
    starts_on: dt.date
    ends_on: dt.date
    days: int


class Swap(Record):
    SCHEMA = "SwapOut"
    id: int
    slot_a: int
    slot_b: int
    reason: str
    actor_name: str
    swapped_at: dt.datetime


class Roster(Record):
    SCHEMA = "RosterOut"
    id: int
    area_id: int
    year: int
    starts_on: dt.date
    ends_on: dt.date
    state: str
    slots: list[Slot]
    swaps: list[Swap]


class OnDuty(Record):
    SCHEMA = "OnDutyOut"
    day: dt.date
    chair: Slot | None = None
    vice_chair: Slot | None = None
    next_vice_chair: Slot | None = None


class WorkPlan(Record):
    SCHEMA = "WorkPlanOut"
    id: int
    month: dt.date
    aims: str
    tasks: list[str]


class Meeting(Record):
    SCHEMA = "MeetingOut"
    id: int
    held_on: dt.date
    topic: str
    attendance: int


class Issue(Record):
    SCHEMA = "IssueOut"
    id: int
    raised_on: dt.date
    title: str
    outcome: str
    resolved_on: dt.date | None = None


class Series(Record):
    SCHEMA = "SeriesOut"
    id: int
    title: str
    activities: int
    theme_id: int | None = None


class SlotWork(Record):
    SCHEMA = "SlotWorkOut"
    slot_id: int
    plans: list[WorkPlan]
    meetings: list[Meeting]
    issues: list[Issue]
    series: list[Series]


class Theme(Record):
    SCHEMA = "ThemeOut"
    id: int
    year: int
    title: str


class Activity(Record):
    SCHEMA = "ActivityOut"
    id: int
    kind: str
    title: str
    held_on: dt.date
    person_times: int
    platform_name: str | None = None
    series_id: int | None = None


class Booking(Record):
    SCHEMA = "BookingOut"
    id: int
    platform_id: int
    platform_name: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    purpose: str
    booked_by: str
    state: str


class Visit(Record):
    SCHEMA = "VisitOut"
    id: int
    visited_on: dt.date
    visitor: str
    matter: str
    received_by: str
    complaint_id: int | None = None


class RotationApi(ModuleApi):
    async def areas(self) -> Page[Area]:
        return await self._page("/rotation-areas", Area, limit=100)

    async def roster(self, area_id: int, year: int) -> Roster:
        return await self._get(f"/rotation-areas/{area_id}/rosters/{year}", Roster)

    async def generate(self, area_id: int, body: dict[str, Any]) -> Roster:
        return await self._send("POST", f"/rotation-areas/{area_id}/rosters", body, Roster)

    async def publish(self, roster_id: int) -> Roster:
        return await self._send("POST", f"/rotation-rosters/{roster_id}/publish", None, Roster)

    async def swap(self, roster_id: int, body: dict[str, Any]) -> Roster:
        return await self._send("POST", f"/rotation-rosters/{roster_id}/swaps", body, Roster)

    async def on_duty(self, area_id: int, day: dt.date | None = None) -> OnDuty:
        return await self._get(f"/rotation-areas/{area_id}/on-duty", OnDuty, day=day.isoformat() if day else None)

    async def themes(self, area_id: int, year: int) -> list[Theme]:
        # a year has a few: one page of the most the API gives holds them all
        return (await self._page(f"/rotation-areas/{area_id}/themes", Theme, limit=500, year=year)).items

    async def choose_theme(self, area_id: int, body: dict[str, Any]) -> Theme:
        return await self._send("POST", f"/rotation-areas/{area_id}/themes", body, Theme)

    async def slot_work(self, slot_id: int) -> SlotWork:
        return await self._get(f"/rotation-slots/{slot_id}", SlotWork)

    async def add_work(self, slot_id: int, kind: str, body: dict[str, Any]) -> Any:
        """A slot's work: `work-plans`, `meetings`, `issues` or `series`."""
        out = {"work-plans": WorkPlan, "meetings": Meeting, "issues": Issue, "series": Series}[kind]
        return await self._send("POST", f"/rotation-slots/{slot_id}/{kind}", body, out)

    async def activities(self, area_id: int, *, cursor: str | None = None, **filters: Any) -> Page[Activity]:
        return await self._page("/rotation-activities", Activity, cursor=cursor, area_id=area_id, **filters)

    async def record_activity(self, body: dict[str, Any]) -> Activity:
        return await self._send("POST", "/rotation-activities", body, Activity)

    async def bookings(self, area_id: int, *, cursor: str | None = None) -> Page[Booking]:
        return await self._page("/platform-bookings", Booking, cursor=cursor, area_id=area_id)

    async def book(self, body: dict[str, Any]) -> Booking:
        return await self._send("POST", "/platform-bookings", body, Booking)

    async def cancel(self, booking_id: int) -> Booking:
        return await self._send("POST", f"/platform-bookings/{booking_id}/cancel", None, Booking)

    async def visits(self, area_id: int, *, cursor: str | None = None) -> Page[Visit]:
        return await self._page(f"/rotation-areas/{area_id}/visits", Visit, cursor=cursor)

    async def log_visit(self, area_id: int, body: dict[str, Any]) -> Visit:
        return await self._send("POST", f"/rotation-areas/{area_id}/visits", body, Visit)

    async def to_complaint(self, visit_id: int, body: dict[str, Any]) -> Visit:
        return await self._send("POST", f"/rotation-visits/{visit_id}/complaint", body, Visit)
