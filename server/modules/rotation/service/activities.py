"""The activity log and the worker visits.

An activity (cultural and sports, training, volunteering and safety patrol, tutoring for migrant
workers' children, skills contest, health talk, 送温暖 / 送清凉) is held in an area on a day, at
one of its platforms or elsewhere, organised by a union inside the area with co-organising
unions, optionally as part of a slot's themed series, and counts its participants as a head
count or as a roster of members. Person-times are the head count where given, else the roster.
A worker's visit received by the rotating chair (接待来访职工) is logged; where `voice` is on, it
becomes a complaint in one step.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec

from server.errors import FieldError, InvalidInput, NotFound, RuleViolation
from server.infra.pagination import Page, keyset_sql
from server.infra.tenancy import conn, current_tenant
from server.infra.types import Count, Id, LongText, Text
from server.modules.core import service as activity
from server.modules.orgs import access
from server.modules.orgs import service as orgs
from server.modules.rotation import messages as msg
from server.modules.rotation.service.shared import (
    ACTIVITY_KINDS,
    Ids,
    area_row,
    check_area_visible,
    check_area_writable,
    check_org_writable,
    members_exist,
    one_of,
    orgs_in_area,
    text,
    whole,
)
from server.platform.roles import SYSTEM, Actor


class ActivityIn(msgspec.Struct, forbid_unknown_fields=True):
    area_id: Id
    kind: Text
    title: Text
    held_on: dt.date
    platform_id: Id | None = None
    series_id: Id | None = None
    organiser_org_id: Id | None = None
    co_org_ids: Ids = []
    head_count: Count | None = None  # a head count, or
    member_ids: Ids = []  # a roster of members


class ActivityOut(msgspec.Struct):
    id: int
    area_id: int
    kind: str
    title: str
    held_on: dt.date
    platform_id: int | None
    platform_name: str | None
    series_id: int | None
    organiser_org_id: int | None
    co_org_ids: list[int]
    head_count: int | None
    roster: int
    person_times: int
    created_by: str


ACTIVITY_SELECT = """SELECT a.id, a.area_id, a.kind, a.title, a.held_on, a.platform_id, p.name AS platform_name,
       a.series_id, a.organiser_org_id, a.co_org_ids, a.head_count, r.n AS roster,
       coalesce(a.head_count, r.n) AS person_times, a.created_by
  FROM rot_activity a LEFT JOIN rot_platform p ON p.id = a.platform_id
  LEFT JOIN LATERAL (SELECT count(*)::int AS n FROM rot_participant WHERE activity_id = a.id) r ON true"""


async def participants_reachable(actor: Actor, area: dict[str, Any], member_ids: list[int]) -> None:
    """An org officer's roster holds the area's workers (a vice chair's slot reaches the whole area)
    or their own subtree's; a worker of a union outside both is outside their reach (403
    `outside_subtree`): a vice chair put any worker of the tenant on an activity's roster."""
    if access.scope_root(actor) is None or not member_ids:
        return
    inside = set(await orgs.subtree_ids(area["root_org_id"]))
    found = await orgs.get_members(sorted(set(member_ids)))
    for org_id in sorted({m.org_id for m in found.values()} - inside):
        await access.check_org_visible(actor, org_id)


