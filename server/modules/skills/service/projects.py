"""Topic-based training projects (点题式) and course orders (点菜式).

A grassroots union declares a project; the city federation reviews it (approve, return with
reasons, reject). A returned project may be revised and declared again; only an approved
project is carried out (started, its sessions booked), adjusted with dated notes, completed.
An enterprise union orders catalogue courses for its workers: courses, head counts, dates."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

import msgspec
from msgspec import Meta

from server.errors import FieldError, InvalidInput, NotFound, RuleViolation
from server.infra.pagination import Page, keyset_sql
from server.infra.tenancy import conn
from server.infra.types import Fen, Id, PositiveCount, Text
from server.modules.core import service as activity
from server.modules.orgs import access
from server.modules.skills import messages as msg
from server.modules.skills.service.shared import (
    CATEGORIES,
    Short,
    check_org_writable,
    dates_forward,
    fen,
    one_of,
    orgs_exist,
    require_federation,
    text,
    today,
    whole,
)
from server.platform.roles import SYSTEM, Actor

STATES = (
    "declared",
    "approved",
    "returned",
    "rejected",
    "running",
    "completed",
)  # 待评审 已通过 已退回 未通过 实施中 已完成
CAN_RUN = ("approved", "running")


class ProjectIn(msgspec.Struct, forbid_unknown_fields=True):
    org_id: Id
    topic: Text
    category: Short
    expected_heads: PositiveCount
    budget_fen: Fen
    starts_on: dt.date
    ends_on: dt.date
    target_trade: Text = ""


class ReviewIn(msgspec.Struct, forbid_unknown_fields=True):
    decision: Literal["approve", "return", "reject"]
    note: Text = ""


class AdjustIn(msgspec.Struct, forbid_unknown_fields=True):
    note: Text
    on: dt.date | None = None


class ProjectEventOut(msgspec.Struct):
    kind: str
    happened_on: dt.date
    note: str
    actor_name: str


class ProjectOut(msgspec.Struct):
    id: int
    org_id: int
    topic: str
    category: str
    target_trade: str
    expected_heads: int
    budget_fen: int
    starts_on: dt.date
    ends_on: dt.date
    state: str
    review_note: str
    sessions: int = 0
    person_times: int = 0
    spent_fen: int = 0
    mean_rating: float | None = None
    events: list[ProjectEventOut] = []


PROJECT_COLUMNS = (
    "id, org_id, topic, category, target_trade, expected_heads, budget_fen, starts_on, ends_on, state, review_note"
)


async def _check_project(data: ProjectIn, errors: list[FieldError]) -> tuple[str, str]:
    topic = text(data.topic, "topic", errors, 200)
    trade = (data.target_trade or "").strip()
    if len(trade) > 50:
        errors.append(FieldError("target_trade", msg.TEXT_LENGTH, limit=50))
    one_of(data.category, "category", errors, CATEGORIES)
    whole(data.expected_heads, "expected_heads", errors, 1)
    fen(data.budget_fen, "budget_fen", errors)
    dates_forward(data.starts_on, data.ends_on, "ends_on", errors, "starts_on")
    await orgs_exist([data.org_id], "org_id", errors)
    return topic, trade


async def _event(project_id: int, kind: str, note: str, actor: Actor, on: dt.date | None = None) -> None:
    await conn().execute(
        "INSERT INTO skill_project_event (project_id, kind, happened_on, note, actor_name, recorded_at) "
        "VALUES ($1, $2, $3, $4, $5, now())",
        project_id,
        kind,
        on or today(),
        note,
        actor.name,
    )
    await activity.record(f"skills.project.{kind}", f"project:{project_id}", {"note": note[:200]}, actor)


async def declare_project(data: ProjectIn, actor: Actor = SYSTEM) -> ProjectOut:
    """A grassroots union declares a training project (项目申报); it waits for review."""
    errors: list[FieldError] = []
    topic, trade = await _check_project(data, errors)
    if errors:
        raise InvalidInput(errors)
    await check_org_writable(actor, data.org_id)
    project_id = await conn().fetchval(
        "INSERT INTO skill_project (org_id, topic, category, target_trade, expected_heads, budget_fen, starts_on, "
        "ends_on, state, review_note, declared_by, declared_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'declared', '', $9, now()) RETURNING id",
        data.org_id,
        topic,
        data.category,
        trade,
        data.expected_heads,
        data.budget_fen,
        data.starts_on,
        data.ends_on,
        actor.name,
    )
    await _event(project_id, "declared", topic, actor)
    return await get_project(project_id)


async def _locked(project_id: int) -> dict:
    row = await conn().fetchrow(f"SELECT {PROJECT_COLUMNS} FROM skill_project WHERE id = $1 FOR UPDATE", project_id)
    if row is None:
        raise NotFound(msg.PROJECT_NOT_FOUND, key=project_id)
    return dict(row)


async def review_project(project_id: int, data: ReviewIn, actor: Actor = SYSTEM) -> ProjectOut:
    """The city federation reviews a declared project (市总项目评审): approve, return with reasons, reject."""
    require_federation(actor, "项目评审")
    note = (data.note or "").strip()
    if data.decision != "approve" and not note:
        raise InvalidInput(FieldError("note", msg.RETURN_REASON))
    p = await _locked(project_id)
    if p["state"] != "declared":
        raise RuleViolation(msg.NOT_DECLARED, code="project_not_declared", project=project_id)
    state = {"approve": "approved", "return": "returned", "reject": "rejected"}[data.decision]
    await conn().execute(
        "UPDATE skill_project SET state = $2, review_note = $3, reviewed_by = $4, reviewed_at = now() WHERE id = $1",
        project_id,
        state,
        note,
        actor.name,
    )
    await _event(project_id, state, note, actor)
    return await get_project(project_id)


async def redeclare_project(project_id: int, data: ProjectIn, actor: Actor = SYSTEM) -> ProjectOut:
    """A returned project, revised, is declared again."""
    p = await _locked(project_id)
    await check_org_writable(actor, p["org_id"])
    if p["state"] != "returned":
        raise RuleViolation(msg.NOT_RETURNED, code="project_not_returned", project=project_id)
    errors: list[FieldError] = []
    topic, trade = await _check_project(data, errors)
    if errors:
        raise InvalidInput(errors)
    await check_org_writable(actor, data.org_id)
    await conn().execute(
        "UPDATE skill_project SET org_id = $2, topic = $3, category = $4, target_trade = $5, expected_heads = $6, "
        "budget_fen = $7, starts_on = $8, ends_on = $9, state = 'declared' WHERE id = $1",
        project_id,
        data.org_id,
        topic,
        data.category,
        trade,
        data.expected_heads,
        data.budget_fen,
        data.starts_on,
        data.ends_on,
    )
    await _event(project_id, "declared", topic, actor)
    return await get_project(project_id)


async def _move(
    project_id: int,
    allowed: tuple[str, ...],
    to: str | None,
    note: str,
    actor: Actor,
    on: dt.date | None = None,
) -> ProjectOut:
    p = await _locked(project_id)
    await check_org_writable(actor, p["org_id"])
    if p["state"] not in allowed:
        if p["state"] in ("declared", "returned", "rejected"):
            raise RuleViolation(msg.NOT_APPROVED, code="project_not_approved", project=project_id)
        if to == "running":
            raise RuleViolation(msg.ALREADY_STARTED, code="project_started", project=project_id)
        raise RuleViolation(msg.NOT_RUNNING, code="project_not_running", project=project_id)
    if to is not None:
        await conn().execute("UPDATE skill_project SET state = $2 WHERE id = $1", project_id, to)
    await _event(
        project_id, {"running": "started", "completed": "completed"}.get(to or "", "adjusted"), note, actor, on
    )
    return await get_project(project_id)


async def start_project(project_id: int, actor: Actor = SYSTEM) -> ProjectOut:
    """Carry out an approved project (落实实施). A declared, returned or rejected one cannot be."""
    return await _move(project_id, ("approved",), "running", "", actor)


async def adjust_project(project_id: int, data: AdjustIn, actor: Actor = SYSTEM) -> ProjectOut:
    """Supervision: an adjustment to a project being carried out (随机调整), with its date."""
    errors: list[FieldError] = []
    note = text(data.note, "note", errors, 2000)
    if data.on is not None and data.on > today():
        errors.append(FieldError("on", msg.NOT_IN_FUTURE))
    if errors:
        raise InvalidInput(errors)
    return await _move(project_id, CAN_RUN, None, note, actor, data.on)


async def complete_project(project_id: int, actor: Actor = SYSTEM) -> ProjectOut:
    return await _move(project_id, ("running",), "completed", "", actor)


async def get_project(project_id: int, actor: Actor = SYSTEM) -> ProjectOut:
    """A project with its supervision figures: sessions, person-times, spend, mean feedback, events."""
    c = conn()
    row = await c.fetchrow(f"SELECT {PROJECT_COLUMNS} FROM skill_project WHERE id = $1", project_id)
    if row is None:
        raise NotFound(msg.PROJECT_NOT_FOUND, key=project_id)
    await access.check_org_visible(actor, row["org_id"])
    figures = await c.fetchrow(
        "SELECT count(*)::int AS sessions, coalesce(sum(coalesce(s.head_count, a.n)), 0)::int AS person_times, "
        "coalesce(sum(s.cost_fen), 0)::bigint AS spent_fen, "
        "(SELECT avg(a2.rating)::float FROM skill_attendance a2 JOIN skill_session s2 ON s2.id = a2.session_id "
        " WHERE s2.project_id = $1 AND s2.state <> 'cancelled') AS mean_rating "
        "FROM skill_session s LEFT JOIN LATERAL (SELECT count(*)::int AS n FROM skill_attendance WHERE session_id = s.id) a "
        "ON true WHERE s.project_id = $1 AND s.state <> 'cancelled'",
        project_id,
    )
    events = await c.fetch(
        "SELECT kind, happened_on, note, actor_name FROM skill_project_event WHERE project_id = $1 ORDER BY id",
        project_id,
    )
    return ProjectOut(
        **dict(row),
        sessions=figures["sessions"],
        person_times=figures["person_times"],
        spent_fen=int(figures["spent_fen"]),
        mean_rating=figures["mean_rating"],
        events=[ProjectEventOut(**dict(e)) for e in events],
    )


async def list_projects(
    *, state: str | None = None, actor: Actor = SYSTEM, limit: int = 50, cursor: str | None = None
) -> Page[ProjectOut]:
    """The review queue (`state=declared`) and every other list of projects, within the actor's subtree."""
    if state is not None:
        errors: list[FieldError] = []
        one_of(state, "state", errors, STATES)
        if errors:
            raise InvalidInput(errors)
    visible = await access.visible_org_ids(actor)
    rows, nxt = await keyset_sql(
        f"SELECT {PROJECT_COLUMNS} FROM skill_project WHERE ($1::text IS NULL OR state = $1) "
        "AND ($2::int[] IS NULL OR org_id = ANY($2))",
        state,
        visible,
        limit=limit,
        cursor=cursor,
    )
    return Page([ProjectOut(**dict(r)) for r in rows], nxt)


