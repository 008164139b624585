"""A rotation slot's work: monthly work plans (aims, tasks), joint meetings (attendance, minutes),
major issues handled and their outcome, the themed activity series a vice chair runs, and the
year's activity themes the rotating chair chooses. Everything is dated inside its slot."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import asyncpg
import msgspec
from msgspec import Meta

from server.errors import Conflict, FieldError, Forbidden, InvalidInput, NotFound
from server.infra.tenancy import conn
from server.infra.types import Id, LongText, PositiveCount, Text, Year
from server.modules.core import service as activity
from server.modules.orgs import access
from server.modules.rotation import messages as msg
from server.modules.rotation.service.shared import (
    Ids,
    Minutes,
    area_row,
    check_area_visible,
    check_area_writable,
    check_slot_writable,
    is_admin,
    optional_text,
    orgs_in_area,
    text,
    whole,
    year,
)
from server.platform.roles import SYSTEM, Actor, Role


async def _slot(slot_id: int, actor: Actor) -> tuple[dict[str, Any], dict[str, Any]]:
    """The slot (with its chair's org) and its area, once the actor may work in it."""
    row = await conn().fetchrow(
        "SELECT s.id, s.area_id, s.role, s.starts_on, s.ends_on, c.org_id FROM rot_slot s "
        "JOIN rot_chair c ON c.id = s.chair_id WHERE s.id = $1",
        slot_id,
    )
    if row is None:
        raise NotFound(msg.SLOT_NOT_FOUND, key=slot_id)
    area = await area_row(row["area_id"])
    await check_slot_writable(actor, area, row["org_id"])
    return dict(row), area


def _in_slot(day: dt.date, field: str, slot: dict[str, Any], errors: list[FieldError]) -> None:
    if not slot["starts_on"] <= day <= slot["ends_on"]:
        errors.append(FieldError(field, msg.NOT_IN_SLOT, starts_on=slot["starts_on"], ends_on=slot["ends_on"]))


class WorkPlanIn(msgspec.Struct, forbid_unknown_fields=True):
    month: dt.date  # any day of the month
    aims: LongText
    tasks: Annotated[list[Text], Meta(max_length=1000)]


class WorkPlanOut(msgspec.Struct):
    id: int
    slot_id: int
    month: dt.date
    aims: str
    tasks: list[str]
    created_by: str


async def add_work_plan(slot_id: int, data: WorkPlanIn, actor: Actor = SYSTEM) -> WorkPlanOut:
    slot, _ = await _slot(slot_id, actor)
    month = data.month.replace(day=1)
    errors: list[FieldError] = []
    if not (slot["starts_on"].replace(day=1) <= month <= slot["ends_on"]):
        errors.append(FieldError("month", msg.NOT_IN_SLOT, starts_on=slot["starts_on"], ends_on=slot["ends_on"]))
    text(data.aims, "aims", errors, 2000)
    tasks = [t.strip() for t in data.tasks if isinstance(t, str) and t.strip()]
    if not tasks:
        errors.append(FieldError("tasks", msg.NO_TASKS))
    for n, t in enumerate(tasks, start=1):
        if len(t) > 500:
            errors.append(FieldError("tasks", msg.TOO_LONG, row=n, limit=500))
    if errors:
        raise InvalidInput(errors)
    try:
        row = await conn().fetchrow(
            "INSERT INTO rot_work_plan (slot_id, month, aims, tasks, created_by, created_at) "
            "VALUES ($1, $2, $3, $4, $5, now()) RETURNING id, slot_id, month, aims, tasks, created_by",
            slot_id,
            month,
            data.aims.strip(),
            tasks,
            actor.name,
        )
    except asyncpg.UniqueViolationError:
        raise Conflict(msg.PLAN_EXISTS, code="plan_exists", slot=slot_id, month=f"{month:%Y-%m}") from None
    await activity.record("rotation.work_plan.added", f"slot:{slot_id}", {"plan": row["id"]}, actor)
    return WorkPlanOut(**dict(row))


class MeetingIn(msgspec.Struct, forbid_unknown_fields=True):
    held_on: dt.date
    topic: Text
    attending_org_ids: Ids
    attendance: PositiveCount
    minutes: Minutes = ""


class MeetingOut(msgspec.Struct):
    id: int
    slot_id: int
    held_on: dt.date
    topic: str
    attending_org_ids: list[int]
    attendance: int
    minutes: str


async def hold_meeting(slot_id: int, data: MeetingIn, actor: Actor = SYSTEM) -> MeetingOut:
    """A joint meeting (联席会议): the unions that attended (inside the area) and its minutes."""
    slot, area = await _slot(slot_id, actor)
    errors: list[FieldError] = []
    _in_slot(data.held_on, "held_on", slot, errors)
    text(data.topic, "topic", errors, 200)
    whole(data.attendance, "attendance", errors, 1)
    optional_text(data.minutes, "minutes", errors, 20_000)
    await orgs_in_area(data.attending_org_ids, "attending_org_ids", errors, area)
    if errors:
        raise InvalidInput(errors)
    row = await conn().fetchrow(
        "INSERT INTO rot_meeting (slot_id, held_on, topic, attending_org_ids, attendance, minutes) "
        "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id, slot_id, held_on, topic, attending_org_ids, attendance, minutes",
        slot_id,
        data.held_on,
        data.topic.strip(),
        sorted(set(data.attending_org_ids)),
        data.attendance,
        (data.minutes or "").strip(),
    )
    await activity.record("rotation.meeting.held", f"slot:{slot_id}", {"meeting": row["id"]}, actor)
    return MeetingOut(**dict(row))


class IssueIn(msgspec.Struct, forbid_unknown_fields=True):
    raised_on: dt.date
    title: Text
    outcome: LongText = ""
    resolved_on: dt.date | None = None


class IssueOut(msgspec.Struct):
    id: int
    slot_id: int
    raised_on: dt.date
    title: str
    outcome: str
    resolved_on: dt.date | None


async def record_issue(slot_id: int, data: IssueIn, actor: Actor = SYSTEM) -> IssueOut:
    """A major issue handled during the slot (协调处理重大问题), with its outcome once resolved."""
    slot, _ = await _slot(slot_id, actor)
    errors: list[FieldError] = []
    _in_slot(data.raised_on, "raised_on", slot, errors)
    text(data.title, "title", errors, 200)
    optional_text(data.outcome, "outcome", errors, 5000)
    if data.resolved_on is not None and data.resolved_on < data.raised_on:
        errors.append(FieldError("resolved_on", msg.DATE_ORDER, other="raised_on"))
    if errors:
        raise InvalidInput(errors)
    row = await conn().fetchrow(
        "INSERT INTO rot_issue (slot_id, raised_on, title, outcome, resolved_on) VALUES ($1, $2, $3, $4, $5) "
        "RETURNING id, slot_id, raised_on, title, outcome, resolved_on",
        slot_id,
        data.raised_on,
        data.title.strip(),
        (data.outcome or "").strip(),
        data.resolved_on,
    )
    await activity.record("rotation.issue.recorded", f"slot:{slot_id}", {"issue": row["id"]}, actor)
    return IssueOut(**dict(row))


class ThemeIn(msgspec.Struct, forbid_unknown_fields=True):
    year: Year
    title: Text


class ThemeOut(msgspec.Struct):
    id: int
    area_id: int
    year: int
    title: str
    chosen_by: str


async def choose_theme(area_id: int, data: ThemeIn, actor: Actor = SYSTEM) -> ThemeOut:
    """A theme of the year's activities (全年度活动主题), chosen by the rotating chair: the street
    union's officers or an admin, not a vice chair's union."""
    area = await area_row(area_id)
    errors: list[FieldError] = []
    year(data.year, "year", errors)
    text(data.title, "title", errors, 200)
    if errors:
        raise InvalidInput(errors)
    if actor.role is Role.org_officer:
        root = access.scope_root(actor)
        if root != area["root_org_id"]:
            await access.check_org_visible(actor, area["root_org_id"])
    elif not is_admin(actor):
        raise Forbidden(msg.CHAIR_ONLY, code="role_forbidden")
    await check_area_writable(actor, area)
    try:
        row = await conn().fetchrow(
            "INSERT INTO rot_theme (area_id, year, title, chosen_by) VALUES ($1, $2, $3, $4) "
            "RETURNING id, area_id, year, title, chosen_by",
            area_id,
            data.year,
            data.title.strip(),
            actor.name,
        )
    except asyncpg.UniqueViolationError:
        raise Conflict(msg.THEME_EXISTS, code="theme_exists", year=data.year, title=data.title.strip()) from None
    await activity.record("rotation.theme.chosen", f"area:{area_id}", {"year": data.year}, actor)
    return ThemeOut(**dict(row))


async def list_themes(area_id: int, year_: int, actor: Actor = SYSTEM) -> list[ThemeOut]:
    await check_area_visible(actor, await area_row(area_id))
    rows = await conn().fetch(
        "SELECT id, area_id, year, title, chosen_by FROM rot_theme WHERE area_id = $1 AND year = $2 ORDER BY id",
        area_id,
        year_,
    )
    return [ThemeOut(**dict(r)) for r in rows]


class SeriesIn(msgspec.Struct, forbid_unknown_fields=True):
    title: Text
    theme_id: Id | None = None


class SeriesOut(msgspec.Struct):
    id: int
    slot_id: int
    theme_id: int | None
    title: str
    activities: int


async def plan_series(slot_id: int, data: SeriesIn, actor: Actor = SYSTEM) -> SeriesOut:
    """A themed activity series (主题系列活动) a vice chair plans for their slot."""
    slot, area = await _slot(slot_id, actor)
    errors: list[FieldError] = []
    text(data.title, "title", errors, 200)
    if data.theme_id is not None and not await conn().fetchval(
        "SELECT 1 FROM rot_theme WHERE id = $1 AND area_id = $2", data.theme_id, area["id"]
    ):
        errors.append(FieldError("theme_id", msg.NO_SUCH_THEME, theme=data.theme_id))
    if errors:
        raise InvalidInput(errors)
    series_id = await conn().fetchval(
        "INSERT INTO rot_series (slot_id, theme_id, title, created_at) VALUES ($1, $2, $3, now()) RETURNING id",
        slot_id,
        data.theme_id,
        data.title.strip(),
    )
    await activity.record("rotation.series.planned", f"series:{series_id}", {"slot": slot_id}, actor)
    return SeriesOut(series_id, slot_id, data.theme_id, data.title.strip(), 0)


class SlotWorkOut(msgspec.Struct):
    """A slot's dashboard: its plans, meetings, issues and series."""

    slot_id: int
    plans: list[WorkPlanOut]
    meetings: list[MeetingOut]
    issues: list[IssueOut]
    series: list[SeriesOut]


async def slot_work(slot_id: int, actor: Actor = SYSTEM) -> SlotWorkOut:
    c = conn()
    area_id = await c.fetchval("SELECT area_id FROM rot_slot WHERE id = $1", slot_id)
    if area_id is None:
        raise NotFound(msg.SLOT_NOT_FOUND, key=slot_id)
    await check_area_visible(actor, await area_row(area_id))
    plans = await c.fetch(
        "SELECT id, slot_id, month, aims, tasks, created_by FROM rot_work_plan WHERE slot_id = $1 ORDER BY month",
        slot_id,
    )
    meetings = await c.fetch(
        "SELECT id, slot_id, held_on, topic, attending_org_ids, attendance, minutes FROM rot_meeting "
        "WHERE slot_id = $1 ORDER BY held_on, id",
        slot_id,
    )
    issues = await c.fetch(
        "SELECT id, slot_id, raised_on, title, outcome, resolved_on FROM rot_issue WHERE slot_id = $1 "
        "ORDER BY raised_on, id",
        slot_id,
    )
    series = await c.fetch(
        "SELECT s.id, s.slot_id, s.theme_id, s.title, "
        "(SELECT count(*) FROM rot_activity a WHERE a.series_id = s.id)::int AS activities "
        "FROM rot_series s WHERE s.slot_id = $1 ORDER BY s.id",
        slot_id,
    )
    return SlotWorkOut(
        slot_id,
        [WorkPlanOut(**dict(r)) for r in plans],
        [MeetingOut(**dict(r)) for r in meetings],
        [IssueOut(**dict(r)) for r in issues],
        [SeriesOut(**dict(r)) for r in series],
    )
