"""Notices: what a worker is to be told (a status change, an answer, a payment). The bot
delivers them; the key of each makes it happen once."""

from __future__ import annotations

from server.infra.pagination import Page, keyset_sql
from server.infra.tenancy import conn
from server.modules.voice.service.common import insert_notices, json_value, now
from server.modules.voice.service.shapes import NoticeOut
from server.platform.roles import Actor

NOTICE_COLUMNS = "id, member_id, kind, params, created_at, delivered_at"


async def notify_payment(member_id: int, amount_fen: int, title: str, key: str) -> None:
    """A payment reached a worker, told once per key through voice's notices (relief payments
    are told by welfare's own part of the bot, `server/modules/welfare/bot.py`)."""
    await insert_notices([(f"pay:{key}"[:120], member_id, "payment", {"amount_fen": amount_fen, "title": title})])


def _notice(r) -> NoticeOut:
    return NoticeOut(
        id=r["id"],
        member_id=r["member_id"],
        kind=r["kind"],
        params=json_value(r["params"]),
        created_at=r["created_at"],
        delivered_at=r["delivered_at"],
    )


async def claim_notices(member_ids: list[int], *, limit: int = 200) -> list[NoticeOut]:
    """Undelivered notices of these members, locked and marked delivered in the caller's transaction."""
    if not member_ids:
        return []
    rows = await conn().fetch(
        f"""SELECT {NOTICE_COLUMNS} FROM voice_notice
             WHERE delivered_at IS NULL AND member_id = ANY($1::int[])
             ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED""",
        member_ids,
        limit,
    )
    if rows:
        await conn().execute(
            "UPDATE voice_notice SET delivered_at = $2 WHERE id = ANY($1::int[])", [r["id"] for r in rows], now()
        )
    return [_notice(r) for r in rows]


async def pending_notice_members() -> list[int]:
    rows = await conn().fetch(
        "SELECT DISTINCT member_id FROM voice_notice WHERE delivered_at IS NULL ORDER BY member_id"
    )
    return [r["member_id"] for r in rows]


async def mark_notices_delivered(member_id: int) -> int:
    """Old notices of a worker who just linked their account are not replayed."""
    rows = await conn().fetch(
        "UPDATE voice_notice SET delivered_at = $2 WHERE member_id = $1 AND delivered_at IS NULL RETURNING id",
        member_id,
        now(),
    )
    return len(rows)


async def my_notices(actor: Actor, *, limit: int = 50, cursor: str | None = None) -> Page[NoticeOut]:
    """A worker's notices, newest first."""
    if actor.member_id is None:
        return Page(items=[])
    rows, next_cursor = await keyset_sql(
        f"SELECT {NOTICE_COLUMNS} FROM voice_notice WHERE member_id = $1",
        actor.member_id,
        limit=limit,
        cursor=cursor,
        descending=True,
    )
    return Page(items=[_notice(r) for r in rows], next_cursor=next_cursor)