# --- course orders (点菜式) -------------------------------------------------------------------


class OrderLineIn(msgspec.Struct, forbid_unknown_fields=True):
    course_id: Id
    heads: PositiveCount
    wanted_on: dt.date


class OrderIn(msgspec.Struct, forbid_unknown_fields=True):
    org_id: Id
    lines: Annotated[list[OrderLineIn], Meta(max_length=1000)]
    note: Text = ""


class OrderLineOut(msgspec.Struct):
    course_id: int
    title: str
    heads: int
    wanted_on: dt.date
    price_fen: int


class OrderOut(msgspec.Struct):
    id: int
    org_id: int
    note: str
    lines: list[OrderLineOut]
    total_fen: int


async def order_courses(data: OrderIn, actor: Actor = SYSTEM) -> OrderOut:
    """An enterprise union orders courses for its workers; every line is checked, all or nothing."""
    errors: list[FieldError] = []
    if not data.lines:
        errors.append(FieldError("lines", msg.NO_LINES))
    if len((data.note or "").strip()) > 2000:
        errors.append(FieldError("note", msg.TEXT_LENGTH, limit=2000))
    known = {
        r["id"]
        for r in await conn().fetch(
            "SELECT id FROM skill_course WHERE id = ANY($1::int[])", [ln.course_id for ln in data.lines]
        )
    }
    for n, line in enumerate(data.lines, start=1):
        if line.course_id not in known:
            errors.append(FieldError("course_id", msg.NO_SUCH_COURSE, row=n, course=line.course_id))
        whole(line.heads, "heads", errors, 1, row=n)
    await orgs_exist([data.org_id], "org_id", errors)
    if errors:
        raise InvalidInput(errors)
    await check_org_writable(actor, data.org_id)
    c = conn()
    order_id = await c.fetchval(
        "INSERT INTO skill_order (org_id, note, created_by, created_at) VALUES ($1, $2, $3, now()) RETURNING id",
        data.org_id,
        (data.note or "").strip(),
        actor.name,
    )
    await c.execute(
        "INSERT INTO skill_order_line (order_id, course_id, heads, wanted_on) "
        "SELECT $1, * FROM unnest($2::int[], $3::int[], $4::date[])",
        order_id,
        [ln.course_id for ln in data.lines],
        [ln.heads for ln in data.lines],
        [ln.wanted_on for ln in data.lines],
    )
    await activity.record("skills.order.created", f"order:{order_id}", {"lines": len(data.lines)}, actor)
    return await get_order(order_id, actor)


