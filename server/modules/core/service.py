"""The activity log (操作日志): every module records what people did, inside the tenant scope."""

from __future__ import annotations

import datetime as dt
from typing import Any

import asyncpg
import msgspec

from server.infra.pagination import Page, keyset_sql
from server.infra.tenancy import conn
from server.platform.roles import SYSTEM, Actor


class EventOut(msgspec.Struct):
    id: int
    at: dt.datetime
    actor: str
    action: str
    subject: str
    detail: dict[str, Any]


def _json(value: Any) -> str:
    return msgspec.json.encode(value).decode()


def _event(row: asyncpg.Record) -> EventOut:
    detail = row["detail"]
    return EventOut(
        id=row["id"],
        at=row["at"],
        actor=row["actor"],
        action=row["action"],
        subject=row["subject"],
        detail=msgspec.json.decode(detail) if isinstance(detail, str | bytes) else (detail or {}),
    )


async def record(action: str, subject: str = "", detail: dict[str, Any] | None = None, actor: Actor = SYSTEM) -> None:
    # clock_timestamp(), not now(): an entry is stamped when it happened, not when its transaction began.
    await conn().execute(
        """INSERT INTO event (at, actor_account_id, actor, action, subject, detail)
           VALUES (clock_timestamp(), $1, $2, $3, $4, $5::jsonb)""",
        actor.account_id,
        actor.name,
        action,
        subject,
        _json(detail or {}),
    )


async def record_many(entries: list[tuple[str, str, dict[str, Any]]], actor: Actor = SYSTEM) -> None:
    """Bulk form of `record` for imports and plans: one statement, in the order given."""
    if not entries:
        return
    await conn().execute(
        """INSERT INTO event (at, actor_account_id, actor, action, subject, detail)
           SELECT clock_timestamp(), $1, $2, e.action, e.subject, e.detail::jsonb
           FROM unnest($3::text[], $4::text[], $5::text[]) WITH ORDINALITY AS e(action, subject, detail, n)
           ORDER BY e.n""",
        actor.account_id,
        actor.name,
        [a for a, _, _ in entries],
        [s for _, s, _ in entries],
        [_json(d) for _, _, d in entries],
    )


async def list_events(*, limit: int = 50, cursor: str | None = None, action: str | None = None) -> Page[EventOut]:
    sql = "SELECT id, at, actor, action, subject, detail FROM event"
    args: list[Any] = []
    if action:
        sql += " WHERE action = $1"
        args.append(action)
    rows, next_cursor = await keyset_sql(sql, *args, limit=limit, cursor=cursor, descending=True)
    return Page(items=[_event(r) for r in rows], next_cursor=next_cursor)
