"""Changing the org tree: create, update, move (dated), close (dated) and reopen orgs, and the org list."""

from __future__ import annotations

import datetime as dt
from typing import Any

import asyncpg
import msgspec

from server.errors import Conflict, FieldError, Forbidden, InvalidInput, RuleViolation, invalid
from server.infra import like
from server.infra.pagination import Page, check_limit, keyset_sql
from server.infra.tenancy import conn
from server.infra.types import Id, Text
from server.messages import TOO_LONG
from server.modules.core import service as activity
from server.modules.orgs import access, creditcode
from server.modules.orgs.messages import (
    CLOSE_AGAIN,
    CLOSE_AGAIN_CLOSING,
    CLOSE_BEFORE_LINK,
    CREDIT_CODE_TAKEN,
    CREDIT_CODE_USED,
    CYCLE,
    FOUNDED_TOO_LATE,
    MOVE_BEFORE_LINK,
    MOVE_CLOSED,
    MOVE_CLOSING,
    NO_PARENT,
    NO_ZONE,
    NOT_CLOSING,
    ORG_NOT_EMPTY,
    OUTSIDE_SUBTREE_ROOT,
    PARENT_CLOSED,
    PARENT_CLOSING,
    PARENT_NOT_FOUNDED,
    REOPEN_CLOSED,
    SAME_PARENT,
    TEXT_LENGTH,
    UNKNOWN_TYPE,
)
from server.modules.orgs.service.common import (
    EPOCH,
    ORG_TYPE_ZH,
    OrgType,
    clean_text,
    closed_error,
    closed_rule,
    lock_tree,
    open_sql,
    places_sql,
    today,
)
from server.modules.orgs.service.tree import (
    OrgOut,
    _would_cycle,
    existing_org,
    exists_on,
    get_org,
    org_out,
    org_query,
    subtree_ids,
)
from server.platform.roles import SYSTEM, Actor

TYPE_CHOICES = ", ".join(t.value for t in OrgType)


class OrgIn(msgspec.Struct, forbid_unknown_fields=True):
    name: Text
    type: Text
    parent_id: Id | None = None
    enterprise_name: Text | None = None
    credit_code: Text | None = None
    public_sector: bool | None = None
    above_scale: bool | None = None
    founded_on: dt.date | None = None
    zone_id: Id | None = None


class MoveIn(msgspec.Struct, forbid_unknown_fields=True):
    parent_id: Id | None
    on: dt.date | None = None


class CloseIn(msgspec.Struct, forbid_unknown_fields=True):
    on: dt.date | None = None


class OrgTypeOut(msgspec.Struct):
    value: str
    zh: str


def org_types() -> list[OrgTypeOut]:
    """The org types with their Chinese names (for pickers)."""
    return [OrgTypeOut(value=t, zh=zh) for t, zh in ORG_TYPE_ZH.items()]


class OrgPatch(msgspec.Struct, forbid_unknown_fields=True):
    """Fields to change; parents change only by `move_org` (dated history)."""

    name: Text | None = None
    type: Text | None = None
    enterprise_name: Text | None = None
    credit_code: Text | None = None
    public_sector: bool | None = None
    above_scale: bool | None = None
    founded_on: dt.date | None = None
    zone_id: Id | None = None


def _check_org_fields(
    errors: list[FieldError],
    *,
    name: str | None,
    type: str | None,
    credit_code: str | None,
    enterprise_name: str | None = None,
) -> str | None:
    if name is not None and not (1 <= len(name.strip()) <= 200):
        errors.append(FieldError("name", TEXT_LENGTH, limit=200))
    if enterprise_name is not None and len(enterprise_name.strip()) > 200:
        errors.append(FieldError("enterprise_name", TOO_LONG, limit=200))
    if type is not None and type not in OrgType._value2member_map_:
        errors.append(FieldError("type", UNKNOWN_TYPE, choices=TYPE_CHOICES))
    if credit_code:
        try:
            return creditcode.validate(credit_code)
        except creditcode.CreditCodeError as exc:
            errors.append(FieldError("credit_code", exc.msg, **exc.params))
    return None


