"""Training sessions, the trainer bookings, off-hours delivery and attendance.

A session is one course given to a unit at a time, for a project (点题式) or an order (点菜式),
with a trainer picked from the pool (点将式). A trainer is never booked for two sessions that
overlap: the database's exclusion constraint refuses the second booking, also when two race.
An off-hours session at the workplace (点播式) falls outside the enterprise's working hours.
Attendance is a roster of members where one is kept, a head count where not; person-times
come from them."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import asyncpg
import msgspec
from msgspec import Meta

from server.errors import Conflict, FieldError, InvalidInput, NotFound, RuleViolation
from server.infra.pagination import Page, keyset_sql
from server.infra.tenancy import conn
from server.infra.types import Count, Fen, Id, Name, Rating, Text
from server.modules.core import service as activity
from server.modules.orgs import access
from server.modules.skills import messages as msg
from server.modules.skills.service.catalogue import refresh_ratings
from server.modules.skills.service.projects import CAN_RUN
from server.modules.skills.service.shared import (
    MODES,
    SHANGHAI,
    Short,
    check_org_writable,
    fen,
    members,
    one_of,
    orgs_exist,
    whole,
)
from server.platform.roles import SYSTEM, Actor


class ShiftIn(msgspec.Struct, forbid_unknown_fields=True):
    org_id: Id
    starts: dt.time
    ends: dt.time


class ShiftOut(msgspec.Struct):
    org_id: int
    starts: dt.time
    ends: dt.time


async def set_shift(data: ShiftIn, actor: Actor = SYSTEM) -> ShiftOut:
    """An enterprise's working hours (上班时间), so off-hours sessions are placed outside them."""
    errors: list[FieldError] = []
    if data.ends <= data.starts:
        errors.append(FieldError("ends", msg.DATE_ORDER, other="starts"))
    await orgs_exist([data.org_id], "org_id", errors)
    if errors:
        raise InvalidInput(errors)
    await check_org_writable(actor, data.org_id)
    await conn().execute(
        "INSERT INTO skill_shift (org_id, starts, ends) VALUES ($1, $2, $3) "
        "ON CONFLICT (org_id) DO UPDATE SET starts = EXCLUDED.starts, ends = EXCLUDED.ends",
        data.org_id,
        data.starts,
        data.ends,
    )
    await activity.record(
        "skills.shift.set", f"org:{data.org_id}", {"starts": str(data.starts), "ends": str(data.ends)}, actor
    )
    return ShiftOut(data.org_id, data.starts, data.ends)


class SessionIn(msgspec.Struct, forbid_unknown_fields=True):
    org_id: Id
    starts_at: dt.datetime
    ends_at: dt.datetime
    course_id: Id | None = None
    project_id: Id | None = None
    order_id: Id | None = None
    trainer_id: Id | None = None
    mode: Short = "classroom"  # classroom | workplace (at the workplace, off-hours: 点播式)
    place: Name = ""
    cost_fen: Fen = 0
    head_count: Count | None = None  # where no roster is kept


class SessionOut(msgspec.Struct):
    id: int
    org_id: int
    course_id: int | None
    course_title: str | None
    category: str | None
    project_id: int | None
    order_id: int | None
    trainer_id: int | None
    trainer_name: str | None
    starts_at: dt.datetime
    ends_at: dt.datetime
    mode: str
    off_hours: bool
    place: str
    cost_fen: int
    head_count: int | None
    roster: int
    person_times: int
    state: str


SESSION_SELECT = """SELECT s.id, s.org_id, s.course_id, c.title AS course_title, c.category, s.project_id, s.order_id,
       s.trainer_id, t.name AS trainer_name, s.starts_at, s.ends_at, s.mode, s.mode = 'workplace' AS off_hours,
       s.place, s.cost_fen, s.head_count, a.n AS roster, coalesce(s.head_count, a.n) AS person_times, s.state
  FROM skill_session s LEFT JOIN skill_course c ON c.id = s.course_id LEFT JOIN skill_trainer t ON t.id = s.trainer_id
  LEFT JOIN LATERAL (SELECT count(*)::int AS n FROM skill_attendance WHERE session_id = s.id) a ON true"""


