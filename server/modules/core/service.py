"""The activity log: every module records what people did, inside the tenant scope."""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec

from server.infra.pagination import Page, keyset
from server.modules.core.tables import Event
from server.platform.roles import SYSTEM, Actor


class EventOut(msgspec.Struct):
    id: int
    at: dt.datetime
    actor: str
    action: str
    subject: str
    detail: dict[str, Any]


async def record(action: str, subject: str = "", detail: dict[str, Any] | None = None, actor: Actor = SYSTEM) -> None:
    await Event.insert(
        Event(actor_account_id=actor.account_id, actor=actor.name, action=action, subject=subject, detail=detail or {})
    )


async def record_many(entries: list[tuple[str, str, dict[str, Any]]], actor: Actor = SYSTEM) -> None:
    """Bulk form of `record` for imports and plans: one statement."""
    if entries:
        await Event.insert(
            *[
                Event(actor_account_id=actor.account_id, actor=actor.name, action=a, subject=s, detail=d)
                for a, s, d in entries
            ]
        )


async def list_events(*, limit: int = 50, cursor: str | None = None, action: str | None = None) -> Page[EventOut]:
    query = Event.select(Event.id, Event.at, Event.actor, Event.action, Event.subject, Event.detail)
    if action:
        query = query.where(Event.action == action)
    query = query.output(load_json=True)
    rows, next_cursor = await keyset(query, Event.id, limit=limit, cursor=cursor, descending=True)
    return Page(items=[EventOut(**r) for r in rows], next_cursor=next_cursor)
