"""Orgs and members: the rules. Every function runs inside a `tenant_scope`.

Other modules refer to orgs and members only through the functions and
Structs of this file: `create_org`, `get_org`,
`subtree_ids`, `is_in_subtree`, `create_member`, `create_members`, `get_member`,
`get_members`, `member_ids_in`, `raise_member_level(s)`, `OrgIn`/`OrgOut`,
`MemberIn`/`MemberOut`.

The tree is effective-dated: `org_link` rows say which parent an org has on
which days. Every read of the tree without a date is the tree as of today,
resolved from those links (`placed_sql`), so a move or plan dated in the future
shows from its effective date on and not before, with nothing to refresh.
`org.parent_id` is the parent of the org's open (last) link, possibly one that
starts later: writes use it to know where an org ends up, reads never do.
A member's union is likewise dated in `placement`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from enum import Enum
from typing import Any

import asyncpg
import msgspec

from server.errors import Conflict, FieldError, Forbidden, InvalidInput, NotFound, RuleViolation, invalid
from server.infra.db import DB
from server.infra.pagination import Page, check_limit, decode_cursor, encode_cursor
from server.modules.core import service as activity
from server.modules.orgs import creditcode, idcard
from server.modules.orgs.protect import keys
from server.platform.roles import SYSTEM, Actor, Role

# A link or placement with no known start began "always".
EPOCH = dt.date(1900, 1, 1)


class OrgType(str, Enum):
    city_federation = "city_federation"  # 市总工会
    county_federation = "county_federation"  # 县(区)总工会
    zone_federation = "zone_federation"  # 开发区总工会
    industry_union = "industry_union"  # 产业工会
    joint_union = "joint_union"  # 街道/社区联合工会
    enterprise_union = "enterprise_union"  # 企业工会 / 基层工会


ORG_TYPE_ZH = {
    "city_federation": "市总工会",
    "county_federation": "县(区)总工会",
    "zone_federation": "开发区总工会",
    "industry_union": "产业工会",
    "joint_union": "联合工会",
    "enterprise_union": "企业工会",
}
LEVELS = {1: "高级技师", 2: "技师", 3: "高级工", 4: "中级工", 5: "初级工"}
# Mobile: 11 digits from 13-19; landline: an area code (0 then 2-3 digits, never 00) and 7-8 digits.
PHONE_RE = re.compile(r"1[3-9][0-9]{9}|0[1-9][0-9]{1,2}-?[1-9][0-9]{6,7}")


# --- Structs ---------------------------------------------------------------------


class OrgIn(msgspec.Struct, forbid_unknown_fields=True):
    name: str
    type: str
    parent_id: int | None = None
    enterprise_name: str | None = None
    credit_code: str | None = None
    public_sector: bool | None = None
    above_scale: bool | None = None
    founded_on: dt.date | None = None
    zone_id: int | None = None


class OrgPatch(msgspec.Struct, forbid_unknown_fields=True):
    """Fields to change; parents change only by `move_org` (dated history)."""

    name: str | None = None
    type: str | None = None
    enterprise_name: str | None = None
    credit_code: str | None = None
    public_sector: bool | None = None
    above_scale: bool | None = None
    founded_on: dt.date | None = None
    zone_id: int | None = None


class OrgOut(msgspec.Struct):
    id: int
    name: str
    type: str
    parent_id: int | None
    enterprise_name: str | None
    credit_code: str | None
    public_sector: bool | None
    above_scale: bool | None
    founded_on: dt.date | None
    closed_on: dt.date | None
    member_count: int
    zone_id: int | None = None
    child_count: int = 0


class MemberIn(msgspec.Struct, forbid_unknown_fields=True):
    name: str
    id_number: str
    org_id: int
    phone: str | None = None
    trade: str | None = None
    level: int | None = None
    migrant: bool = False
    joined_on: dt.date | None = None
    # Optional: when given they must agree with the ID number.
    gender: str | None = None
    birth_date: dt.date | None = None


class MemberPatch(msgspec.Struct, forbid_unknown_fields=True):
    """Fields to change. `org_id` here is a transfer dated today; `left_on` ends membership.
    Set a field to null with `clear: ["phone", ...]`."""

    name: str | None = None
    id_number: str | None = None
    phone: str | None = None
    trade: str | None = None
    level: int | None = None
    migrant: bool | None = None
    joined_on: dt.date | None = None
    left_on: dt.date | None = None
    org_id: int | None = None
    clear: list[str] = []


class MemberOut(msgspec.Struct):
    id: int
    name: str
    id_number: str
    gender: str
    birth_date: dt.date
    phone: str | None
    org_id: int
    trade: str | None
    level: int | None
    migrant: bool
    joined_on: dt.date | None
    left_on: dt.date | None


class PlacementOut(msgspec.Struct):
    org_id: int
    org_name: str
    valid_from: dt.date
    valid_to: dt.date | None
    reason: str


class TreeNode(msgspec.Struct):
    id: int
    name: str
    type: str
    parent_id: int | None
    depth: int
    member_count: int


# --- plumbing --------------------------------------------------------------------


def conn() -> asyncpg.Connection:
    """The tenant transaction's connection (`search_path` is the tenant's schema)."""
    tx = DB.current_transaction.get()
    if tx is None:
        raise RuntimeError("orgs services run inside tenant_scope()")
    return tx.connection


def today() -> dt.date:
    return dt.datetime.now(dt.timezone(dt.timedelta(hours=8))).date()  # Asia/Shanghai


ACTIVE = "(m.left_on IS NULL OR m.left_on > CURRENT_DATE)"


def _valid(link: str, day: str) -> str:
    """SQL: link `link` holds on `day` (a SQL expression or placeholder)."""
    return f"{link}.valid_from <= {day} AND ({link}.valid_to IS NULL OR {link}.valid_to > {day})"


def placed_sql(org: str, day: str) -> str:
    """SQL subquery (id, parent_id, valid_from): the link that places org `org` in the tree on `day`.
    That is the link valid that day; for an org closed by then, its last one (where it was when it
    closed); for an org founded later (e.g. by a plan not yet effective), its first one."""
    return (
        f"(SELECT pl.id, pl.parent_id, pl.valid_from FROM org_link pl WHERE pl.org_id = {org} "
        f"ORDER BY pl.valid_from > {day}, CASE WHEN pl.valid_from <= {day} THEN pl.valid_from END DESC NULLS LAST, "
        f"pl.valid_from, pl.id DESC LIMIT 1)"
    )


def _places(link: str, org: str, day: str) -> str:
    """SQL: link `link` of org `org` places it on `day`, for an org founded by then (`placed_sql`'s
    first two cases, as a join condition the link indexes serve): valid that day, or the last link
    of an org closed by then (closing ends the open link on the closing day)."""
    return f"({_valid(link, day)} OR ({org}.closed_on <= {day} AND {link}.valid_to = {org}.closed_on))"


def already_member(member_id: int, actor: Actor) -> str:
    """The person is a member already: which one, unless the reader is an org officer, for whom
    the record may lie outside their subtree."""
    if actor.role is Role.org_officer:
        return "该身份证号已是本会会员 / this person is a member already"
    return f"该身份证号已是会员 #{member_id} / already member #{member_id}"


def open_sql(org: str, day: str) -> str:
    """SQL: org `org` is open on `day`: not closed, or its closing is dated later (it has not happened yet)."""
    return f"({org}.closed_on IS NULL OR {org}.closed_on > {day})"


def closed_message(closed_on: dt.date) -> str:
    """Why nothing more can be put under an org that is closed, or scheduled to close on `closed_on`."""
    if closed_on <= today():
        return "组织已撤销 / the org is closed"
    return f"组织将于 {closed_on.isoformat()} 撤销 / the org closes on {closed_on.isoformat()}"


def _org_query(day: str) -> str:
    """`SELECT … FROM org o …` giving `OrgOut` columns, each org placed as of `day` (a SQL placeholder):
    its parent that day and its children that day (open orgs only)."""
    return f"""SELECT o.id, o.name, o.type,
        CASE WHEN cur.id IS NOT NULL THEN cur.parent_id
             ELSE (SELECT pos.parent_id FROM {placed_sql("o.id", day)} pos) END AS parent_id,
        o.enterprise_name, o.credit_code, o.public_sector, o.above_scale, o.founded_on, o.closed_on,
        (SELECT count(*) FROM member m WHERE m.org_id = o.id AND {ACTIVE})::int AS member_count,
        o.zone_id,
        (SELECT count(*) FROM org_link cl WHERE cl.parent_id = o.id AND {_valid("cl", day)}
           AND EXISTS (SELECT 1 FROM org c WHERE c.id = cl.org_id AND {open_sql("c", day)}))::int AS child_count
        FROM org o LEFT JOIN org_link cur ON cur.org_id = o.id AND {_valid("cur", day)}"""


def _org_out(r: Any) -> OrgOut:
    return OrgOut(**dict(r))


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return value or None


def check_phone(phone: str | None) -> str | None:
    """Mainland mobile (11 digits from 13-19) or landline with area code; spaces ignored."""
    if phone is None:
        return None
    if PHONE_RE.fullmatch(phone):  # the common case, already clean
        return phone
    value = re.sub(r"[\s()]", "", phone)
    if value.startswith("+86"):
        value = value[3:]
    if not value:
        return None
    if not PHONE_RE.fullmatch(value):
        raise ValueError("手机号应为11位(1开头)或带区号的固定电话 / not a mainland mobile or landline number")
    return value


# --- orgs ---------------------------------------------------------------------------


async def _existing_org(org_id: int, field: str = "org_id") -> dict[str, Any]:
    row = await conn().fetchrow("SELECT id, name, type, parent_id, closed_on FROM org WHERE id = $1", org_id)
    if row is None:
        raise NotFound("org", org_id)
    return dict(row)


def _check_org_fields(
    errors: list[FieldError],
    *,
    name: str | None,
    type: str | None,
    credit_code: str | None,
    enterprise_name: str | None = None,
) -> str | None:
    if name is not None and not (1 <= len(name.strip()) <= 200):
        errors.append(FieldError("name", "名称不能为空且不超过200字 / must be 1-200 characters"))
    if enterprise_name is not None and len(enterprise_name.strip()) > 200:
        errors.append(FieldError("enterprise_name", "企业名称不超过200字 / must be at most 200 characters"))
    if type is not None and type not in OrgType._value2member_map_:
        errors.append(FieldError("type", f"未知类型 / unknown type; one of: {', '.join(t.value for t in OrgType)}"))
    if credit_code:
        try:
            return creditcode.validate(credit_code)
        except creditcode.CreditCodeError as exc:
            errors.append(FieldError("credit_code", str(exc)))
    return None


async def _check_credit_code_free(errors: list[FieldError], code: str | None, org_id: int | None = None) -> None:
    if code is None:
        return
    other = await conn().fetchval("SELECT id FROM org WHERE credit_code = $1 AND id IS DISTINCT FROM $2", code, org_id)
    if other is not None:
        errors.append(FieldError("credit_code", f"已被组织 #{other} 使用 / already used by org #{other}"))


async def _check_zone(errors: list[FieldError], zone_id: int | None) -> None:
    if zone_id is not None and not await conn().fetchval("SELECT 1 FROM zone WHERE id = $1", zone_id):
        errors.append(FieldError("zone_id", f"开发区 #{zone_id} 不存在 / zone {zone_id} not found"))


async def create_org(data: OrgIn, actor: Actor = SYSTEM) -> OrgOut:
    errors: list[FieldError] = []
    code = _check_org_fields(
        errors, name=data.name, type=data.type, credit_code=data.credit_code, enterprise_name=data.enterprise_name
    )
    await _check_credit_code_free(errors, code)
    await _check_zone(errors, data.zone_id)
    if data.parent_id is not None:
        parent = await conn().fetchrow("SELECT id, closed_on FROM org WHERE id = $1", data.parent_id)
        if parent is None:
            errors.append(FieldError("parent_id", f"上级组织 #{data.parent_id} 不存在 / parent org not found"))
        elif parent["closed_on"] is not None:
            errors.append(FieldError("parent_id", f"上级{closed_message(parent['closed_on'])}"))
        elif actor.role is Role.org_officer and not (
            actor.org_id and await is_in_subtree(data.parent_id, actor.org_id)
        ):
            raise Forbidden("the parent org is outside your subtree", code="outside_subtree")
    elif actor.role is Role.org_officer:
        raise Forbidden("an org officer creates orgs only inside their subtree", code="outside_subtree")
    if errors:
        raise InvalidInput(errors)
    c = conn()
    try:
        org_id = await c.fetchval(
            """INSERT INTO org (name, type, parent_id, enterprise_name, credit_code, public_sector, above_scale,
                                zone_id, founded_on, created_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now()) RETURNING id""",
            data.name.strip(),
            data.type,
            data.parent_id,
            _clean(data.enterprise_name),
            code,
            data.public_sector,
            data.above_scale,
            data.zone_id,
            data.founded_on,
        )
    except asyncpg.UniqueViolationError:
        raise Conflict(
            "该统一社会信用代码刚被使用 / this credit code was just used by another request", code="credit_code_taken"
        ) from None
    await c.execute(
        "INSERT INTO org_link (org_id, parent_id, valid_from) VALUES ($1, $2, $3)",
        org_id,
        data.parent_id,
        data.founded_on or EPOCH,
    )
    await activity.record("orgs.org.created", f"org:{org_id}", {"name": data.name, "type": data.type}, actor)
    return await get_org(org_id)


async def get_org(org_id: int) -> OrgOut:
    row = await conn().fetchrow(f"{_org_query('$2')} WHERE o.id = $1", org_id, today())
    if row is None:
        raise NotFound("org", org_id)
    return _org_out(row)


async def get_orgs(org_ids: Iterable[int]) -> dict[int, OrgOut]:
    """Several orgs in one query; missing ids are absent."""
    rows = await conn().fetch(f"{_org_query('$2')} WHERE o.id = ANY($1::int[])", list(org_ids), today())
    return {r["id"]: _org_out(r) for r in rows}


async def subtree_ids(org_id: int, as_of: dt.date | None = None) -> list[int]:
    """The org and every org below it: today (closed orgs under the parent they had when they
    closed, orgs not founded yet under the one they will have), or the orgs existing on `as_of`."""
    c = conn()
    if not await c.fetchval("SELECT 1 FROM org WHERE id = $1", org_id):
        raise NotFound("org", org_id)
    if as_of is None:
        rows = await c.fetch(
            f"""WITH RECURSIVE t(id) AS (
                  SELECT $1::int
                  UNION SELECT l.org_id FROM org_link l JOIN t ON l.parent_id = t.id JOIN org o ON o.id = l.org_id
                    WHERE {_places("l", "o", "$2")}
                       OR (l.valid_from > $2 AND NOT EXISTS (  -- not founded yet: its first link
                            SELECT 1 FROM org_link e WHERE e.org_id = l.org_id
                               AND (e.valid_from < l.valid_from OR (e.valid_from = l.valid_from AND e.id > l.id)))))
                SELECT id FROM t""",
            org_id,
            today(),
        )
    else:
        rows = await c.fetch(  # the org itself only if it existed that day
            """WITH RECURSIVE t(id) AS (
                 SELECT $1::int WHERE EXISTS (SELECT 1 FROM org_link r WHERE r.org_id = $1
                                                AND r.valid_from <= $2 AND (r.valid_to IS NULL OR r.valid_to > $2))
                 UNION SELECT l.org_id FROM org_link l JOIN t ON l.parent_id = t.id
                   WHERE l.valid_from <= $2 AND (l.valid_to IS NULL OR l.valid_to > $2))
               SELECT id FROM t""",
            org_id,
            as_of,
        )
    return [r["id"] for r in rows]


async def _above(org_id: int, day: dt.date) -> list[int]:
    """The org's ancestors on `day` (placed as `placed_sql` says), nearest first."""
    rows = await conn().fetch(
        f"""WITH RECURSIVE up(id, depth) AS (
              SELECT $1::int, 0
              UNION SELECT pos.parent_id, up.depth + 1 FROM up CROSS JOIN LATERAL {placed_sql("up.id", "$2")} pos
                    WHERE pos.parent_id IS NOT NULL AND up.depth < 100)
            SELECT id FROM up WHERE depth > 0 ORDER BY depth""",
        org_id,
        day,
    )
    return [r["id"] for r in rows]