async def _check_session(data: SessionIn, errors: list[FieldError]) -> None:
    c = conn()
    if data.starts_at.tzinfo is None or data.ends_at.tzinfo is None:
        errors.append(FieldError("starts_at", msg.NOT_A_DATE))
        return
    if data.ends_at <= data.starts_at:
        errors.append(FieldError("ends_at", msg.DATE_ORDER, other="starts_at"))
    start, end = data.starts_at.astimezone(SHANGHAI), data.ends_at.astimezone(SHANGHAI)
    if start.date() != end.date():
        errors.append(FieldError("ends_at", msg.SAME_DAY))
    one_of(data.mode, "mode", errors, MODES)
    fen(data.cost_fen, "cost_fen", errors)
    if data.head_count is not None:
        whole(data.head_count, "head_count", errors, 0)
    if len(data.place or "") > 200:
        errors.append(FieldError("place", msg.TEXT_LENGTH, limit=200))
    await orgs_exist([data.org_id], "org_id", errors)
    if data.course_id is not None:
        modes = await c.fetchval("SELECT modes FROM skill_course WHERE id = $1", data.course_id)
        if modes is None:
            errors.append(FieldError("course_id", msg.NO_SUCH_COURSE, course=data.course_id))
        elif data.mode in MODES and data.mode not in modes:
            errors.append(FieldError("mode", msg.MODE_NOT_OFFERED, modes=", ".join(modes)))
    if data.trainer_id is not None and not await c.fetchval(
        "SELECT active FROM skill_trainer WHERE id = $1", data.trainer_id
    ):
        errors.append(FieldError("trainer_id", msg.NO_SUCH_TRAINER, trainer=data.trainer_id))
    if data.project_id is not None:
        p = await c.fetchrow("SELECT org_id, state FROM skill_project WHERE id = $1", data.project_id)
        if p is None:
            errors.append(FieldError("project_id", msg.NO_SUCH_PROJECT, project=data.project_id))
        elif p["state"] not in CAN_RUN:
            errors.append(FieldError("project_id", msg.PROJECT_CANNOT_RUN, project=data.project_id))
        elif p["org_id"] != data.org_id:
            errors.append(FieldError("project_id", msg.PROJECT_ORG, project=data.project_id))
    if data.order_id is not None and not await c.fetchval(
        "SELECT 1 FROM skill_order WHERE id = $1 AND org_id = $2", data.order_id, data.org_id
    ):
        errors.append(FieldError("order_id", msg.NO_SUCH_ORDER, order=data.order_id))
    if data.mode == "workplace" and start.date() == end.date():
        shift = await c.fetchrow("SELECT starts, ends FROM skill_shift WHERE org_id = $1", data.org_id)
        if shift is None:
            errors.append(FieldError("mode", msg.NO_SHIFT, org=data.org_id))
        elif start.time() < shift["ends"] and shift["starts"] < end.time():
            errors.append(
                FieldError(
                    "starts_at",
                    msg.DURING_SHIFT,
                    starts=shift["starts"].strftime("%H:%M"),
                    ends=shift["ends"].strftime("%H:%M"),
                )
            )


async def book_session(data: SessionIn, actor: Actor = SYSTEM) -> SessionOut:
    """Schedule a session and book its trainer. An overlapping booking of the same trainer is
    refused by the database (409 `trainer_busy`), whichever of two racing requests comes second."""
    errors: list[FieldError] = []
    await _check_session(data, errors)
    if errors:
        raise InvalidInput(errors)
    await check_org_writable(actor, data.org_id)
    try:
        session_id = await conn().fetchval(
            "INSERT INTO skill_session (org_id, course_id, project_id, order_id, trainer_id, starts_at, ends_at, mode, "
            "place, cost_fen, head_count, state, created_at) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'scheduled', now()) RETURNING id",
            data.org_id,
            data.course_id,
            data.project_id,
            data.order_id,
            data.trainer_id,
            data.starts_at,
            data.ends_at,
            data.mode,
            (data.place or "").strip(),
            data.cost_fen,
            data.head_count,
        )
    except asyncpg.ExclusionViolationError:
        raise Conflict(msg.TRAINER_BUSY, code="trainer_busy", trainer=data.trainer_id) from None
    await activity.record("skills.session.booked", f"session:{session_id}", {"trainer": data.trainer_id}, actor)
    return await get_session(session_id, actor)


async def cancel_session(session_id: int, actor: Actor = SYSTEM) -> SessionOut:
    """Cancel a session: its trainer is free again at that time."""
    org_id = await conn().fetchval("SELECT org_id FROM skill_session WHERE id = $1 FOR UPDATE", session_id)
    if org_id is None:
        raise NotFound(msg.SESSION_NOT_FOUND, key=session_id)
    await check_org_writable(actor, org_id)
    await conn().execute("UPDATE skill_session SET state = 'cancelled' WHERE id = $1", session_id)
    await activity.record("skills.session.cancelled", f"session:{session_id}", {}, actor)
    return await get_session(session_id, actor)