async def record_activity(data: ActivityIn, actor: Actor = SYSTEM) -> ActivityOut:
    """Log an activity with its participants. All or nothing: a bad field changes nothing."""
    c = conn()
    area = await area_row(data.area_id)
    errors: list[FieldError] = []
    one_of(data.kind, "kind", errors, ACTIVITY_KINDS)
    text(data.title, "title", errors, 200)
    if data.platform_id is not None and not await c.fetchval(
        "SELECT 1 FROM rot_platform WHERE id = $1 AND area_id = $2", data.platform_id, data.area_id
    ):
        errors.append(FieldError("platform_id", msg.NO_SUCH_PLATFORM, platform=data.platform_id))
    if data.series_id is not None:
        slot = await c.fetchrow(
            "SELECT s.starts_on, s.ends_on FROM rot_series r JOIN rot_slot s ON s.id = r.slot_id "
            "WHERE r.id = $1 AND s.area_id = $2",
            data.series_id,
            data.area_id,
        )
        if slot is None:
            errors.append(FieldError("series_id", msg.NO_SUCH_SERIES, series=data.series_id))
        elif not slot["starts_on"] <= data.held_on <= slot["ends_on"]:
            errors.append(FieldError("held_on", msg.NOT_IN_SLOT, starts_on=slot["starts_on"], ends_on=slot["ends_on"]))
    org_ids = [data.organiser_org_id] if data.organiser_org_id is not None else []
    await orgs_in_area(org_ids, "organiser_org_id", errors, area)
    await orgs_in_area(data.co_org_ids, "co_org_ids", errors, area)
    if (data.head_count is None) == (not data.member_ids):
        errors.append(FieldError("head_count", msg.PARTICIPANTS))
    if data.head_count is not None:
        whole(data.head_count, "head_count", errors, 0)
    if data.member_ids:
        await members_exist(data.member_ids, "member_ids", errors)
    if errors:
        raise InvalidInput(errors)
    if data.organiser_org_id is not None:
        await check_org_writable(actor, data.organiser_org_id)
    else:
        await check_area_writable(actor, area)
    await participants_reachable(actor, area, data.member_ids)
    activity_id = await c.fetchval(
        "INSERT INTO rot_activity (area_id, series_id, kind, title, platform_id, held_on, organiser_org_id, "
        "co_org_ids, head_count, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now()) "
        "RETURNING id",
        data.area_id,
        data.series_id,
        data.kind,
        data.title.strip(),
        data.platform_id,
        data.held_on,
        data.organiser_org_id,
        sorted(set(data.co_org_ids)),
        data.head_count,
        actor.name,
    )
    if data.member_ids:
        await c.execute(
            "INSERT INTO rot_participant (activity_id, member_id) SELECT $1, unnest($2::int[])",
            activity_id,
            data.member_ids,
        )
    await activity.record("rotation.activity.recorded", f"activity:{activity_id}", {"kind": data.kind}, actor)
    return await get_activity(activity_id, actor)


async def get_activity(activity_id: int, actor: Actor = SYSTEM) -> ActivityOut:
    row = await conn().fetchrow(f"{ACTIVITY_SELECT} WHERE a.id = $1", activity_id)
    if row is None:
        raise NotFound(msg.ACTIVITY_NOT_FOUND, key=activity_id)
    await check_area_visible(actor, await area_row(row["area_id"]))
    return ActivityOut(**dict(row))


async def list_activities(
    area_id: int,
    *,
    kind: str | None = None,
    platform_id: int | None = None,
    series_id: int | None = None,
    org_id: int | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    actor: Actor = SYSTEM,
    limit: int = 50,
    cursor: str | None = None,
) -> Page[ActivityOut]:
    """The activity log, filtered by kind, platform, series, organising union and days [start, end]."""
    await check_area_visible(actor, await area_row(area_id))
    if kind is not None:
        errors: list[FieldError] = []
        one_of(kind, "kind", errors, ACTIVITY_KINDS)
        if errors:
            raise InvalidInput(errors)
    if org_id is not None:
        await access.check_org_visible(actor, org_id)
    rows, nxt = await keyset_sql(
        f"{ACTIVITY_SELECT} WHERE a.area_id = $1 AND ($2::text IS NULL OR a.kind = $2) "
        "AND ($3::int IS NULL OR a.platform_id = $3) AND ($4::int IS NULL OR a.series_id = $4) "
        "AND ($5::int IS NULL OR a.organiser_org_id = $5 OR $5 = ANY(a.co_org_ids)) "
        "AND ($6::date IS NULL OR a.held_on >= $6) AND ($7::date IS NULL OR a.held_on <= $7)",
        area_id,
        kind,
        platform_id,
        series_id,
        org_id,
        start,
        end,
        limit=limit,
        cursor=cursor,
    )
    return Page([ActivityOut(**dict(r)) for r in rows], nxt)