async def is_in_subtree(org_id: int, root_id: int) -> bool:
    """Is `org_id` `root_id` itself or below it today?"""
    return org_id == root_id or root_id in await _above(org_id, today())


async def ancestors(org_id: int) -> list[OrgOut]:
    """The path from the root down to the org's parent today (for breadcrumbs)."""
    path = await _above(org_id, today())
    found = await get_orgs(path)
    return [found[i] for i in reversed(path) if i in found]


async def list_orgs(
    *,
    type: str | None = None,
    parent_id: int | None = None,
    roots: bool = False,
    public_sector: bool | None = None,
    above_scale: bool | None = None,
    zone_id: int | None = None,
    q: str | None = None,
    include_closed: bool = False,
    within: int | None = None,
    limit: int = 50,
    cursor: str | None = None,
) -> Page[OrgOut]:
    """Orgs filtered by type, parent, enterprise kind, zone and name (or enterprise name)
    search; `within` keeps only one subtree (an org officer's)."""
    check_limit(limit)
    where, args = ["TRUE"], [today()]  # $1: the day the orgs are placed on

    def arg(value: Any) -> str:
        args.append(value)
        return f"${len(args)}"

    if type is not None:
        if type not in OrgType._value2member_map_:
            raise invalid("type", f"unknown type; one of: {', '.join(t.value for t in OrgType)}")
        where.append(f"o.type = {arg(type)}")
    if parent_id is not None:  # children today (closed ones under the parent they had)
        where.append(
            f"o.id IN (SELECT l.org_id FROM org_link l JOIN org c ON c.id = l.org_id "
            f"WHERE l.parent_id = {arg(parent_id)} AND {_places('l', 'c', '$1')})"
        )
    if roots:
        where.append(
            f"o.id IN (SELECT l.org_id FROM org_link l JOIN org c ON c.id = l.org_id "
            f"WHERE l.parent_id IS NULL AND {_places('l', 'c', '$1')})"
            if within is None
            else f"o.id = {arg(within)}"
        )
    if public_sector is not None:
        where.append(f"o.public_sector = {arg(public_sector)}")
    if above_scale is not None:
        where.append(f"o.above_scale = {arg(above_scale)}")
    if zone_id is not None:
        where.append(f"o.zone_id = {arg(zone_id)}")
    if q:
        pattern = "%" + q.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        p = arg(pattern)
        where.append(f"(o.name ILIKE {p} OR o.enterprise_name ILIKE {p} OR o.credit_code = upper({arg(q.strip())}))")
    if not include_closed:
        where.append(open_sql("o", "$1"))
    if within is not None:
        where.append(f"o.id = ANY({arg(await subtree_ids(within))}::int[])")
    after = decode_cursor(cursor)
    if after is not None:
        where.append(f"o.id > {arg(after)}")
    rows = await conn().fetch(
        f"{_org_query('$1')} WHERE {' AND '.join(where)} ORDER BY o.id LIMIT {arg(limit + 1)}", *args
    )
    items = [_org_out(r) for r in rows[:limit]]
    return Page(items=items, next_cursor=encode_cursor(items[-1].id) if len(rows) > limit else None)