async def _orders(rows: list) -> list[OrderOut]:
    """Orders with their lines: two queries for a page, not one per order."""
    lines = await conn().fetch(
        "SELECT l.order_id, l.course_id, c.title, l.heads, l.wanted_on, c.price_fen FROM skill_order_line l "
        "JOIN skill_course c ON c.id = l.course_id WHERE l.order_id = ANY($1::int[]) ORDER BY l.id",
        [r["id"] for r in rows],
    )
    by: dict[int, list[OrderLineOut]] = {}
    for ln in lines:
        by.setdefault(ln["order_id"], []).append(
            OrderLineOut(ln["course_id"], ln["title"], ln["heads"], ln["wanted_on"], ln["price_fen"])
        )
    return [
        OrderOut(
            **dict(r),
            lines=by.get(r["id"], []),
            total_fen=sum(ln.heads * ln.price_fen for ln in by.get(r["id"], [])),
        )
        for r in rows
    ]


async def get_order(order_id: int, actor: Actor = SYSTEM) -> OrderOut:
    row = await conn().fetchrow("SELECT id, org_id, note FROM skill_order WHERE id = $1", order_id)
    if row is None:
        raise NotFound(msg.ORDER_NOT_FOUND, key=order_id)
    await access.check_org_visible(actor, row["org_id"])
    return (await _orders([row]))[0]


async def list_orders(*, actor: Actor = SYSTEM, limit: int = 50, cursor: str | None = None) -> Page[OrderOut]:
    visible = await access.visible_org_ids(actor)
    rows, nxt = await keyset_sql(
        "SELECT id, org_id, note FROM skill_order WHERE ($1::int[] IS NULL OR org_id = ANY($1))",
        visible,
        limit=limit,
        cursor=cursor,
    )
    return Page(await _orders(rows), nxt)