async def get_session(session_id: int, actor: Actor = SYSTEM) -> SessionOut:
    row = await conn().fetchrow(f"{SESSION_SELECT} WHERE s.id = $1", session_id)
    if row is None:
        raise NotFound(msg.SESSION_NOT_FOUND, key=session_id)
    await access.check_org_visible(actor, row["org_id"])
    return SessionOut(**dict(row))


async def list_sessions(
    *,
    org_id: int | None = None,
    trainer_id: int | None = None,
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
    actor: Actor = SYSTEM,
    limit: int = 50,
    cursor: str | None = None,
) -> Page[SessionOut]:
    """The schedule (and a trainer's calendar): sessions overlapping [start, end), within the actor's subtree."""
    if org_id is not None:
        await access.check_org_visible(actor, org_id)
    visible = await access.visible_org_ids(actor)
    rows, nxt = await keyset_sql(
        f"{SESSION_SELECT} WHERE ($1::int IS NULL OR s.org_id = $1) AND ($2::int IS NULL OR s.trainer_id = $2) "
        "AND ($3::timestamptz IS NULL OR s.ends_at > $3) AND ($4::timestamptz IS NULL OR s.starts_at < $4) "
        "AND ($5::int[] IS NULL OR s.org_id = ANY($5))",
        org_id,
        trainer_id,
        start,
        end,
        visible,
        limit=limit,
        cursor=cursor,
    )
    return Page([SessionOut(**dict(r)) for r in rows], nxt)


class AttendeeIn(msgspec.Struct, forbid_unknown_fields=True):
    member_id: Id
    rating: Rating | None = None  # feedback 1-5
    feedback: Text = ""


class AttendanceIn(msgspec.Struct, forbid_unknown_fields=True):
    attendees: Annotated[list[AttendeeIn], Meta(max_length=10_000)] = []
    head_count: Count | None = None  # where no roster is kept


async def record_attendance(session_id: int, data: AttendanceIn, actor: Actor = SYSTEM) -> SessionOut:
    """Add members to a session's roster (with their feedback), or set its head count. All or nothing."""
    c = conn()
    session = await c.fetchrow("SELECT org_id, trainer_id, state FROM skill_session WHERE id = $1", session_id)
    if session is None:
        raise NotFound(msg.SESSION_NOT_FOUND, key=session_id)
    await check_org_writable(actor, session["org_id"])
    if session["state"] == "cancelled":
        raise RuleViolation(msg.SESSION_CANCELLED, code="session_cancelled", session=session_id)
    errors: list[FieldError] = []
    await members([a.member_id for a in data.attendees], "member_id", errors)
    for n, a in enumerate(data.attendees, start=1):
        if a.rating is not None and (isinstance(a.rating, bool) or a.rating not in range(1, 6)):
            errors.append(FieldError("rating", msg.RATING, row=n))
        if len(a.feedback or "") > 2000:
            errors.append(FieldError("feedback", msg.TEXT_LENGTH, row=n, limit=2000))
    if data.head_count is not None:
        whole(data.head_count, "head_count", errors, 0)
    if errors:
        raise InvalidInput(errors)
    # Another union's workers are not the officer's to enrol.
    await access.check_members_visible(actor, [a.member_id for a in data.attendees])
    if data.attendees:
        await c.execute(
            "INSERT INTO skill_attendance (session_id, member_id, rating, feedback) "
            "SELECT $1, * FROM unnest($2::int[], $3::smallint[], $4::text[]) "
            "ON CONFLICT (session_id, member_id) DO UPDATE SET rating = coalesce(EXCLUDED.rating, skill_attendance.rating), "
            "feedback = CASE WHEN EXCLUDED.feedback = '' THEN skill_attendance.feedback ELSE EXCLUDED.feedback END",
            session_id,
            [a.member_id for a in data.attendees],
            [a.rating for a in data.attendees],
            [(a.feedback or "").strip() for a in data.attendees],
        )
    if data.head_count is not None:
        await c.execute("UPDATE skill_session SET head_count = $2 WHERE id = $1", session_id, data.head_count)
    if session["trainer_id"] is not None:
        await refresh_ratings([session["trainer_id"]])
    await activity.record(
        "skills.session.attendance", f"session:{session_id}", {"attendees": len(data.attendees)}, actor
    )
    return await get_session(session_id, actor)