async def update_org(org_id: int, patch: OrgPatch, actor: Actor = SYSTEM) -> OrgOut:
    await _existing_org(org_id)
    errors: list[FieldError] = []
    code = _check_org_fields(
        errors, name=patch.name, type=patch.type, credit_code=patch.credit_code, enterprise_name=patch.enterprise_name
    )
    await _check_credit_code_free(errors, code, org_id)
    await _check_zone(errors, patch.zone_id)
    first = None
    if patch.founded_on is not None:  # the org enters the dated tree on its founding day
        first = await conn().fetchrow(
            "SELECT id, valid_to FROM org_link WHERE org_id = $1 ORDER BY valid_from, id LIMIT 1", org_id
        )
        if first is not None and first["valid_to"] is not None and patch.founded_on >= first["valid_to"]:
            errors.append(
                FieldError(
                    "founded_on",
                    f"成立日期应早于 {first['valid_to']}（首次调整或撤销）/ must be before "
                    f"{first['valid_to']}, when its first parent link ended",
                )
            )
    if errors:
        raise InvalidInput(errors)
    if first is not None:
        await conn().execute("UPDATE org_link SET valid_from = $2 WHERE id = $1", first["id"], patch.founded_on)
    changes = {k: v for k, v in msgspec.structs.asdict(patch).items() if v is not None}
    if "credit_code" in changes:
        changes["credit_code"] = code
    if "name" in changes:
        changes["name"] = changes["name"].strip()
    if changes:
        sets = ", ".join(f"{k} = ${i + 2}" for i, k in enumerate(changes))
        await conn().execute(f"UPDATE org SET {sets} WHERE id = $1", org_id, *changes.values())
        await activity.record("orgs.org.updated", f"org:{org_id}", {k: str(v) for k, v in changes.items()}, actor)
    return await get_org(org_id)


async def _exists_on(org_id: int, day: dt.date) -> bool:
    """Is the org in the tree on `day` (founded by then, not closed)?"""
    return bool(
        await conn().fetchval(
            f"SELECT EXISTS (SELECT 1 FROM org_link l WHERE l.org_id = $1 AND {_valid('l', '$2')})", org_id, day
        )
    )


async def _would_cycle(org_id: int, parent_id: int, on: dt.date) -> bool:
    """Would `org_id` under `parent_id` from `on` be its own ancestor, that day or on any later day
    the tree is scheduled to change (moves and plans dated in the future)?"""
    if org_id == parent_id:
        return True
    return bool(
        await conn().fetchval(
            f"""WITH RECURSIVE days(d) AS (SELECT $3::date UNION SELECT valid_from FROM org_link WHERE valid_from > $3),
              up(id, d) AS (
                SELECT $2::int, d FROM days
                UNION SELECT l.parent_id, up.d FROM up JOIN org_link l ON l.org_id = up.id AND {_valid("l", "up.d")}
                      WHERE l.parent_id IS NOT NULL AND l.org_id <> $1)
            SELECT EXISTS (SELECT 1 FROM up WHERE id = $1)""",
            org_id,
            parent_id,
            on,
        )
    )


async def move_org(org_id: int, parent_id: int | None, *, on: dt.date | None = None, actor: Actor = SYSTEM) -> OrgOut:
    """Give an org a new parent from date `on` (default today); the old link stays in history."""
    on = on or today()
    org = await _existing_org(org_id)
    if org["closed_on"] is not None:
        raise RuleViolation(f"{closed_message(org['closed_on'])}; 不能调整 / it cannot be moved", code="org_closed")
    if parent_id is not None:
        parent = await conn().fetchrow("SELECT id, closed_on FROM org WHERE id = $1", parent_id)
        if parent is None:
            raise InvalidInput(FieldError("parent_id", f"上级组织 #{parent_id} 不存在 / parent org not found"))
        if parent["closed_on"] is not None:
            raise RuleViolation(
                f"上级{closed_message(parent['closed_on'])} / cannot move under it", code="parent_closed"
            )
        if not await _exists_on(parent_id, on):
            raise InvalidInput(
                FieldError("parent_id", f"上级组织在 {on} 尚未成立 / the parent org does not exist yet on {on}")
            )
        if await _would_cycle(org_id, parent_id, on):
            raise RuleViolation(
                "不能把组织调整到自身或其下级之下 / moving an org under itself or its own "
                "descendant would make a cycle",
                code="cycle",
            )
    if org["parent_id"] == parent_id:
        raise RuleViolation("该组织已在此上级之下 / the org already has this parent", code="same_parent")
    c = conn()
    link = await c.fetchrow("SELECT id, valid_from FROM org_link WHERE org_id = $1 AND valid_to IS NULL", org_id)
    if link is not None and on < link["valid_from"]:
        raise RuleViolation(
            f"the move must be dated on or after {link['valid_from']}, when the current parent began",
            code="move_before_link",
        )
    if link is not None:
        await c.execute("UPDATE org_link SET valid_to = $2 WHERE id = $1", link["id"], on)
    await c.execute("INSERT INTO org_link (org_id, parent_id, valid_from) VALUES ($1, $2, $3)", org_id, parent_id, on)
    await c.execute("UPDATE org SET parent_id = $2 WHERE id = $1", org_id, parent_id)
    await activity.record(
        "orgs.org.moved", f"org:{org_id}", {"from": org["parent_id"], "to": parent_id, "on": on.isoformat()}, actor
    )
    return await get_org(org_id)