async def _check_credit_code_free(errors: list[FieldError], code: str | None, org_id: int | None = None) -> None:
    if code is None:
        return
    other = await conn().fetchval("SELECT id FROM org WHERE credit_code = $1 AND id IS DISTINCT FROM $2", code, org_id)
    if other is not None:
        errors.append(FieldError("credit_code", CREDIT_CODE_USED, org=other))


async def _check_zone(errors: list[FieldError], zone_id: int | None) -> None:
    if zone_id is not None and not await conn().fetchval("SELECT 1 FROM zone WHERE id = $1", zone_id):
        errors.append(FieldError("zone_id", NO_ZONE, zone=zone_id))


async def create_org(data: OrgIn, actor: Actor = SYSTEM) -> OrgOut:
    if data.parent_id is not None:  # its parent must not close or move meanwhile
        await lock_tree()
    errors: list[FieldError] = []
    code = _check_org_fields(
        errors, name=data.name, type=data.type, credit_code=data.credit_code, enterprise_name=data.enterprise_name
    )
    await _check_credit_code_free(errors, code)
    await _check_zone(errors, data.zone_id)
    if data.parent_id is not None:
        parent = await conn().fetchrow("SELECT id, closed_on FROM org WHERE id = $1", data.parent_id)
        if parent is None:
            errors.append(FieldError("parent_id", NO_PARENT, org=data.parent_id))
        elif parent["closed_on"] is not None:
            errors.append(closed_error("parent_id", parent["closed_on"], parent=True))
        else:
            await access.check_org_visible(actor, data.parent_id)
    elif access.scope_root(actor) is not None:
        raise Forbidden(OUTSIDE_SUBTREE_ROOT, code="outside_subtree")
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
            clean_text(data.enterprise_name),
            code,
            data.public_sector,
            data.above_scale,
            data.zone_id,
            data.founded_on,
        )
    except asyncpg.UniqueViolationError:
        raise Conflict(CREDIT_CODE_TAKEN) from None
    await c.execute(
        "INSERT INTO org_link (org_id, parent_id, valid_from) VALUES ($1, $2, $3)",
        org_id,
        data.parent_id,
        data.founded_on or EPOCH,
    )
    await activity.record("orgs.org.created", f"org:{org_id}", {"name": data.name, "type": data.type}, actor)
    return await get_org(org_id)


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
            raise invalid("type", UNKNOWN_TYPE, choices=TYPE_CHOICES)
        where.append(f"o.type = {arg(type)}")
    if parent_id is not None:  # children today (closed ones under the parent they had)
        where.append(
            f"o.id IN (SELECT l.org_id FROM org_link l JOIN org c ON c.id = l.org_id "
            f"WHERE l.parent_id = {arg(parent_id)} AND {places_sql('l', 'c', '$1')})"
        )
    if roots:
        where.append(
            f"o.id IN (SELECT l.org_id FROM org_link l JOIN org c ON c.id = l.org_id "
            f"WHERE l.parent_id IS NULL AND {places_sql('l', 'c', '$1')})"
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
        pattern = like.containing(q.strip())
        p = arg(pattern)
        where.append(f"(o.name ILIKE {p} OR o.enterprise_name ILIKE {p} OR o.credit_code = upper({arg(q.strip())}))")
    if not include_closed:
        where.append(open_sql("o", "$1"))
    if within is not None:
        where.append(f"o.id = ANY({arg(await subtree_ids(within))}::int[])")
    rows, next_cursor = await keyset_sql(
        f"{org_query('$1')} WHERE {' AND '.join(where)}", *args, limit=limit, cursor=cursor
    )
    return Page(items=[org_out(r) for r in rows], next_cursor=next_cursor)


async def update_org(org_id: int, patch: OrgPatch, actor: Actor = SYSTEM) -> OrgOut:
    if patch.founded_on is not None:  # the founding day dates the org's first link in the tree
        await lock_tree()
    await existing_org(org_id)
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
            errors.append(FieldError("founded_on", FOUNDED_TOO_LATE, date=first["valid_to"]))
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


async def move_org(org_id: int, parent_id: int | None, *, on: dt.date | None = None, actor: Actor = SYSTEM) -> OrgOut:
    """Give an org a new parent from date `on` (default today); the old link stays in history."""
    await lock_tree()  # before the cycle check reads the tree
    on = on or today()
    org = await existing_org(org_id)
    if org["closed_on"] is not None:
        raise closed_rule(org["closed_on"], MOVE_CLOSED, MOVE_CLOSING)
    if parent_id is not None:
        parent = await conn().fetchrow("SELECT id, closed_on FROM org WHERE id = $1", parent_id)
        if parent is None:
            raise InvalidInput(FieldError("parent_id", NO_PARENT, org=parent_id))
        if parent["closed_on"] is not None:
            raise closed_rule(parent["closed_on"], PARENT_CLOSED, PARENT_CLOSING)
        if not await exists_on(parent_id, on):
            raise InvalidInput(FieldError("parent_id", PARENT_NOT_FOUNDED, on=on))
        if await _would_cycle(org_id, parent_id, on):
            raise RuleViolation(CYCLE)
    if org["parent_id"] == parent_id:
        raise RuleViolation(SAME_PARENT)
    c = conn()
    link = await c.fetchrow("SELECT id, valid_from FROM org_link WHERE org_id = $1 AND valid_to IS NULL", org_id)
    if link is not None and on < link["valid_from"]:
        raise RuleViolation(MOVE_BEFORE_LINK, date=link["valid_from"])
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
    await lock_tree()  # no child may be moved under it while its children are counted
    # Nor a member put in it: creating or transferring a member reads the org's row FOR SHARE.
    await conn().execute("SELECT 1 FROM org WHERE id = $1 FOR UPDATE", org_id)
    on = on or today()
    org = await existing_org(org_id)
    if org["closed_on"] is not None:
        raise closed_rule(org["closed_on"], CLOSE_AGAIN, CLOSE_AGAIN_CLOSING)
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
        raise RuleViolation(ORG_NOT_EMPTY, on=on, children=children, members=members)
    link_from = await c.fetchval("SELECT valid_from FROM org_link WHERE org_id = $1 AND valid_to IS NULL", org_id)
    if link_from is not None and on < link_from:
        raise RuleViolation(CLOSE_BEFORE_LINK, date=link_from)
    await c.execute("UPDATE org_link SET valid_to = $2 WHERE org_id = $1 AND valid_to IS NULL", org_id, on)
    await c.execute("UPDATE org SET closed_on = $2 WHERE id = $1", org_id, on)
    await activity.record("orgs.org.closed", f"org:{org_id}", {"on": on.isoformat()}, actor)
    return await get_org(org_id)


async def reopen_org(org_id: int, actor: Actor = SYSTEM) -> OrgOut:
    """Call off a closing dated later: the org goes on under the parent it has."""
    await lock_tree()
    org = await existing_org(org_id)
    if org["closed_on"] is None:
        raise RuleViolation(NOT_CLOSING)
    if org["closed_on"] <= today():
        raise RuleViolation(REOPEN_CLOSED, code="org_closed", closed_on=org["closed_on"])
    c = conn()
    await c.execute("UPDATE org_link SET valid_to = NULL WHERE org_id = $1 AND valid_to = $2", org_id, org["closed_on"])
    await c.execute("UPDATE org SET closed_on = NULL WHERE id = $1", org_id)
    await activity.record("orgs.org.reopened", f"org:{org_id}", {"was_closing_on": org["closed_on"].isoformat()}, actor)
    return await get_org(org_id)