class VisitIn(msgspec.Struct, forbid_unknown_fields=True):
    visited_on: dt.date
    visitor: Text
    matter: LongText
    member_id: Id | None = None
    org_id: Id | None = None  # the visitor's union, inside the area


class VisitOut(msgspec.Struct):
    id: int
    area_id: int
    visited_on: dt.date
    visitor: str
    member_id: int | None
    org_id: int | None
    matter: str
    received_by: str
    complaint_id: int | None


VISIT_SELECT = (
    "SELECT id, area_id, visited_on, visitor, member_id, org_id, matter, received_by, complaint_id FROM rot_visit"
)


async def log_visit(area_id: int, data: VisitIn, actor: Actor = SYSTEM) -> VisitOut:
    """A worker's visit received by the rotating chair (接待来访职工)."""
    area = await area_row(area_id)
    errors: list[FieldError] = []
    text(data.visitor, "visitor", errors, 100)
    text(data.matter, "matter", errors, 4000)
    if data.member_id is not None:
        await members_exist([data.member_id], "member_id", errors)
    if data.org_id is not None:
        await orgs_in_area([data.org_id], "org_id", errors, area)
    if errors:
        raise InvalidInput(errors)
    await check_area_writable(actor, area)
    row = await conn().fetchrow(
        "INSERT INTO rot_visit (area_id, visited_on, visitor, member_id, org_id, matter, received_by) "
        f"VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING {VISIT_SELECT.split(' FROM')[0].removeprefix('SELECT ')}",
        area_id,
        data.visited_on,
        data.visitor.strip(),
        data.member_id,
        data.org_id,
        data.matter.strip(),
        actor.name,
    )
    await activity.record("rotation.visit.logged", f"area:{area_id}", {"visit": row["id"]}, actor)
    return VisitOut(**dict(row))


async def list_visits(
    area_id: int, *, actor: Actor = SYSTEM, limit: int = 50, cursor: str | None = None
) -> Page[VisitOut]:
    await check_area_visible(actor, await area_row(area_id))
    rows, nxt = await keyset_sql(f"{VISIT_SELECT} WHERE area_id = $1", area_id, limit=limit, cursor=cursor)
    return Page([VisitOut(**dict(r)) for r in rows], nxt)


class EscalateIn(msgspec.Struct, forbid_unknown_fields=True):
    category: Text = "other"  # one of voice's complaint categories


async def visit_to_complaint(visit_id: int, data: EscalateIn, actor: Actor = SYSTEM) -> VisitOut:
    """Where `voice` is on, a visit becomes a complaint (抱怨单) in one step, filed for the visitor."""
    from server.modules.voice import service as voice
    from server.platform import service as platform

    c = conn()
    row = await c.fetchrow(f"{VISIT_SELECT} WHERE id = $1 FOR UPDATE", visit_id)
    if row is None:
        raise NotFound(msg.VISIT_NOT_FOUND, key=visit_id)
    await check_area_writable(actor, await area_row(row["area_id"]))
    tenant = await platform.get_tenant(current_tenant() or "")
    if not platform.module_enabled(tenant, "voice"):
        raise RuleViolation(msg.VOICE_OFF, code="module_off")
    if row["complaint_id"] is not None:
        raise RuleViolation(
            msg.ALREADY_COMPLAINT, code="already_complaint", visit=visit_id, complaint=row["complaint_id"]
        )
    complaint = await voice.file_complaint(
        voice.ComplaintIn(
            category=data.category,
            text=f"{row['visitor']}来访：{row['matter']}",
            org_id=row["org_id"],
            member_id=row["member_id"],
        ),
        actor,
        channel="tui",
    )
    await c.execute("UPDATE rot_visit SET complaint_id = $2 WHERE id = $1", visit_id, complaint.id)
    await activity.record("rotation.visit.escalated", f"visit:{visit_id}", {"complaint": complaint.id}, actor)
    return VisitOut(**{**dict(row), "complaint_id": complaint.id})