async def close_org(org_id: int, *, on: dt.date | None = None, actor: Actor = SYSTEM) -> OrgOut:
    """Close (撤销) an org from date `on` (default today; a later date schedules it: the org stays open
    until then). Nothing may be under it on or after that day: no child org and no member, transfers
    and moves already scheduled counted on the days they take effect."""
    on = on or today()
    org = await _existing_org(org_id)
    if org["closed_on"] is not None:
        raise RuleViolation(
            f"{closed_message(org['closed_on'])}; 不能再次撤销 / it cannot be closed again", code="org_closed"
        )
    c = conn()
    children = await c.fetchval(  # orgs under it on the day or later (closed there before `on` they are gone)
        """SELECT count(DISTINCT l.org_id) FROM org_link l JOIN org ch ON ch.id = l.org_id
           WHERE l.parent_id = $1 AND (l.valid_to IS NULL OR l.valid_to > $2)
             AND (ch.closed_on IS NULL OR ch.closed_on > $2)""",
        org_id,
        on,
    )
    members = await c.fetchval(  # members placed in it on the day or later
        "SELECT count(DISTINCT p.member_id) FROM placement p WHERE p.org_id = $1 AND (p.valid_to IS NULL OR p.valid_to > $2)",
        org_id,
        on,
    )
    if children or members:
        raise RuleViolation(
            f"{on.isoformat()} 及以后组织下还有 {children} 个下级组织和 {members} 名会员 / on "
            f"{on.isoformat()} or later the org still has {children} child org(s) and {members} "
            "member(s); move them first",
            code="org_not_empty",
        )
    link_from = await c.fetchval("SELECT valid_from FROM org_link WHERE org_id = $1 AND valid_to IS NULL", org_id)
    if link_from is not None and on < link_from:
        raise RuleViolation(f"the closing date must be on or after {link_from}", code="close_before_link")
    await c.execute("UPDATE org_link SET valid_to = $2 WHERE org_id = $1 AND valid_to IS NULL", org_id, on)
    await c.execute("UPDATE org SET closed_on = $2 WHERE id = $1", org_id, on)
    await activity.record("orgs.org.closed", f"org:{org_id}", {"on": on.isoformat()}, actor)
    return await get_org(org_id)


async def reopen_org(org_id: int, actor: Actor = SYSTEM) -> OrgOut:
    """Call off a closing dated later: the org goes on under the parent it has."""
    org = await _existing_org(org_id)
    if org["closed_on"] is None:
        raise RuleViolation("该组织没有撤销安排 / the org is not scheduled to close", code="not_closing")
    if org["closed_on"] <= today():
        raise RuleViolation(
            f"组织已于 {org['closed_on']} 撤销，不能恢复 / the org closed on {org['closed_on']}; "
            "found a new one instead",
            code="org_closed",
        )
    c = conn()
    await c.execute("UPDATE org_link SET valid_to = NULL WHERE org_id = $1 AND valid_to = $2", org_id, org["closed_on"])
    await c.execute("UPDATE org SET closed_on = NULL WHERE id = $1", org_id)
    await activity.record("orgs.org.reopened", f"org:{org_id}", {"was_closing_on": org["closed_on"].isoformat()}, actor)
    return await get_org(org_id)


async def tree(
    root_id: int | None = None, *, as_of: dt.date | None = None, within: int | None = None
) -> list[TreeNode]:
    """The tree as of a date (default today: open orgs with their members now) depth-first from
    `root_id` (or from every root). Member counts of a past date are of members placed then.
    `within` (an org officer's org) keeps only the orgs in its subtree today: an org that sat
    under it once and has moved away since is no longer the officer's to see."""
    if within is not None:
        allowed = set(await subtree_ids(within))
        return [n for n in await tree(root_id, as_of=as_of) if n.id in allowed]
    day = as_of or today()
    c = conn()
    if root_id is not None and not await c.fetchval("SELECT 1 FROM org WHERE id = $1", root_id):
        raise NotFound("org", root_id)
    if as_of is None:
        links = f"""SELECT l.org_id, l.parent_id FROM org_link l JOIN org o ON o.id = l.org_id
                    WHERE {_valid("l", "$2")} AND {open_sql("o", "$2")}"""
        members = f"SELECT m.org_id, count(*) AS n FROM member m WHERE {ACTIVE} GROUP BY m.org_id"
    else:
        links = "SELECT org_id, parent_id FROM org_link WHERE valid_from <= $2 AND (valid_to IS NULL OR valid_to > $2)"
        members = (
            "SELECT org_id, count(*) AS n FROM placement "
            "WHERE valid_from <= $2 AND (valid_to IS NULL OR valid_to > $2) GROUP BY org_id"
        )
    start = "l.org_id = $1" if root_id is not None else "l.parent_id IS NULL AND $1::int IS NULL"
    rows = await c.fetch(
        f"""WITH RECURSIVE l AS ({links}),
              t(id, parent_id, depth, path) AS (
                SELECT l.org_id, l.parent_id, 0, ARRAY[l.org_id] FROM l WHERE {start}
                UNION ALL
                SELECT l.org_id, l.parent_id, t.depth + 1, t.path || l.org_id FROM l JOIN t ON l.parent_id = t.id
                 WHERE NOT l.org_id = ANY(t.path)),
              n AS ({members})
            SELECT t.id, o.name, o.type, t.parent_id, t.depth, coalesce(n.n, 0)::int AS member_count
            FROM t JOIN org o ON o.id = t.id LEFT JOIN n ON n.org_id = t.id ORDER BY t.path""",
        root_id,
        day,
    )
    return [TreeNode(**dict(r)) for r in rows]


# --- members -----------------------------------------------------------------------

MEMBER_COLUMNS = (
    "m.id, m.name, m.id_masked, m.id_cipher, m.gender, m.birth_date, m.phone, m.org_id, m.trade, "
    "m.level, m.migrant, m.joined_on, m.left_on"
)


def _member_out(r: Any, reveal: bool = False) -> MemberOut:
    return MemberOut(
        id=r["id"],
        name=r["name"],
        id_number=keys().decrypt(r["id_cipher"]) if reveal else r["id_masked"],
        gender=r["gender"],
        birth_date=r["birth_date"],
        phone=r["phone"],
        org_id=r["org_id"],
        trade=r["trade"],
        level=r["level"],
        migrant=r["migrant"],
        joined_on=r["joined_on"],
        left_on=r["left_on"],
    )


class CheckedMember(msgspec.Struct):
    """A member's input after validation: what the database stores."""

    name: str
    id_number: str
    birth_date: dt.date
    gender: str
    org_id: int
    phone: str | None
    trade: str | None
    level: int | None
    migrant: bool
    joined_on: dt.date | None
    left_on: dt.date | None = None


