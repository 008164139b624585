"""Development zones (开发区) and social union workers (社会化工会工作者)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec

from server.errors import FieldError, InvalidInput, NotFound, invalid
from server.infra.pagination import Page, keyset_sql
from server.infra.tenancy import conn
from server.infra.types import Id, Text
from server.messages import TOO_LONG
from server.modules.core import service as activity
from server.modules.orgs.messages import (
    BAD_PHONE,
    ENDED_BEFORE_STARTED,
    NO_ORG,
    SOCIAL_WORKER_NOT_FOUND,
    TEXT_LENGTH,
    ZONE_EXISTS,
)
from server.modules.orgs.service.common import ACTIVE, check_phone, closed_error, open_sql
from server.modules.orgs.service.tree import subtree_ids
from server.platform.roles import SYSTEM, Actor


class ZoneIn(msgspec.Struct, forbid_unknown_fields=True):
    name: Text
    level: Text = ""  # national 国家级 / regional 自治区级
    founded_on: dt.date | None = None


class ZoneOut(msgspec.Struct):
    id: int
    name: str
    level: str
    founded_on: dt.date | None
    enterprises: int
    workers: int


async def create_zone(data: ZoneIn, actor: Actor = SYSTEM) -> ZoneOut:
    name = data.name.strip()
    if not 1 <= len(name) <= 100:
        raise invalid("name", TEXT_LENGTH, limit=100)
    if len(data.level.strip()) > 20:
        raise invalid("level", TOO_LONG, limit=20)
    c = conn()
    if await c.fetchval("SELECT 1 FROM zone WHERE name = $1", name):
        raise InvalidInput(FieldError("name", ZONE_EXISTS))
    zone_id = await c.fetchval(
        "INSERT INTO zone (name, level, founded_on) VALUES ($1, $2, $3) RETURNING id",
        name,
        data.level.strip(),
        data.founded_on,
    )
    await activity.record("orgs.zone.created", f"zone:{zone_id}", {"name": name}, actor)
    return (await list_zones(zone_id, limit=1)).items[0]


async def list_zones(zone_id: int | None = None, *, limit: int = 50, cursor: str | None = None) -> Page[ZoneOut]:
    rows, next_cursor = await keyset_sql(
        f"""SELECT z.id, z.name, z.level, z.founded_on,
                   (SELECT count(*) FROM org o WHERE o.zone_id = z.id AND {open_sql("o", "CURRENT_DATE")}
                      AND o.type = 'enterprise_union')::int AS enterprises,
                   (SELECT count(*) FROM member m JOIN org o ON o.id = m.org_id
                     WHERE o.zone_id = z.id AND {ACTIVE})::int AS workers
            FROM zone z WHERE $1::int IS NULL OR z.id = $1""",
        zone_id,
        limit=limit,
        cursor=cursor,
    )
    return Page(items=[ZoneOut(**dict(r)) for r in rows], next_cursor=next_cursor)


class SocialWorkerIn(msgspec.Struct, forbid_unknown_fields=True):
    """A social union worker (社会化工会工作者) assigned to an org from `started_on`."""

    name: Text
    org_id: Id
    started_on: dt.date
    phone: Text | None = None
    ended_on: dt.date | None = None


class EndIn(msgspec.Struct, forbid_unknown_fields=True):
    ended_on: dt.date


class SocialWorkerOut(msgspec.Struct):
    id: int
    name: str
    phone: str | None
    org_id: int
    started_on: dt.date
    ended_on: dt.date | None


def _check_worker(
    errors: list[FieldError], name: str, phone: str | None, started: dt.date, ended: dt.date | None
) -> str | None:
    if not 1 <= len(name.strip()) <= 100:
        errors.append(FieldError("name", TEXT_LENGTH, limit=100))
    if ended is not None and ended < started:
        errors.append(FieldError("ended_on", ENDED_BEFORE_STARTED))
    try:
        return check_phone(phone)
    except ValueError:
        errors.append(FieldError("phone", BAD_PHONE))
        return None


async def assign_social_worker(data: SocialWorkerIn, actor: Actor = SYSTEM) -> SocialWorkerOut:
    errors: list[FieldError] = []
    phone = _check_worker(errors, data.name, data.phone, data.started_on, data.ended_on)
    org = await conn().fetchrow("SELECT id, closed_on FROM org WHERE id = $1", data.org_id)
    if org is None:
        errors.append(FieldError("org_id", NO_ORG, org=data.org_id))
    elif org["closed_on"] is not None:
        errors.append(closed_error("org_id", org["closed_on"]))
    if errors:
        raise InvalidInput(errors)
    row = await conn().fetchrow(
        """INSERT INTO social_worker (name, phone, org_id, started_on, ended_on, created_at)
           VALUES ($1, $2, $3, $4, $5, now()) RETURNING id, name, phone, org_id, started_on, ended_on""",
        data.name.strip(),
        phone,
        data.org_id,
        data.started_on,
        data.ended_on,
    )
    await activity.record("orgs.social_worker.assigned", f"social_worker:{row['id']}", {"org_id": data.org_id}, actor)
    return SocialWorkerOut(**dict(row))


async def end_social_worker(worker_id: int, ended_on: dt.date, actor: Actor = SYSTEM) -> SocialWorkerOut:
    c = conn()
    row = await c.fetchrow("SELECT started_on FROM social_worker WHERE id = $1", worker_id)
    if row is None:
        raise NotFound(SOCIAL_WORKER_NOT_FOUND, key=worker_id)
    if ended_on < row["started_on"]:
        raise InvalidInput(FieldError("ended_on", ENDED_BEFORE_STARTED))
    out = await c.fetchrow(
        "UPDATE social_worker SET ended_on = $2 WHERE id = $1 RETURNING id, name, phone, org_id, started_on, ended_on",
        worker_id,
        ended_on,
    )
    await activity.record("orgs.social_worker.ended", f"social_worker:{worker_id}", {"on": ended_on.isoformat()}, actor)
    return SocialWorkerOut(**dict(out))


async def list_social_workers(
    *,
    org_id: int | None = None,
    as_of: dt.date | None = None,
    within: int | None = None,
    limit: int = 50,
    cursor: str | None = None,
) -> Page[SocialWorkerOut]:
    where: list[str] = ["TRUE"]
    args: list[Any] = []
    if org_id is not None:
        args.append(org_id)
        where.append(f"org_id = ${len(args)}")
    if within is not None:
        args.append(await subtree_ids(within))
        where.append(f"org_id = ANY(${len(args)}::int[])")
    if as_of is not None:
        args.append(as_of)
        where.append(f"started_on <= ${len(args)} AND (ended_on IS NULL OR ended_on > ${len(args)})")
    rows, next_cursor = await keyset_sql(
        f"SELECT id, name, phone, org_id, started_on, ended_on FROM social_worker WHERE {' AND '.join(where)}",
        *args,
        limit=limit,
        cursor=cursor,
    )
    return Page(items=[SocialWorkerOut(**dict(r)) for r in rows], next_cursor=next_cursor)
