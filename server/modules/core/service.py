"""The activity log (操作日志): every module records what people did, inside the tenant scope.

Each kind of entry (`orgs.member.level_raised`) has its words in both languages in the module's
`messages.py`, as `Msg("activity.<kind>", zh, en)`: `kinds()` gathers them, the log answers each
entry's `label` in the reader's language, and a test holds every kind recorded to the catalogue
and every route that changes data to an entry. What is done to tenants, modules and tokens is the
platform's log (`server.platform.service.record`)."""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

import asyncpg
import msgspec

from server.errors import invalid
from server.infra import like
from server.infra.pagination import Page, keyset_sql
from server.infra.tenancy import conn
from server.messages import DATE_ORDER, DEFAULT_LANGUAGE, Msg
from server.platform.roles import SYSTEM, Actor

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
KIND_PREFIX = "activity."


class EventOut(msgspec.Struct):
    id: int
    at: dt.datetime
    actor: str
    action: str  # the kind's code: orgs.member.level_raised
    subject: str  # what it is about: member:12, org:3, campaign:5
    detail: dict[str, Any]
    label: str = ""  # the kind in words, in the reader's language: 职业资格提升


class KindOut(msgspec.Struct):
    kind: str
    zh: str
    en: str


@cache
def kinds() -> dict[str, Msg]:
    """Every kind of activity entry, by code, with its words (each module's `messages.py`)."""
    from server.modules import registry  # the catalogue loads every module: not at import time

    return {code[len(KIND_PREFIX) :]: m for code, m in registry.catalogue().items() if code.startswith(KIND_PREFIX)}


def list_kinds() -> list[KindOut]:
    return [KindOut(k, m.zh, m.en) for k, m in sorted(kinds().items())]


def _json(value: Any) -> str:
    return msgspec.json.encode(value).decode()


def _event(row: asyncpg.Record, lang: str = DEFAULT_LANGUAGE) -> EventOut:
    detail = row["detail"]
    kind = kinds().get(row["action"])
    return EventOut(
        id=row["id"],
        at=row["at"],
        actor=row["actor"],
        action=row["action"],
        subject=row["subject"],
        detail=msgspec.json.decode(detail) if isinstance(detail, str | bytes) else (detail or {}),
        label=kind.render(lang) if kind else row["action"],
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


async def list_events(
    *,
    limit: int = 50,
    cursor: str | None = None,
    action: str | None = None,
    actor: str | None = None,
    subject: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    lang: str = DEFAULT_LANGUAGE,
) -> Page[EventOut]:
    """The log, newest first. `action` is a kind (`orgs.member.level_raised`) or a family of them
    (`orgs.member`, `orgs`); `actor` words of who did it; `subject` what it is about, exactly
    (`member:12`); `since` and `until` days (Asia/Shanghai), both included."""
    where, args = ["TRUE"], []

    def arg(value: Any) -> str:
        args.append(value)
        return f"${len(args)}"

    if action and action.strip():
        a = action.strip()
        where.append(f"(action = {arg(a)} OR action LIKE {arg(like.family(a))})")
    if actor and actor.strip():
        where.append(f"actor ILIKE {arg(like.containing(actor.strip()))}")
    if subject and subject.strip():
        where.append(f"subject = {arg(subject.strip())}")
    if since is not None and until is not None and until < since:
        raise invalid("until", DATE_ORDER, other=since.isoformat())
    if since is not None:
        where.append(f"at >= {arg(dt.datetime.combine(since, dt.time(), SHANGHAI))}")
    if until is not None:
        where.append(f"at < {arg(dt.datetime.combine(until + dt.timedelta(days=1), dt.time(), SHANGHAI))}")
    sql = f"SELECT id, at, actor, action, subject, detail FROM event WHERE {' AND '.join(where)}"
    rows, next_cursor = await keyset_sql(sql, *args, limit=limit, cursor=cursor, descending=True)
    return Page(items=[_event(r, lang) for r in rows], next_cursor=next_cursor)