def check_member_fields(
    data: MemberIn,
    errors: list[FieldError],
    row: int | None = None,
    left_on: dt.date | None = None,
    day: dt.date | None = None,
) -> CheckedMember | None:
    """Validate one member's fields (not the database facts: org exists, ID is free)."""
    before = len(errors)
    day = day or today()
    name = (data.name or "").strip()
    if not 1 <= len(name) <= 100:
        errors.append(FieldError("name", "姓名不能为空且不超过100字 / must be 1-100 characters", row))
    birth = gender = None
    try:
        birth, gender = idcard.validate(data.id_number, today=day)
    except idcard.IdNumberError as exc:
        errors.append(FieldError("id_number", str(exc), row))
    if gender and data.gender and data.gender.strip().upper()[:1] not in (gender, {"M": "男", "F": "女"}[gender]):
        errors.append(FieldError("gender", "性别与身份证号不符 / does not match the ID number", row))
    if birth and data.birth_date and data.birth_date != birth:
        errors.append(FieldError("birth_date", "出生日期与身份证号不符 / does not match the ID number", row))
    phone = None
    try:
        phone = check_phone(data.phone)
    except ValueError as exc:
        errors.append(FieldError("phone", str(exc), row))
    if data.level is not None and data.level not in LEVELS:
        errors.append(
            FieldError("level", "职业资格等级应为1(高级技师)至5(初级工) / must be 1 (高级技师) to 5 (初级工)", row)
        )
    if data.joined_on is not None:
        if data.joined_on > day:
            errors.append(FieldError("joined_on", "入会日期不能晚于今天 / cannot be in the future", row))
        elif birth and data.joined_on < birth:
            errors.append(FieldError("joined_on", "入会日期早于出生日期 / is before the birth date", row))
    if left_on is not None and data.joined_on is not None and left_on < data.joined_on:
        errors.append(FieldError("left_on", "离会日期早于入会日期 / is before the join date", row))
    elif left_on is not None and birth and left_on < birth:
        errors.append(FieldError("left_on", "离会日期早于出生日期 / is before the birth date", row))
    trade = _clean(data.trade)
    if trade and len(trade) > 50:
        errors.append(FieldError("trade", "工种不超过50字 / must be at most 50 characters", row))
    if len(errors) > before:
        return None
    return CheckedMember(
        name=name,
        id_number=idcard.normalize(data.id_number),
        birth_date=birth,
        gender=gender,
        org_id=data.org_id,
        phone=phone,
        trade=trade,
        level=data.level,
        migrant=bool(data.migrant),
        joined_on=data.joined_on,
        left_on=left_on,
    )


async def create_member(data: MemberIn, actor: Actor = SYSTEM) -> MemberOut:
    errors: list[FieldError] = []
    checked = check_member_fields(data, errors)
    c = conn()
    org = await c.fetchrow("SELECT id, closed_on FROM org WHERE id = $1", data.org_id)
    if org is None:
        errors.append(FieldError("org_id", f"组织 #{data.org_id} 不存在 / org not found"))
    elif org["closed_on"] is not None:
        errors.append(FieldError("org_id", closed_message(org["closed_on"])))
    elif actor.role is Role.org_officer and not (actor.org_id and await is_in_subtree(data.org_id, actor.org_id)):
        raise Forbidden("the org is outside your subtree", code="outside_subtree")
    digest = None
    if checked is not None:
        digest = keys().digest(checked.id_number)
        existing = await c.fetchval("SELECT id FROM member WHERE id_hash = $1", digest)
        if existing is not None:
            errors.append(FieldError("id_number", already_member(existing, actor)))
    if errors:
        raise InvalidInput(errors)
    try:
        member_id = await c.fetchval(
            """INSERT INTO member (name, id_hash, id_cipher, id_masked, gender, birth_date, phone, org_id, trade,
                                   level, migrant, joined_on, created_at, updated_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, now(), now()) RETURNING id""",
            checked.name,
            digest,
            keys().encrypt(checked.id_number),
            idcard.mask(checked.id_number),
            checked.gender,
            checked.birth_date,
            checked.phone,
            checked.org_id,
            checked.trade,
            checked.level,
            checked.migrant,
            checked.joined_on,
        )
    except asyncpg.UniqueViolationError:  # the same person added by a concurrent request
        raise Conflict(
            "该身份证号刚被登记 / this ID number was just registered by another request", code="member_exists"
        ) from None
    await c.execute(
        "INSERT INTO placement (member_id, org_id, valid_from, reason) VALUES ($1, $2, $3, 'joined')",
        member_id,
        checked.org_id,
        checked.joined_on or EPOCH,
    )
    await activity.record("orgs.member.created", f"member:{member_id}", {"org_id": checked.org_id}, actor)
    return await get_member(member_id)


async def create_members(items: list[MemberIn], actor: Actor = SYSTEM) -> list[MemberOut]:
    """Create many members at once, all or nothing, with `create_member`'s rules. Every row is
    checked first; any bad row raises one InvalidInput listing each bad row's field errors
    (`row` is the row's 1-based position in `items`), and nothing is written. Then one statement
    writes the members and their placements. The members come back in the order given."""
    if not items:
        return []
    c = conn()
    day = today()
    orgs = {
        r["id"]: r
        for r in await c.fetch(
            "SELECT id, closed_on FROM org WHERE id = ANY($1::int[])", sorted({d.org_id for d in items})
        )
    }
    allowed = None
    if actor.role is Role.org_officer:
        allowed = set(await subtree_ids(actor.org_id)) if actor.org_id else set()
    errors: list[FieldError] = []
    good: list[tuple[int, CheckedMember]] = []
    outside: list[int] = []
    first_row: dict[str, int] = {}
    for n, data in enumerate(items, start=1):
        row_errors: list[FieldError] = []
        checked = check_member_fields(data, row_errors, n, day=day)
        org = orgs.get(data.org_id)
        if org is None:
            row_errors.append(FieldError("org_id", f"组织 #{data.org_id} 不存在 / org not found", n))
        elif org["closed_on"] is not None:
            row_errors.append(FieldError("org_id", closed_message(org["closed_on"]), n))
        elif allowed is not None and data.org_id not in allowed:
            outside.append(n)
        if checked is not None:
            first = first_row.setdefault(checked.id_number, n)
            if first != n:
                row_errors.append(
                    FieldError("id_number", f"与第{first}行身份证号重复 / same ID number as row {first}", n)
                )
        errors.extend(row_errors)
        if not row_errors:
            good.append((n, checked))
    if outside:
        raise Forbidden(
            f"rows {', '.join(map(str, outside[:10]))} name orgs outside your subtree", code="outside_subtree"
        )
    k = keys()
    digests = [k.digest(m.id_number) for _, m in good]
    row_of = {d: n for d, (n, _) in zip(digests, good)}
    for r in await c.fetch("SELECT id, id_hash FROM member WHERE id_hash = ANY($1::bytea[])", digests):
        n = row_of[bytes(r["id_hash"])]
        errors.append(FieldError("id_number", already_member(r["id"], actor), n))
    if errors:
        errors.sort(key=lambda e: e.row or 0)
        bad = len({e.row for e in errors})
        raise InvalidInput(errors, detail=f"{bad} 行有错误，未写入任何会员 / {bad} bad row(s); nothing was written")
    ms = [m for _, m in good]
    try:  # one statement: the members from column arrays, their placements from the inserted rows
        added = await c.fetch(
            """WITH added AS (
                 INSERT INTO member (name, id_hash, id_cipher, id_masked, gender, birth_date, phone, org_id, trade,
                                     level, migrant, joined_on, created_at, updated_at)
                 SELECT u.*, now(), now() FROM unnest($1::text[], $2::bytea[], $3::bytea[], $4::text[], $5::text[],
                        $6::date[], $7::text[], $8::int[], $9::text[], $10::smallint[], $11::bool[], $12::date[]) AS u
                 RETURNING id, id_hash, org_id, joined_on),
               placed AS (
                 INSERT INTO placement (member_id, org_id, valid_from, reason)
                 SELECT id, org_id, coalesce(joined_on, $13), 'joined' FROM added)
               SELECT id, id_hash FROM added""",
            [m.name for m in ms],
            digests,
            k.encrypt_many([m.id_number for m in ms]),
            [idcard.mask(m.id_number) for m in ms],
            [m.gender for m in ms],
            [m.birth_date for m in ms],
            [m.phone for m in ms],
            [m.org_id for m in ms],
            [m.trade for m in ms],
            [m.level for m in ms],
            [m.migrant for m in ms],
            [m.joined_on for m in ms],
            EPOCH,
        )
    except asyncpg.UniqueViolationError:  # the same person added by a concurrent request
        raise Conflict(
            "这些身份证号中有的刚被登记 / some of these ID numbers were just registered by another "
            "request; nothing was written",
            code="member_exists",
        ) from None
    id_of = {bytes(r["id_hash"]): r["id"] for r in added}
    ids = [id_of[d] for d in digests]
    await activity.record_many(
        [("orgs.member.created", f"member:{i}", {"org_id": m.org_id}) for i, m in zip(ids, ms)], actor
    )
    found = await get_members(ids)
    return [found[i] for i in ids]


