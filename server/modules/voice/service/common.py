"""What the three forms share: references, money at the edge, who sees which complaint, the
status history, and the notices a worker is told."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

import msgspec

from server.errors import invalid
from server.infra.tenancy import conn, current_tenant
from server.modules.orgs import access
from server.modules.orgs import service as orgs
from server.modules.voice.messages import TWO_DECIMALS
from server.modules.voice.service.shapes import DEFAULT_DAYS, MAX_DAYS, MIN_DAYS, ComplaintOut
from server.platform import service as platform
from server.platform.roles import Actor, Role


def make_ref(prefix: str, year: int, key: int) -> str:
    return f"{prefix}{year}-{key:05d}"


def is_admin(actor: Actor) -> bool:
    return actor.role in (Role.platform_admin, Role.tenant_admin)


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def yuan_to_fen(value: Decimal) -> int:
    fen = value * 100
    if fen != fen.to_integral_value():
        raise invalid("recovered_yuan", TWO_DECIMALS)
    return int(fen)


def fen_to_yuan(fen: int) -> Decimal:
    return (Decimal(fen) / 100).quantize(Decimal("0.01"))


def json_value(value: Any) -> Any:
    """A jsonb column as Python: asyncpg hands jsonb over as text."""
    return msgspec.json.decode(value) if isinstance(value, str | bytes) else value


class Filters:
    """The WHERE conditions of one query and their arguments, numbered as they are added:
    each `?` in a condition is the next `$n`."""

    def __init__(self, *args: Any) -> None:
        self.conditions: list[str] = []
        self.args: list[Any] = list(args)

    def add(self, condition: str, *values: Any) -> None:
        for value in values:
            self.args.append(value)
            condition = condition.replace("?", f"${len(self.args)}", 1)
        self.conditions.append(condition)

    def where(self) -> str:
        return f" WHERE {' AND '.join(self.conditions)}" if self.conditions else ""


async def resolution_working_days(tenant: str | None = None) -> int:
    """The tenant's `config.voice.resolution_working_days` (7-10; 7 when unset)."""
    slug = tenant or current_tenant()
    if slug is None:
        return DEFAULT_DAYS
    config = (await platform.get_tenant(slug)).config or {}
    days = (config.get("voice") or {}).get("resolution_working_days", DEFAULT_DAYS)
    try:
        days = int(days)
    except (TypeError, ValueError):
        return DEFAULT_DAYS
    return min(max(days, MIN_DAYS), MAX_DAYS)


# --- who sees which complaint -----------------------------------------------------------------


async def visible_orgs(actor: Actor, filters: Filters, column: str) -> None:
    """Limit a query to the orgs the actor sees (`orgs.access`); nothing for the whole tenant."""
    org_ids = await access.visible_org_ids(actor)
    if org_ids is not None:
        filters.add(f"{column} = ANY(?::int[])", org_ids)


async def visible_complaints(actor: Actor, filters: Filters) -> None:
    """A worker sees their own complaints (alias `c`); staff those of the orgs they see."""
    if actor.role is Role.worker:
        filters.add("c.member_id = ?", actor.member_id if actor.member_id is not None else -1)
        return
    await visible_orgs(actor, filters, "c.org_id")


COMPLAINT_SELECT = """SELECT c.id, c.ref, c.category, c.text, c.anonymous, c.channel, c.status, c.org_id,
       c.member_id, c."order" AS order_id, c.answer, c.outcome, c.resolved_level, c.created_at,
       c.resolved_at, c.rating, c.rating_comment
  FROM complaint c"""


async def complaints_out(rows: Iterable[Mapping[str, Any]], actor: Actor) -> list[ComplaintOut]:
    """Complaints as the actor may see them: an anonymous one shows its worker only to the
    worker and the federation's administrators."""
    rows = list(rows)
    reveal_all = is_admin(actor)
    ids = sorted({r["member_id"] for r in rows if r["member_id"] is not None})
    members = await orgs.get_members(ids) if ids else {}
    out = []
    for r in rows:
        shown = r["member_id"] is not None and (
            reveal_all or not r["anonymous"] or (actor.member_id is not None and actor.member_id == r["member_id"])
        )
        member = members.get(r["member_id"]) if shown else None
        out.append(
            ComplaintOut(
                id=r["id"],
                ref=r["ref"],
                category=r["category"],
                text=r["text"],
                anonymous=r["anonymous"],
                channel=r["channel"],
                status=r["status"],
                org_id=r["org_id"],
                member_id=r["member_id"] if shown else None,
                member_name=member.name if member else None,
                order_id=r["order_id"],
                answer=r["answer"],
                outcome=r["outcome"],
                resolved_level=r["resolved_level"],
                created_at=r["created_at"],
                resolved_at=r["resolved_at"],
                rating=r["rating"],
                rating_comment=r["rating_comment"],
            )
        )
    return out


async def complaint_counts(order_ids: list[int]) -> dict[int, int]:
    """How many complaints each order links."""
    if not order_ids:
        return {}
    rows = await conn().fetch(
        'SELECT "order", count(*) AS n FROM complaint WHERE "order" = ANY($1::int[]) GROUP BY "order"', order_ids
    )
    return {r["order"]: r["n"] for r in rows}


# --- status history and notices ---------------------------------------------------------------


async def add_steps(complaint_ids: list[int], status: str, note: str = "") -> None:
    if complaint_ids:
        await conn().execute(
            "INSERT INTO complaint_step (complaint, status, note) SELECT unnest($1::int[]), $2, $3",
            complaint_ids,
            status,
            note,
        )


async def notify_status(complaint_ids: list[int], kind: str, extra: dict[str, Any] | None = None) -> None:
    """One notice per complaint and status for each complaint with a known worker."""
    if not complaint_ids:
        return
    rows = await conn().fetch(
        "SELECT id, ref, member_id, status FROM complaint WHERE id = ANY($1::int[]) AND member_id IS NOT NULL",
        complaint_ids,
    )
    await insert_notices(
        (
            f"c{r['id']}:{r['status']}",
            r["member_id"],
            kind,
            {"complaint_id": r["id"], "ref": r["ref"], "status": r["status"], **(extra or {})},
        )
        for r in rows
    )


async def insert_notices(notices: Iterable[tuple[str, int, str, dict[str, Any]]]) -> None:
    """Notices as (key, member id, kind, params). A notice happens once: its key is unique,
    and a repeat changes nothing. A member no longer on record (a complaint from before the member
    references may name one deleted since) is told nothing: no notice can reach them."""
    keys, members, kinds, params = [], [], [], []
    for key, member_id, kind, values in notices:
        keys.append(key)
        members.append(member_id)
        kinds.append(kind)
        params.append(msgspec.json.encode(values).decode())
    if keys:
        await conn().execute(
            """INSERT INTO voice_notice (key, member_id, kind, params)
               SELECT k, m, kd, p::jsonb FROM unnest($1::text[], $2::int[], $3::text[], $4::text[]) AS n(k, m, kd, p)
                WHERE EXISTS (SELECT 1 FROM member WHERE id = n.m)
               ON CONFLICT (key) DO NOTHING""",
            keys,
            members,
            kinds,
            params,
        )