async def raise_member_levels(levels: dict[int, int], *, on: dt.date, reason: str, actor: Actor = SYSTEM) -> list[int]:
    """Members (id → level) reached a vocational qualification level (1 高级技师 … 5 初级工) on `on`,
    e.g. at the end of master-apprentice agreements. A raise never lowers a level: a member already
    at that level or higher is left as they are. One statement for all; each raise is kept in the
    tenant's activity log with its date and reason. Returns the ids of the members raised."""
    errors: list[FieldError] = []
    bad = sorted(i for i, level in levels.items() if level not in LEVELS)
    if bad:
        errors.append(
            FieldError(
                "level",
                "职业资格等级应为1(高级技师)至5(初级工) / must be 1 (高级技师) to 5 (初级工): "
                f"members {', '.join(map(str, bad[:10]))}",
            )
        )
    if on > today():
        errors.append(FieldError("on", "日期不能晚于今天 / cannot be in the future"))
    if not (reason or "").strip():
        errors.append(FieldError("reason", "请说明原因 / give a reason"))
    if errors:
        raise InvalidInput(errors)
    if not levels:
        return []
    c = conn()
    ids, wanted = list(levels), list(levels.values())
    found = {r["id"] for r in await c.fetch("SELECT id FROM member WHERE id = ANY($1::int[])", ids)}
    if len(found) < len(ids):
        raise NotFound("member", ", ".join(str(i) for i in ids if i not in found))
    raised = await c.fetch(
        """WITH before AS (SELECT id, level FROM member WHERE id = ANY($1::int[]) FOR UPDATE)
           UPDATE member m SET level = u.level, updated_at = now()
           FROM unnest($1::int[], $2::smallint[]) AS u(id, level) JOIN before b ON b.id = u.id
           WHERE m.id = u.id AND (b.level IS NULL OR u.level < b.level)
           RETURNING m.id, b.level AS before, m.level AS after""",
        ids,
        wanted,
    )
    detail = {"on": on.isoformat(), "reason": reason.strip()[:500]}
    await activity.record_many(
        [
            ("orgs.member.level_raised", f"member:{r['id']}", {"from": r["before"], "to": r["after"], **detail})
            for r in raised
        ],
        actor,
    )
    return sorted(r["id"] for r in raised)


async def raise_member_level(
    member_id: int, level: int, *, on: dt.date, reason: str, actor: Actor = SYSTEM
) -> MemberOut:
    """One member reached `level` on `on` (see `raise_member_levels`); the member as they are now."""
    await raise_member_levels({member_id: level}, on=on, reason=reason, actor=actor)
    return await get_member(member_id)


async def get_member(member_id: int, *, reveal: bool = False) -> MemberOut:
    row = await conn().fetchrow(f"SELECT {MEMBER_COLUMNS} FROM member m WHERE m.id = $1", member_id)
    if row is None:
        raise NotFound("member", member_id)
    return _member_out(row, reveal)


async def get_members(member_ids: list[int], *, reveal: bool = False) -> dict[int, MemberOut]:
    rows = await conn().fetch(f"SELECT {MEMBER_COLUMNS} FROM member m WHERE m.id = ANY($1::int[])", list(member_ids))
    return {r["id"]: _member_out(r, reveal) for r in rows}


async def member_ids_in(org_ids: list[int], *, active_only: bool = True) -> list[int]:
    rows = await conn().fetch(
        f"SELECT m.id FROM member m WHERE m.org_id = ANY($1::int[]) {'AND ' + ACTIVE if active_only else ''} "
        "ORDER BY m.id",
        list(org_ids),
    )
    return [r["id"] for r in rows]


async def find_member_by_id_number(id_number: str, *, reveal: bool = False) -> MemberOut | None:
    """Look a person up by the full ID number (through the keyed hash, nothing decrypted)."""
    row = await conn().fetchrow(
        f"SELECT {MEMBER_COLUMNS} FROM member m WHERE m.id_hash = $1", keys().digest(idcard.normalize(id_number))
    )
    return _member_out(row, reveal) if row else None


async def list_members(
    *,
    q: str | None = None,
    org_id: int | None = None,
    subtree: bool = False,
    trade: str | None = None,
    level: int | None = None,
    migrant: bool | None = None,
    active: bool | None = True,
    within: int | None = None,
    reveal: bool = False,
    limit: int = 50,
    cursor: str | None = None,
) -> Page[MemberOut]:
    """Member search: `q` matches the name, a phone prefix, a full ID number or its last four; filters by
    org (or its subtree), trade, level, migrant flag, active; `within` limits to a subtree."""
    check_limit(limit)
    where, args = ["TRUE"], []

    def arg(value: Any) -> str:
        args.append(value)
        return f"${len(args)}"

    if q and q.strip():
        term = q.strip()
        options = [
            f"m.name ILIKE {arg('%' + term.replace(chr(92), chr(92) * 2).replace('%', chr(92) + '%').replace('_', chr(92) + '_') + '%')}"
        ]
        if term.isdigit() or term.startswith("+"):
            digits = term[3:] if term.startswith("+86") else term.lstrip("+")  # phones are stored without +86
            options.append(f"m.phone LIKE {arg(digits + '%')}")
        if idcard.is_valid(term):
            options.append(f"m.id_hash = {arg(keys().digest(idcard.normalize(term)))}")
        elif len(term) == 4 and term[:3].isdigit() and (term[3].isdigit() or term[3] in "xX"):
            options.append(f"right(m.id_masked, 4) = {arg(term.upper())}")  # the last four, as shown masked
        where.append("(" + " OR ".join(options) + ")")
    if org_id is not None:
        if subtree:
            where.append(f"m.org_id = ANY({arg(await subtree_ids(org_id))}::int[])")
        else:
            where.append(f"m.org_id = {arg(org_id)}")
    if within is not None:
        where.append(f"m.org_id = ANY({arg(await subtree_ids(within))}::int[])")
    if trade:
        where.append(f"m.trade = {arg(trade.strip())}")
    if level is not None:
        where.append(f"m.level = {arg(level)}")
    if migrant is not None:
        where.append(f"m.migrant = {arg(migrant)}")
    if active is True:
        where.append(ACTIVE)
    elif active is False:
        where.append(f"NOT {ACTIVE}")
    after = decode_cursor(cursor)
    if after is not None:
        where.append(f"m.id > {arg(after)}")
    rows = await conn().fetch(
        f"SELECT {MEMBER_COLUMNS} FROM member m WHERE {' AND '.join(where)} ORDER BY m.id LIMIT {arg(limit + 1)}", *args
    )
    items = [_member_out(r, reveal) for r in rows[:limit]]
    return Page(items=items, next_cursor=encode_cursor(items[-1].id) if len(rows) > limit else None)


async def update_member(member_id: int, patch: MemberPatch, actor: Actor = SYSTEM) -> MemberOut:
    """Change a member's fields; `org_id` transfers (dated today), `left_on` ends the membership."""
    c = conn()
    row = await c.fetchrow(f"SELECT {MEMBER_COLUMNS} FROM member m WHERE m.id = $1", member_id)
    if row is None:
        raise NotFound("member", member_id)
    current = _member_out(row, reveal=True)
    clearable = {"phone", "trade", "level", "joined_on", "left_on"}
    bad_clear = [f for f in patch.clear if f not in clearable]
    if bad_clear:
        raise invalid("clear", f"only these can be cleared: {', '.join(sorted(clearable))}")
    merged = MemberIn(
        name=patch.name if patch.name is not None else current.name,
        id_number=patch.id_number if patch.id_number is not None else current.id_number,
        org_id=current.org_id,
        phone=None if "phone" in patch.clear else (patch.phone if patch.phone is not None else current.phone),
        trade=None if "trade" in patch.clear else (patch.trade if patch.trade is not None else current.trade),
        level=None if "level" in patch.clear else (patch.level if patch.level is not None else current.level),
        migrant=patch.migrant if patch.migrant is not None else current.migrant,
        joined_on=None if "joined_on" in patch.clear else (patch.joined_on or current.joined_on),
    )
    left_on = None if "left_on" in patch.clear else (patch.left_on or current.left_on)
    errors: list[FieldError] = []
    checked = check_member_fields(merged, errors, left_on=left_on)
    digest = None
    if checked is not None and checked.id_number != current.id_number:
        digest = keys().digest(checked.id_number)
        other = await c.fetchval("SELECT id FROM member WHERE id_hash = $1 AND id <> $2", digest, member_id)
        if other is not None:
            errors.append(FieldError("id_number", already_member(other, actor)))
    if errors:
        raise InvalidInput(errors)
    await c.execute(
        """UPDATE member SET name = $2, phone = $3, trade = $4, level = $5, migrant = $6, joined_on = $7,
                  left_on = $8, gender = $9, birth_date = $10, updated_at = now() WHERE id = $1""",
        member_id,
        checked.name,
        checked.phone,
        checked.trade,
        checked.level,
        checked.migrant,
        checked.joined_on,
        left_on,
        checked.gender,
        checked.birth_date,
    )
    if digest is not None:
        await c.execute(
            "UPDATE member SET id_hash = $2, id_cipher = $3, id_masked = $4 WHERE id = $1",
            member_id,
            digest,
            keys().encrypt(checked.id_number),
            idcard.mask(checked.id_number),
        )
    if checked.joined_on != current.joined_on:
        await _move_first_placement(member_id, checked.joined_on or EPOCH)
    if left_on != current.left_on:
        await _set_leave(member_id, current.org_id, current.left_on, left_on)
    await activity.record(
        "orgs.member.updated",
        f"member:{member_id}",
        {"fields": sorted(k for k, v in msgspec.structs.asdict(patch).items() if v not in (None, []))},
        actor,
    )
    if patch.org_id is not None and patch.org_id != current.org_id:
        return await transfer_member(member_id, patch.org_id, actor=actor)
    return await get_member(member_id)


async def _move_first_placement(member_id: int, joined_on: dt.date) -> None:
    """The join date changed: the member's first placement starts then (before it ended, if it has)."""
    c = conn()
    first = await c.fetchrow(
        "SELECT id, valid_to FROM placement WHERE member_id = $1 ORDER BY valid_from, id LIMIT 1", member_id
    )
    if first is None:
        return
    if first["valid_to"] is not None and joined_on >= first["valid_to"]:
        raise InvalidInput(
            FieldError(
                "joined_on",
                f"入会日期应早于首次转会或离会日 {first['valid_to']} / must be before "
                f"{first['valid_to']}, when the first union placement ended",
            )
        )
    await c.execute("UPDATE placement SET valid_from = $2 WHERE id = $1", first["id"], joined_on)


async def _set_leave(member_id: int, org_id: int, before: dt.date | None, after: dt.date | None) -> None:
    """The membership ends on `after` (None: it goes on) where it ended on `before`: the placements follow."""
    c = conn()
    if before is None:  # leaving: the open placement ends
        await _close_placement(member_id, after, "left")
        return
    last = await c.fetchrow(
        "SELECT id, valid_from FROM placement WHERE member_id = $1 ORDER BY valid_from DESC, id DESC LIMIT 1", member_id
    )
    if after is not None:  # the leave date corrected: the last placement ends then instead
        if last is not None:
            if after < last["valid_from"]:
                raise RuleViolation(
                    f"日期应不早于 {last['valid_from']}（最后一段工会关系的起始日）/ the date must be on or "
                    f"after {last['valid_from']}, when the last union placement began",
                    code="before_placement",
                )
            await c.execute("UPDATE placement SET valid_to = $2 WHERE id = $1", last["id"], after)
    elif before > today():  # a leaving still ahead is called off: the placement simply goes on
        if last is not None:
            await c.execute("UPDATE placement SET valid_to = NULL WHERE id = $1", last["id"])
    else:  # rejoined: a new placement from today
        await c.execute(
            "INSERT INTO placement (member_id, org_id, valid_from, reason) VALUES ($1, $2, $3, 'rejoined')",
            member_id,
            org_id,
            today(),
        )


async def _close_placement(member_id: int, on: dt.date, reason: str) -> None:
    c = conn()
    open_from = await c.fetchval(
        "SELECT valid_from FROM placement WHERE member_id = $1 AND valid_to IS NULL", member_id
    )
    if open_from is not None and on < open_from:
        raise RuleViolation(
            f"日期应不早于 {open_from}（会员在当前或已安排的工会的起始日）/ the date must be on or after "
            f"{open_from}, when the member's current (or scheduled) union placement begins",
            code="before_placement",
        )
    await c.execute("UPDATE placement SET valid_to = $2 WHERE member_id = $1 AND valid_to IS NULL", member_id, on)


async def transfer_member(
    member_id: int, org_id: int, *, on: dt.date | None = None, reason: str = "transfer", actor: Actor = SYSTEM
) -> MemberOut:
    """Move a member to another union (会员转会) from date `on` (default today); the old placement is
    kept. A transfer dated later is scheduled: the member stays in their union (`org_id`) until that
    day, when `apply_due_transfers` (a cron job) moves them."""
    on = on or today()
    c = conn()
    row = await c.fetchrow(
        """SELECT m.id, m.left_on, m.birth_date, p.org_id AS last_org_id FROM member m
           LEFT JOIN placement p ON p.member_id = m.id AND p.valid_to IS NULL WHERE m.id = $1""",
        member_id,
    )
    if row is None:
        raise NotFound("member", member_id)
    target = await c.fetchrow("SELECT id, closed_on FROM org WHERE id = $1", org_id)
    if target is None:
        raise InvalidInput(FieldError("org_id", f"组织 #{org_id} 不存在 / org not found"))
    if target["closed_on"] is not None:
        raise RuleViolation(f"{closed_message(target['closed_on'])}; 不能转入 / no transfer into it", code="org_closed")
    if row["last_org_id"] == org_id:  # where the member is, or will be after a transfer already scheduled
        raise RuleViolation(
            "会员已在（或已安排转入）该组织 / the member is already in (or already scheduled to move to) that org",
            code="same_org",
        )
    if row["left_on"] is not None:
        if row["left_on"] > today():
            raise RuleViolation(
                f"会员将于 {row['left_on']} 离会，请先调整离会日期 / the member leaves on "
                f"{row['left_on']}; change the leave date first",
                code="member_leaving",
            )
        raise RuleViolation("会员已离会 / the member has left; rejoin first", code="member_left")
    if on < row["birth_date"]:
        raise InvalidInput(FieldError("on", "转会日期早于出生日期 / is before the member's birth date"))
    if not await _exists_on(org_id, on):
        raise InvalidInput(FieldError("org_id", f"组织在 {on} 尚未成立 / the org does not exist yet on {on}"))
    if actor.role is Role.org_officer and not (actor.org_id and await is_in_subtree(org_id, actor.org_id)):
        raise Forbidden("the target org is outside your subtree", code="outside_subtree")
    await _close_placement(member_id, on, reason)
    await c.execute(
        "INSERT INTO placement (member_id, org_id, valid_from, reason) VALUES ($1, $2, $3, $4)",
        member_id,
        org_id,
        on,
        (reason or "transfer")[:200],
    )
    if on <= today():
        await c.execute("UPDATE member SET org_id = $2, updated_at = now() WHERE id = $1", member_id, org_id)
    await activity.record(
        "orgs.member.transferred",
        f"member:{member_id}",
        {"from": row["last_org_id"], "to": org_id, "on": on.isoformat()},
        actor,
    )
    return await get_member(member_id)


async def cancel_scheduled_transfer(member_id: int, actor: Actor = SYSTEM) -> MemberOut:
    """Call off a transfer dated later (and any after it): the member stays where they are today."""
    c = conn()
    day = today()
    member = await c.fetchrow("SELECT id, org_id FROM member WHERE id = $1", member_id)
    if member is None:
        raise NotFound("member", member_id)
    first = await c.fetchval(
        "SELECT min(valid_from) FROM placement WHERE member_id = $1 AND valid_from > $2", member_id, day
    )
    if first is None:
        raise RuleViolation(
            "该会员没有已安排的转会 / no transfer of this member is scheduled", code="nothing_scheduled"
        )
    gone = await c.fetch(
        "DELETE FROM placement WHERE member_id = $1 AND valid_from > $2 RETURNING org_id", member_id, day
    )
    await c.execute(  # the placement of today goes on (to the leave date, if one is set)
        "UPDATE placement SET valid_to = (SELECT left_on FROM member WHERE id = $1) WHERE member_id = $1 "
        "AND valid_to = $2",
        member_id,
        first,
    )
    await activity.record(
        "orgs.member.transfer_cancelled",
        f"member:{member_id}",
        {"on": first.isoformat(), "to": [r["org_id"] for r in gone]},
        actor,
    )
    return await get_member(member_id)


async def apply_due_transfers(day: dt.date | None = None) -> list[int]:
    """Members whose union changes by `day` (default today) through a transfer that was dated
    later when it was made: their `org_id` becomes the union of the placement valid that day.
    Safe to run any number of times (a no-op once applied); the ids of the members moved."""
    day = day or today()
    rows = await conn().fetch(
        """UPDATE member m SET org_id = p.org_id, updated_at = now()
           FROM placement p WHERE p.member_id = m.id AND p.valid_from <= $1 AND (p.valid_to IS NULL OR p.valid_to > $1)
             AND m.org_id <> p.org_id
           RETURNING m.id, p.org_id""",
        day,
    )
    if rows:
        await activity.record_many(
            [
                ("orgs.member.transfer_effective", f"member:{r['id']}", {"to": r["org_id"], "on": day.isoformat()})
                for r in rows
            ],
            SYSTEM,
        )
    return sorted(r["id"] for r in rows)


async def member_history(member_id: int) -> list[PlacementOut]:
    c = conn()
    if not await c.fetchval("SELECT 1 FROM member WHERE id = $1", member_id):
        raise NotFound("member", member_id)
    rows = await c.fetch(
        """SELECT p.org_id, o.name AS org_name, p.valid_from, p.valid_to, p.reason
           FROM placement p JOIN org o ON o.id = p.org_id WHERE p.member_id = $1 ORDER BY p.valid_from, p.id""",
        member_id,
    )
    return [PlacementOut(**dict(r)) for r in rows]


async def delete_member(member_id: int, actor: Actor = SYSTEM) -> None:
    """Remove a record entered by mistake (a member who leaves gets `left_on` instead)."""
    deleted = await conn().fetchval("DELETE FROM member WHERE id = $1 RETURNING id", member_id)
    if deleted is None:
        raise NotFound("member", member_id)
    await activity.record("orgs.member.deleted", f"member:{member_id}", {}, actor)


async def member_org_ids(member_ids: list[int]) -> dict[int, int]:
    rows = await conn().fetch("SELECT id, org_id FROM member WHERE id = ANY($1::int[])", list(member_ids))
    return {r["id"]: r["org_id"] for r in rows}


# --- development zones and social union workers ----------------------------------------


class ZoneIn(msgspec.Struct, forbid_unknown_fields=True):
    name: str
    level: str = ""  # national 国家级 / regional 自治区级
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
        raise invalid("name", "must be 1-100 characters")
    if len(data.level.strip()) > 20:
        raise invalid("level", "级别不超过20字 / must be at most 20 characters (国家级, 自治区级 ...)")
    c = conn()
    if await c.fetchval("SELECT 1 FROM zone WHERE name = $1", name):
        raise InvalidInput(FieldError("name", "同名开发区已存在 / a zone with this name exists"))
    zone_id = await c.fetchval(
        "INSERT INTO zone (name, level, founded_on) VALUES ($1, $2, $3) RETURNING id",
        name,
        data.level.strip(),
        data.founded_on,
    )
    await activity.record("orgs.zone.created", f"zone:{zone_id}", {"name": name}, actor)
    return (await list_zones(zone_id))[0]


async def list_zones(zone_id: int | None = None) -> list[ZoneOut]:
    rows = await conn().fetch(
        f"""SELECT z.id, z.name, z.level, z.founded_on,
                   (SELECT count(*) FROM org o WHERE o.zone_id = z.id AND {open_sql("o", "CURRENT_DATE")}
                      AND o.type = 'enterprise_union')::int AS enterprises,
                   (SELECT count(*) FROM member m JOIN org o ON o.id = m.org_id
                     WHERE o.zone_id = z.id AND {ACTIVE})::int AS workers
            FROM zone z WHERE $1::int IS NULL OR z.id = $1 ORDER BY z.id""",
        zone_id,
    )
    return [ZoneOut(**dict(r)) for r in rows]


class SocialWorkerIn(msgspec.Struct, forbid_unknown_fields=True):
    """A social union worker (社会化工会工作者) assigned to an org from `started_on`."""

    name: str
    org_id: int
    started_on: dt.date
    phone: str | None = None
    ended_on: dt.date | None = None


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
        errors.append(FieldError("name", "must be 1-100 characters"))
    if ended is not None and ended < started:
        errors.append(FieldError("ended_on", "结束日期早于开始日期 / is before started_on"))
    try:
        return check_phone(phone)
    except ValueError as exc:
        errors.append(FieldError("phone", str(exc)))
        return None


async def assign_social_worker(data: SocialWorkerIn, actor: Actor = SYSTEM) -> SocialWorkerOut:
    errors: list[FieldError] = []
    phone = _check_worker(errors, data.name, data.phone, data.started_on, data.ended_on)
    org = await conn().fetchrow("SELECT id, closed_on FROM org WHERE id = $1", data.org_id)
    if org is None:
        errors.append(FieldError("org_id", f"组织 #{data.org_id} 不存在 / org not found"))
    elif org["closed_on"] is not None:
        errors.append(FieldError("org_id", closed_message(org["closed_on"])))
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
        raise NotFound("social worker", worker_id)
    if ended_on < row["started_on"]:
        raise InvalidInput(FieldError("ended_on", "结束日期早于开始日期 / is before started_on"))
    out = await c.fetchrow(
        "UPDATE social_worker SET ended_on = $2 WHERE id = $1 RETURNING id, name, phone, org_id, started_on, ended_on",
        worker_id,
        ended_on,
    )
    await activity.record("orgs.social_worker.ended", f"social_worker:{worker_id}", {"on": ended_on.isoformat()}, actor)
    return SocialWorkerOut(**dict(out))


async def list_social_workers(
    *, org_id: int | None = None, as_of: dt.date | None = None, within: int | None = None
) -> list[SocialWorkerOut]:
    where, args = ["TRUE"], []
    if org_id is not None:
        args.append(org_id)
        where.append(f"org_id = ${len(args)}")
    if within is not None:
        args.append(await subtree_ids(within))
        where.append(f"org_id = ANY(${len(args)}::int[])")
    if as_of is not None:
        args.append(as_of)
        where.append(f"started_on <= ${len(args)} AND (ended_on IS NULL OR ended_on > ${len(args)})")
    rows = await conn().fetch(
        f"SELECT id, name, phone, org_id, started_on, ended_on FROM social_worker "
        f"WHERE {' AND '.join(where)} ORDER BY id",
        *args,
    )
    return [SocialWorkerOut(**dict(r)) for r in rows]


class LinkOut(msgspec.Struct):
    parent_id: int | None
    parent_name: str | None
    valid_from: dt.date
    valid_to: dt.date | None
    plan_id: int | None


async def org_history(org_id: int) -> list[LinkOut]:
    """The org's parents over time (effective-dated)."""
    await _existing_org(org_id)
    rows = await conn().fetch(
        """SELECT l.parent_id, p.name AS parent_name, l.valid_from, l.valid_to, l.plan_id
           FROM org_link l LEFT JOIN org p ON p.id = l.parent_id WHERE l.org_id = $1 ORDER BY l.valid_from, l.id""",
        org_id,
    )
    return [LinkOut(**dict(r)) for r in rows]


# --- who may see what ------------------------------------------------------------------


def may_reveal(actor: Actor, requested: bool | None) -> bool:
    """Full ID numbers only for roles allowed them; asking without the role is refused."""
    if requested and not actor.sees_full_id_numbers:
        raise Forbidden("your role may not see full ID numbers", code="id_number_forbidden")
    return bool(requested) if requested is not None else False
