"""Restructuring plans (组织调整方案): new orgs created first, then many orgs moved
to new parents at one effective date.

A plan is drafted, previewed (before/after child counts per parent, members
affected, warnings), applied in the caller's one transaction and rolled back
as a whole. Both apply and rollback issue a fixed number of set-based
statements, however many orgs move. History stays exact: applying closes each
moved org's open `org_link` (marked `closed_by_plan_id`) and opens a new one
(marked `plan_id`); rolling back deletes the plan's links, reopens the closed
ones and deletes the orgs the plan created, so the tree as of any date is what
it was before. Rollback is refused while anything else names those orgs on any
day (a member's placement, a social worker, another org's link), and preview
refuses a plan that would make a cycle on its date or any later date the tree
is scheduled to change.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import asyncpg
import msgspec
from msgspec import Meta

from server.errors import Conflict, FieldError, InvalidInput, NotFound, RuleViolation, invalid
from server.infra.pagination import Page, keyset_sql
from server.infra.tenancy import conn
from server.infra.types import Id, Text
from server.messages import ONE_OF, TOO_LONG, Msg
from server.modules.core import service as activity
from server.modules.orgs import creditcode
from server.modules.orgs.messages import (
    CREDIT_CODE_INVALID,
    CREDIT_CODE_USED,
    MOVE_NEEDS_PARENT,
    MOVED_TWICE,
    NO_ORG,
    NO_REF,
    NO_ZONE,
    PARENT_ONE_WAY,
    PLAN_APPLIED,
    PLAN_APPLIED_AGAIN,
    PLAN_APPLIED_DELETE,
    PLAN_CODE_TAKEN,
    PLAN_EMPTY,
    PLAN_INVALID,
    PLAN_INVALID_MORE,
    PLAN_NOT_APPLIED,
    PLAN_NOT_FOUND,
    PLAN_ORG_IN_USE,
    PLAN_ORGS_IN_USE,
    PLAN_ORGS_MORE,
    PLAN_SUPERSEDED,
    PLAN_TARGET_GONE,
    PLAN_WARN_BEFORE_CURRENT_PARENT,
    PLAN_WARN_CODE_TAKEN,
    PLAN_WARN_CODE_TWICE,
    PLAN_WARN_CYCLE,
    PLAN_WARN_CYCLE_LATER,
    PLAN_WARN_NEW_PARENT_CLOSED,
    PLAN_WARN_NEW_PARENT_CLOSING,
    PLAN_WARN_NEW_UNKNOWN_PARENT,
    PLAN_WARN_NO_CHANGE,
    PLAN_WARN_ORG_CLOSED,
    PLAN_WARN_ORG_CLOSING,
    PLAN_WARN_PARENT_CLOSED,
    PLAN_WARN_PARENT_CLOSING,
    PLAN_WARN_PARENT_NOT_FOUNDED,
    PLAN_WARN_SELF_PARENT,
    PLAN_WARN_UNKNOWN_ORG,
    PLAN_WARN_UNKNOWN_PARENT,
    PLAN_WARN_UNKNOWN_ZONE,
    PLAN_WARN_UNUSUAL_PARENT,
    REF_TWICE,
    SAME_CODE_AS,
    TEXT_LENGTH,
    UNKNOWN_TYPE,
)
from server.modules.orgs.service.common import ACTIVE, OrgType, lock_tree, today, valid_sql
from server.platform.roles import SYSTEM, Actor

PLAN_MAX = 20_000  # new orgs or moves in one plan (2017 moved 650)


class PlanNewOrg(msgspec.Struct, forbid_unknown_fields=True):
    ref: Text  # how moves and other new orgs of this plan refer to it
    name: Text
    type: Text
    parent_id: Id | None = None
    parent_ref: Text | None = None
    enterprise_name: Text | None = None
    credit_code: Text | None = None
    public_sector: bool | None = None
    above_scale: bool | None = None
    zone_id: Id | None = None
    created_org_id: Id | None = None  # set when applied


class PlanMoveIn(msgspec.Struct, forbid_unknown_fields=True):
    org_id: Id
    parent_id: Id | None = None
    parent_ref: Text | None = None
    from_parent_id: Id | None = None  # recorded when applied


class PlanIn(msgspec.Struct, forbid_unknown_fields=True):
    name: Text
    effective_on: dt.date
    new_orgs: Annotated[list[PlanNewOrg], Meta(max_length=PLAN_MAX)] = []
    moves: Annotated[list[PlanMoveIn], Meta(max_length=PLAN_MAX)] = []
    note: Text = ""


class PlanOut(msgspec.Struct):
    id: int
    name: str
    effective_on: dt.date
    status: str
    note: str
    new_orgs: list[PlanNewOrg]
    moves: list[PlanMoveIn]
    created_at: dt.datetime
    applied_at: dt.datetime | None
    rolled_back_at: dt.datetime | None


class PlanSummary(msgspec.Struct):
    id: int
    name: str
    effective_on: dt.date
    status: str
    moves: int
    new_orgs: int


class PlanWarning(msgspec.Struct):
    """One thing the preview found: `code` its kind (`cycle`), `zh` and `en` the same words in each
    language (the client shows the one it reads in)."""

    code: str
    zh: str
    en: str
    blocking: bool
    org_id: int | None = None


def plan_warning(
    code: str, message: Msg, params: dict[str, Any], *, blocking: bool, org_id: int | None = None
) -> PlanWarning:
    return PlanWarning(
        code=code, zh=message.render("zh-CN", params), en=message.render("en", params), blocking=blocking, org_id=org_id
    )


class ParentCount(msgspec.Struct):
    parent_id: int | None  # an existing org (None with `ref` for an org the plan creates)
    ref: str | None
    name: str
    before: int
    after: int


class PlanPreview(msgspec.Struct):
    plan_id: int
    effective_on: dt.date
    moves: int
    new_orgs: int
    members_affected: int
    parents: list[ParentCount]
    warnings: list[PlanWarning]
    can_apply: bool


class PlanInvalid(RuleViolation):
    """The simulation found blocking warnings: the detail says the first in the client's language,
    and `warnings` in the body lists them all."""

    def __init__(self, blocking: list[PlanWarning]):
        self.blocking = blocking
        more = len(blocking) - 1
        self.message = PLAN_INVALID_MORE if more else PLAN_INVALID
        super().__init__(
            self.message,
            code="plan_invalid",
            extra={"warnings": [msgspec.to_builtins(w) for w in blocking]},
            reason=blocking[0].zh,
            more=more,
        )

    def detail_in(self, lang: str) -> str:
        first = self.blocking[0]
        return self.message.render(lang, {**self.params, "reason": first.en if lang == "en" else first.zh})


class PlanOrgsInUse(RuleViolation):
    """The orgs a plan created are still named somewhere: the detail lists them (five at most) in the
    client's language, and `in_use` in the body lists them all."""

    def __init__(self, in_use: list[dict[str, Any]]):
        self.in_use = in_use
        super().__init__(PLAN_ORGS_IN_USE, extra={"in_use": in_use})

    def detail_in(self, lang: str) -> str:
        orgs = ("; " if lang == "en" else "；").join(PLAN_ORG_IN_USE.render(lang, u) for u in self.in_use[:5])
        if len(self.in_use) > 5:
            orgs += PLAN_ORGS_MORE.render(lang, {"more": len(self.in_use) - 5})
        return PLAN_ORGS_IN_USE.render(lang, {"orgs": orgs})


# --- drafting ---------------------------------------------------------------------

INT4_MAX = 2**31 - 1  # ids are `integer` columns: a larger number names no row (and must not reach asyncpg)


def _code(o: PlanNewOrg) -> str | None:
    """The new org's credit code as it will be stored (normalised; empty means none)."""
    return creditcode.normalize(o.credit_code) or None if o.credit_code else None


def _check_shape(data: PlanIn) -> list[FieldError]:
    errors: list[FieldError] = []
    if not 1 <= len(data.name.strip()) <= 200:
        errors.append(FieldError("name", TEXT_LENGTH, limit=200))
    if len(data.note) > 1000:
        errors.append(FieldError("note", TOO_LONG, limit=1000))
    refs: set[str] = set()
    codes: dict[str, int] = {}
    for i, o in enumerate(data.new_orgs):
        at = f"new_orgs[{i}]"
        if not o.ref.strip() or len(o.ref) > 50:
            errors.append(FieldError(f"{at}.ref", TEXT_LENGTH, limit=50))
        elif o.ref in refs:
            errors.append(FieldError(f"{at}.ref", REF_TWICE, ref=o.ref))
        refs.add(o.ref)
        if not 1 <= len(o.name.strip()) <= 200:
            errors.append(FieldError(f"{at}.name", TEXT_LENGTH, limit=200))
        if o.type not in OrgType._value2member_map_:
            errors.append(FieldError(f"{at}.type", UNKNOWN_TYPE, choices=", ".join(t.value for t in OrgType)))
        if o.enterprise_name is not None and len(o.enterprise_name.strip()) > 200:
            errors.append(FieldError(f"{at}.enterprise_name", TOO_LONG, limit=200))
        if o.credit_code and not creditcode.is_valid(o.credit_code):
            errors.append(FieldError(f"{at}.credit_code", CREDIT_CODE_INVALID))
        elif (code := _code(o)) is not None:
            if code in codes:
                errors.append(FieldError(f"{at}.credit_code", SAME_CODE_AS, index=codes[code]))
            codes.setdefault(code, i)
        if o.parent_id is not None and o.parent_ref is not None:
            errors.append(FieldError(f"{at}.parent_ref", PARENT_ONE_WAY))
    for i, o in enumerate(data.new_orgs):
        if o.parent_ref is not None and o.parent_ref not in refs:
            errors.append(FieldError(f"new_orgs[{i}].parent_ref", NO_REF, ref=o.parent_ref))
    seen: set[int] = set()
    for i, m in enumerate(data.moves):
        at = f"moves[{i}]"
        if m.org_id in seen:
            errors.append(FieldError(f"{at}.org_id", MOVED_TWICE, org=m.org_id))
        seen.add(m.org_id)
        if m.parent_id is not None and m.parent_ref is not None:
            errors.append(FieldError(f"{at}.parent_ref", PARENT_ONE_WAY))
        if m.parent_id is None and m.parent_ref is None:
            errors.append(FieldError(f"{at}.parent_id", MOVE_NEEDS_PARENT))
        if m.parent_ref is not None and m.parent_ref not in refs:
            errors.append(FieldError(f"{at}.parent_ref", NO_REF, ref=m.parent_ref))
    if not data.moves and not data.new_orgs:
        errors.append(FieldError("moves", PLAN_EMPTY))
    return errors


async def _store_content(plan_id: int, data: PlanIn) -> None:
    c = conn()
    if data.new_orgs:  # one statement, the new orgs in the plan's order
        new = data.new_orgs
        await c.execute(
            """INSERT INTO plan_org (plan_id, ref, name, type, parent_id, parent_ref, detail)
               SELECT $1, u.ref, u.name, u.type, u.parent_id, u.parent_ref, u.detail::jsonb
               FROM unnest($2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::text[])
                    WITH ORDINALITY AS u(ref, name, type, parent_id, parent_ref, detail, n)
               ORDER BY u.n""",
            plan_id,
            [o.ref for o in new],
            [o.name.strip() for o in new],
            [o.type for o in new],
            [o.parent_id for o in new],
            [o.parent_ref for o in new],
            [
                msgspec.json.encode(
                    {
                        "enterprise_name": (o.enterprise_name or "").strip() or None,
                        "credit_code": _code(o),
                        "public_sector": o.public_sector,
                        "above_scale": o.above_scale,
                        "zone_id": o.zone_id,
                    }
                ).decode()
                for o in new
            ],
        )
    if data.moves:
        await c.execute(
            """INSERT INTO plan_move (plan_id, org_id, to_parent_id, to_ref)
               SELECT $1, u.org_id, u.to_parent_id, u.to_ref FROM unnest($2::int[], $3::int[], $4::text[])
               AS u(org_id, to_parent_id, to_ref)""",
            plan_id,
            [m.org_id for m in data.moves],
            [m.parent_id for m in data.moves],
            [m.parent_ref for m in data.moves],
        )


class _Found(msgspec.Struct):
    orgs: set[int]
    zones: set[int]
    codes: dict[str, int]  # credit code -> the org already holding it


async def _lookup(org_ids: set[int], zone_ids: set[int], codes: set[str], created: list[int]) -> _Found:
    """Which of these orgs and zones exist, and which credit codes other orgs (not `created`) hold: one statement."""
    row = await conn().fetchrow(
        """SELECT ARRAY(SELECT id FROM org WHERE id = ANY($1::int[])) AS orgs,
                  ARRAY(SELECT id FROM zone WHERE id = ANY($2::int[])) AS zones,
                  ARRAY(SELECT credit_code FROM org WHERE credit_code = ANY($3::text[]) AND NOT id = ANY($4::int[])
                        ORDER BY id) AS codes,
                  ARRAY(SELECT id FROM org WHERE credit_code = ANY($3::text[]) AND NOT id = ANY($4::int[])
                        ORDER BY id) AS holders""",
        [i for i in org_ids if 0 < i <= INT4_MAX],
        [i for i in zone_ids if 0 < i <= INT4_MAX],
        list(codes),
        created,
    )
    return _Found(orgs=set(row["orgs"]), zones=set(row["zones"]), codes=dict(zip(row["codes"], row["holders"])))


async def _check_content(data: PlanIn) -> None:
    """Field errors for the plan's shape, for orgs and zones that do not exist and credit codes other orgs hold."""
    errors = _check_shape(data)
    wanted = (
        {m.org_id for m in data.moves}
        | {m.parent_id for m in data.moves if m.parent_id is not None}
        | {o.parent_id for o in data.new_orgs if o.parent_id is not None}
    )
    found = await _lookup(
        wanted,
        {o.zone_id for o in data.new_orgs if o.zone_id is not None},
        {code for o in data.new_orgs if (code := _code(o)) is not None and creditcode.is_valid(code)},
        [],
    )
    for i, m in enumerate(data.moves):
        if m.org_id not in found.orgs:
            errors.append(FieldError(f"moves[{i}].org_id", NO_ORG, org=m.org_id))
        if m.parent_id is not None and m.parent_id not in found.orgs:
            errors.append(FieldError(f"moves[{i}].parent_id", NO_ORG, org=m.parent_id))
    for i, o in enumerate(data.new_orgs):
        if o.parent_id is not None and o.parent_id not in found.orgs:
            errors.append(FieldError(f"new_orgs[{i}].parent_id", NO_ORG, org=o.parent_id))
        if o.zone_id is not None and o.zone_id not in found.zones:
            errors.append(FieldError(f"new_orgs[{i}].zone_id", NO_ZONE, zone=o.zone_id))
        if (holder := found.codes.get(_code(o) or "")) is not None:
            errors.append(FieldError(f"new_orgs[{i}].credit_code", CREDIT_CODE_USED, org=holder))
    if errors:
        raise InvalidInput(errors)


async def create_plan(data: PlanIn, actor: Actor = SYSTEM) -> PlanOut:
    await _check_content(data)
    plan_id = await conn().fetchval(
        "INSERT INTO plan (name, effective_on, status, note, created_at) VALUES ($1, $2, 'draft', $3, now()) RETURNING id",
        data.name.strip(),
        data.effective_on,
        data.note,
    )
    await _store_content(plan_id, data)
    await activity.record(
        "orgs.plan.drafted", f"plan:{plan_id}", {"moves": len(data.moves), "new_orgs": len(data.new_orgs)}, actor
    )
    return await get_plan(plan_id)


async def _plan_row(plan_id: int, *, lock: bool = False) -> dict[str, Any]:
    row = await conn().fetchrow(f"SELECT * FROM plan WHERE id = $1{' FOR UPDATE' if lock else ''}", plan_id)
    if row is None:
        raise NotFound(PLAN_NOT_FOUND, key=plan_id)
    return dict(row)


async def update_plan(plan_id: int, data: PlanIn, actor: Actor = SYSTEM) -> PlanOut:
    """Replace a draft's content (name, date, new orgs, moves)."""
    plan = await _plan_row(plan_id, lock=True)
    if plan["status"] == "applied":
        raise Conflict(PLAN_APPLIED)
    await _check_content(data)
    c = conn()
    await c.execute("DELETE FROM plan_org WHERE plan_id = $1", plan_id)
    await c.execute("DELETE FROM plan_move WHERE plan_id = $1", plan_id)
    await c.execute(
        "UPDATE plan SET name = $2, effective_on = $3, note = $4 WHERE id = $1",
        plan_id,
        data.name.strip(),
        data.effective_on,
        data.note,
    )
    await _store_content(plan_id, data)
    await activity.record("orgs.plan.edited", f"plan:{plan_id}", {}, actor)
    return await get_plan(plan_id)


async def delete_plan(plan_id: int, actor: Actor = SYSTEM) -> None:
    plan = await _plan_row(plan_id, lock=True)
    if plan["status"] == "applied":
        raise Conflict(PLAN_APPLIED_DELETE, code="plan_applied")
    await conn().execute("DELETE FROM plan WHERE id = $1", plan_id)
    await activity.record("orgs.plan.deleted", f"plan:{plan_id}", {}, actor)


async def get_plan(plan_id: int) -> PlanOut:
    plan = await _plan_row(plan_id)
    c = conn()
    new_orgs = [
        PlanNewOrg(
            ref=r["ref"],
            name=r["name"],
            type=r["type"],
            parent_id=r["parent_id"],
            parent_ref=r["parent_ref"],
            created_org_id=r["created_org_id"],
            **msgspec.json.decode(r["detail"]) if isinstance(r["detail"], (str, bytes)) else r["detail"],
        )
        for r in await c.fetch("SELECT * FROM plan_org WHERE plan_id = $1 ORDER BY id", plan_id)
    ]
    moves = [
        PlanMoveIn(
            org_id=r["org_id"], parent_id=r["to_parent_id"], parent_ref=r["to_ref"], from_parent_id=r["from_parent_id"]
        )
        for r in await c.fetch("SELECT * FROM plan_move WHERE plan_id = $1 ORDER BY id", plan_id)
    ]
    return PlanOut(
        id=plan["id"],
        name=plan["name"],
        effective_on=plan["effective_on"],
        status=plan["status"],
        note=plan["note"],
        new_orgs=new_orgs,
        moves=moves,
        created_at=plan["created_at"],
        applied_at=plan["applied_at"],
        rolled_back_at=plan["rolled_back_at"],
    )


async def list_plans(status: str | None = None, *, limit: int = 50, cursor: str | None = None) -> Page[PlanSummary]:
    """Plans, latest effective date first (the key is the row's place in that order)."""
    if status is not None and status not in ("draft", "applied", "rolled_back"):
        raise invalid("status", ONE_OF, choices="draft, applied, rolled_back")
    rows, next_cursor = await keyset_sql(
        """SELECT p.id, p.name, p.effective_on, p.status,
                  (SELECT count(*) FROM plan_move m WHERE m.plan_id = p.id)::int AS moves,
                  (SELECT count(*) FROM plan_org o WHERE o.plan_id = p.id)::int AS new_orgs,
                  row_number() OVER (ORDER BY p.effective_on DESC, p.id DESC) AS pos
           FROM plan p WHERE ($1::text IS NULL OR p.status = $1)""",
        status,
        key="pos",
        limit=limit,
        cursor=cursor,
    )
    return Page(
        items=[PlanSummary(**{k: v for k, v in r.items() if k != "pos"}) for r in rows], next_cursor=next_cursor
    )


# --- preview -------------------------------------------------------------------------


class _Simulation(msgspec.Struct):
    preview: PlanPreview
    plan: PlanOut
    # parent after the plan, for existing orgs moved; new orgs by ref
    targets: dict[int, int | str | None]


async def _cycles(plan: PlanOut, moves: dict[int, str]) -> list[tuple[str, dt.date]]:
    """The plan's orgs ("o:<id>" moved, "n:<ref>" new) that would be their own ancestor, each with the first
    day it happens: the plan's parents laid over the dated links, walked up on the effective date and on every
    later date a link of an org those walks can meet starts (as `service._would_cycle` does for one move; a
    walk changes only when a link on it does). One statement, however many orgs."""
    node = {f"n:{o.ref}": -(i + 1) for i, o in enumerate(plan.new_orgs)}  # new orgs get negative ids

    def as_id(key: str | None) -> int | None:
        return None if key is None else node[key] if key.startswith("n:") else int(key[2:])

    overlay = [(org_id, as_id(parent)) for org_id, parent in moves.items()] + [
        (node[f"n:{o.ref}"], o.parent_id if o.parent_ref is None else node[f"n:{o.parent_ref}"]) for o in plan.new_orgs
    ]
    if not overlay:
        return []
    rows = await conn().fetch(
        f"""WITH RECURSIVE overlay(id, parent_id) AS (SELECT * FROM unnest($1::int[], $2::int[])),
              -- every org a walk up could meet on the day or later; only their links change the walks
              reach(id) AS (
                SELECT parent_id FROM overlay WHERE parent_id IS NOT NULL
                UNION
                SELECT coalesce(ov.parent_id, l.parent_id)
                FROM reach LEFT JOIN overlay ov ON ov.id = reach.id
                           LEFT JOIN org_link l ON ov.id IS NULL AND l.org_id = reach.id
                                                AND (l.valid_to IS NULL OR l.valid_to > $3)
                WHERE coalesce(ov.parent_id, l.parent_id) IS NOT NULL),
              days(d) AS (SELECT $3::date UNION SELECT l.valid_from FROM org_link l JOIN reach ON l.org_id = reach.id
                                              WHERE l.valid_from > $3),
              up(start, id, d) AS (
                SELECT ov.id, ov.parent_id, days.d FROM overlay ov CROSS JOIN days WHERE ov.parent_id IS NOT NULL
                UNION
                SELECT up.start, coalesce(ov.parent_id, l.parent_id), up.d
                FROM up LEFT JOIN overlay ov ON ov.id = up.id
                        LEFT JOIN org_link l ON ov.id IS NULL AND l.org_id = up.id AND {valid_sql("l", "up.d")}
                WHERE up.id <> up.start AND coalesce(ov.parent_id, l.parent_id) IS NOT NULL)
            SELECT start, min(d) AS d FROM up WHERE id = start GROUP BY start""",
        [i for i, _ in overlay],
        [p for _, p in overlay],
        plan.effective_on,
    )
    key_of = {v: k for k, v in node.items()}
    first = {r["start"]: r["d"] for r in rows}
    return [(key_of.get(i, f"o:{i}"), first[i]) for i, _ in overlay if i in first]


async def _simulate(plan_id: int) -> _Simulation:
    plan = await get_plan(plan_id)
    c = conn()
    # Each org with its parent on the effective date (`on_day`: it has a link that day, i.e. exists then).
    orgs = {
        r["id"]: r
        for r in await c.fetch(
            f"""SELECT o.id, o.name, o.type, o.parent_id, o.closed_on, l.parent_id AS parent_on_day,
                   l.id IS NOT NULL AS on_day
            FROM org o LEFT JOIN org_link l ON l.org_id = o.id AND {valid_sql("l", "$1")}""",
            plan.effective_on,
        )
    }
    moved_ids = [m.org_id for m in plan.moves]
    link_from = {
        r["org_id"]: r["valid_from"]
        for r in await c.fetch(
            "SELECT org_id, valid_from FROM org_link WHERE org_id = ANY($1::int[]) AND valid_to IS NULL", moved_ids
        )
    }
    warnings: list[PlanWarning] = []
    day = plan.effective_on

    def warn(code: str, message: Msg, blocking: bool, org_id: int | None = None, **params: Any) -> None:
        warnings.append(plan_warning(code, message, params, blocking=blocking, org_id=org_id))

    def closing(closed_on: dt.date) -> str | None:
        """The day an org closes on, when it is later than today (None: it is closed already)."""
        return None if closed_on <= today() else closed_on.isoformat()

    # Parents on the effective date before and after, over existing orgs ("o:<id>") and new ones ("n:<ref>").
    before: dict[str, str | None] = {
        f"o:{i}": (f"o:{r['parent_on_day']}" if r["parent_on_day"] else None) for i, r in orgs.items() if r["on_day"]
    }
    after = dict(before)
    names = {f"o:{i}": r["name"] for i, r in orgs.items()}
    for o in plan.new_orgs:
        key = f"n:{o.ref}"
        names[key] = o.name
        after[key] = f"o:{o.parent_id}" if o.parent_id is not None else (f"n:{o.parent_ref}" if o.parent_ref else None)
        if o.parent_id is not None:
            parent = orgs.get(o.parent_id)
            if parent is None:
                warn("unknown_parent", PLAN_WARN_NEW_UNKNOWN_PARENT, True, name=o.name, parent=o.parent_id)
            elif parent["closed_on"] is not None:
                closes = closing(parent["closed_on"])
                message = PLAN_WARN_NEW_PARENT_CLOSING if closes else PLAN_WARN_NEW_PARENT_CLOSED
                warn("parent_closed", message, True, name=o.name, parent=parent["name"], on=closes)
    # Credit codes and zones: checked when drafted, but another org may have taken the code since.
    created = [o.created_org_id for o in plan.new_orgs if o.created_org_id is not None]
    found = await _lookup(
        set(),
        {o.zone_id for o in plan.new_orgs if o.zone_id is not None},
        {code for o in plan.new_orgs if (code := _code(o)) is not None},
        created,
    )
    first_with: dict[str, str] = {}
    for o in plan.new_orgs:
        if o.zone_id is not None and o.zone_id not in found.zones:
            warn("unknown_zone", PLAN_WARN_UNKNOWN_ZONE, True, name=o.name, zone=o.zone_id)
        code = _code(o)
        if code is None:
            continue
        if code in found.codes:
            warn("credit_code_taken", PLAN_WARN_CODE_TAKEN, True, name=o.name, org=found.codes[code])
        elif code in first_with:
            warn("credit_code_taken", PLAN_WARN_CODE_TWICE, True, name=o.name, other=first_with[code])
        first_with.setdefault(code, o.name)
    targets: dict[int, int | str | None] = {}
    moved_to: dict[int, str] = {}  # the moves that get as far as the cycle check
    for m in plan.moves:
        org = orgs.get(m.org_id)
        if org is None:
            warn("unknown_org", PLAN_WARN_UNKNOWN_ORG, True, m.org_id, org=m.org_id)
            continue
        target_key = f"o:{m.parent_id}" if m.parent_id is not None else f"n:{m.parent_ref}"
        targets[m.org_id] = m.parent_id if m.parent_id is not None else m.parent_ref
        if org["closed_on"] is not None:
            closes = closing(org["closed_on"])
            message = PLAN_WARN_ORG_CLOSING if closes else PLAN_WARN_ORG_CLOSED
            warn("org_closed", message, True, m.org_id, name=org["name"], on=closes)
            continue
        if m.parent_id is not None:
            parent = orgs.get(m.parent_id)
            if parent is None:
                warn("unknown_parent", PLAN_WARN_UNKNOWN_PARENT, True, m.org_id, parent=m.parent_id)
                continue
            if parent["closed_on"] is not None:
                closes = closing(parent["closed_on"])
                message = PLAN_WARN_PARENT_CLOSING if closes else PLAN_WARN_PARENT_CLOSED
                warn("parent_closed", message, True, m.org_id, name=org["name"], parent=parent["name"], on=closes)
            elif not parent["on_day"]:
                warn("parent_not_founded", PLAN_WARN_PARENT_NOT_FOUNDED, True, m.org_id, parent=parent["name"], day=day)
            if m.parent_id == m.org_id:
                warn("self_parent", PLAN_WARN_SELF_PARENT, True, m.org_id, name=org["name"])
                continue
            if org["parent_id"] == m.parent_id:  # a move that changes nothing (another plan or move got there)
                warn("no_change", PLAN_WARN_NO_CHANGE, True, m.org_id, name=org["name"], parent=parent["name"])
            if parent["type"] == "enterprise_union" and parent["closed_on"] is None:
                warn(
                    "unusual_parent", PLAN_WARN_UNUSUAL_PARENT, False, m.org_id, name=org["name"], parent=parent["name"]
                )
        if m.org_id in link_from and day < link_from[m.org_id]:
            since = link_from[m.org_id]
            warn(
                "before_current_parent", PLAN_WARN_BEFORE_CURRENT_PARENT, True, m.org_id, name=org["name"], since=since
            )
        after[f"o:{m.org_id}"] = moved_to[m.org_id] = target_key
    # Cycles, on the effective date and on every later date the tree is scheduled to change.
    cycles = await _cycles(plan, moved_to)
    for key, on in cycles:
        org_id = int(key[2:]) if key.startswith("o:") else None
        if on == day:
            warn("cycle", PLAN_WARN_CYCLE, True, org_id, name=names[key])
        else:
            warn("cycle", PLAN_WARN_CYCLE_LATER, True, org_id, name=names[key], on=on.isoformat())
    # Child counts per parent touched by the plan, before and after.
    touched: set[str] = set()
    for m in plan.moves:
        key = f"o:{m.org_id}"
        for k in (before.get(key), after.get(key)):
            if k is not None:
                touched.add(k)
    for o in plan.new_orgs:
        touched.add(f"n:{o.ref}")
        if parent := after.get(f"n:{o.ref}"):
            touched.add(parent)

    def count(tree: dict[str, str | None]) -> dict[str, int]:
        counts: dict[str, int] = {}
        for parent in tree.values():
            if parent is not None:
                counts[parent] = counts.get(parent, 0) + 1
        return counts

    b, a = count(before), count(after)
    parents = [
        ParentCount(
            parent_id=int(k[2:]) if k.startswith("o:") else None,
            ref=k[2:] if k.startswith("n:") else None,
            name=names.get(k, k),
            before=b.get(k, 0),
            after=a.get(k, 0),
        )
        for k in sorted(touched, key=lambda k: (k[0], int(k[2:]) if k.startswith("o:") else 0, k))
    ]
    members = await c.fetchval(
        f"""WITH RECURSIVE t(id) AS (SELECT unnest($1::int[]) UNION SELECT o.id FROM org o JOIN t ON o.parent_id = t.id)
            SELECT count(*)::int FROM member m WHERE m.org_id IN (SELECT id FROM t) AND {ACTIVE}""",
        [m for m in moved_ids if m in orgs],
    )
    preview = PlanPreview(
        plan_id=plan.id,
        effective_on=day,
        moves=len(plan.moves),
        new_orgs=len(plan.new_orgs),
        members_affected=members,
        parents=parents,
        warnings=warnings,
        can_apply=not any(w.blocking for w in warnings),
    )
    return _Simulation(preview=preview, plan=plan, targets=targets)


async def preview_plan(plan_id: int) -> PlanPreview:
    """What applying the plan would change; for an applied plan, what it changed (`plan_record`)."""
    from server.modules.orgs import plan_record  # it builds on this module's Structs

    plan = await get_plan(plan_id)
    if plan.status == "applied":
        return await plan_record.applied_preview(plan)
    preview = (await _simulate(plan_id)).preview
    if plan.status == "rolled_back":
        preview.warnings.insert(0, plan_record.rolled_back_warning(plan))
    return preview


# --- apply and roll back -----------------------------------------------------------------


async def _write(sim: _Simulation, plan_id: int, day: dt.date) -> int:
    """Apply's writes (a fixed number of statements); the number of orgs created."""
    c = conn()
    created: dict[str, int] = {}
    if sim.plan.new_orgs:
        new = sim.plan.new_orgs
        ids = await c.fetch(
            """INSERT INTO org (name, type, parent_id, enterprise_name, credit_code, public_sector, above_scale,
                                zone_id, founded_on, created_at)
               SELECT u.name, u.type, u.parent_id, u.enterprise_name, u.credit_code, u.public_sector, u.above_scale,
                      u.zone_id, $10, now()
               FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::text[], $6::bool[], $7::bool[],
                           $8::int[], $9::int[]) WITH ORDINALITY
                    AS u(name, type, parent_id, enterprise_name, credit_code, public_sector, above_scale, zone_id, n)
               ORDER BY u.n RETURNING id""",
            [o.name for o in new],
            [o.type for o in new],
            [o.parent_id for o in new],
            [(o.enterprise_name or "").strip() or None for o in new],
            [_code(o) for o in new],
            [o.public_sector for o in new],
            [o.above_scale for o in new],
            [o.zone_id for o in new],
            list(range(len(new))),
            day,
        )
        created = {o.ref: r["id"] for o, r in zip(new, ids)}
        parent_of = [created[o.parent_ref] if o.parent_ref else o.parent_id for o in new]
        new_ids = [created[o.ref] for o in new]
        await c.execute(
            "UPDATE org o SET parent_id = u.p FROM unnest($1::int[], $2::int[]) AS u(id, p) WHERE o.id = u.id",
            new_ids,
            parent_of,
        )
        await c.execute(
            """INSERT INTO org_link (org_id, parent_id, valid_from, plan_id)
               SELECT u.id, u.p, $3, $4 FROM unnest($1::int[], $2::int[]) AS u(id, p)""",
            new_ids,
            parent_of,
            day,
            plan_id,
        )
        await c.execute(
            """UPDATE plan_org po SET created_org_id = u.id FROM unnest($1::text[], $2::int[]) AS u(ref, id)
               WHERE po.plan_id = $3 AND po.ref = u.ref""",
            list(created),
            list(created.values()),
            plan_id,
        )
    if sim.targets:
        moved = list(sim.targets)
        to = [t if isinstance(t, int) or t is None else created[t] for t in sim.targets.values()]
        await c.execute(
            """UPDATE plan_move pm SET from_parent_id = o.parent_id FROM org o
               WHERE pm.plan_id = $1 AND o.id = pm.org_id""",
            plan_id,
        )
        await c.execute(
            """UPDATE org_link SET valid_to = $2, closed_by_plan_id = $3
               WHERE org_id = ANY($1::int[]) AND valid_to IS NULL""",
            moved,
            day,
            plan_id,
        )
        await c.execute(
            """INSERT INTO org_link (org_id, parent_id, valid_from, plan_id)
               SELECT u.id, u.p, $3, $4 FROM unnest($1::int[], $2::int[]) AS u(id, p)""",
            moved,
            to,
            day,
            plan_id,
        )
        await c.execute(
            "UPDATE org o SET parent_id = u.p FROM unnest($1::int[], $2::int[]) AS u(id, p) WHERE o.id = u.id",
            moved,
            to,
        )
    return len(created)


async def apply_plan(plan_id: int, actor: Actor = SYSTEM) -> PlanPreview:
    """Create the new orgs, then move every org, at the effective date; all in this transaction.
    The tree is locked first (`lock_tree`), so what the simulation checks is what the writes change."""
    await lock_tree()
    plan_row = await _plan_row(plan_id, lock=True)
    if plan_row["status"] == "applied":
        raise Conflict(PLAN_APPLIED_AGAIN, code="plan_applied")
    sim = await _simulate(plan_id)
    if not sim.preview.can_apply:
        raise PlanInvalid([w for w in sim.preview.warnings if w.blocking])
    c = conn()
    day = sim.plan.effective_on
    try:
        new_orgs = await _write(sim, plan_id, day)
    except asyncpg.UniqueViolationError:
        raise Conflict(PLAN_CODE_TAKEN, code="credit_code_taken") from None
    except asyncpg.ForeignKeyViolationError:
        raise Conflict(PLAN_TARGET_GONE) from None
    await c.execute(
        "UPDATE plan SET status = 'applied', applied_at = now(), rolled_back_at = NULL WHERE id = $1", plan_id
    )
    await activity.record(
        "orgs.plan.applied",
        f"plan:{plan_id}",
        {"moves": len(sim.targets), "new_orgs": new_orgs, "effective_on": day.isoformat()},
        actor,
    )
    return sim.preview


async def rollback_plan(plan_id: int, actor: Actor = SYSTEM) -> PlanOut:
    """Undo an applied plan as a whole: the tree (and its history) is exactly as before."""
    await lock_tree()
    plan = await _plan_row(plan_id, lock=True)
    if plan["status"] != "applied":
        raise Conflict(PLAN_NOT_APPLIED, status=plan["status"])
    c = conn()
    superseded = await c.fetchval("SELECT count(*) FROM org_link WHERE plan_id = $1 AND valid_to IS NOT NULL", plan_id)
    if superseded:
        raise RuleViolation(PLAN_SUPERSEDED, count=superseded)
    # The orgs the plan created, and what else names them, in its history too: members placed there on any
    # day (a transfer scheduled later included), social workers, and orgs under them through a link this plan
    # did not open. Deleting them would lose that history or break it (the due-transfers job, the dated tree).
    # Their rows are locked first: an import or a new member put there and not yet committed (holding the
    # row by its foreign key) is waited for and then counted; counted unlocked, the DELETE below met it
    # (a RestrictViolationError, a 500).
    await c.execute(
        "SELECT o.id FROM plan_org po JOIN org o ON o.id = po.created_org_id WHERE po.plan_id = $1 "
        "ORDER BY o.id FOR UPDATE OF o",
        plan_id,
    )
    rows = await c.fetch(
        """SELECT o.id, o.name,
                  (SELECT count(*) FROM (SELECT p.member_id FROM placement p WHERE p.org_id = o.id
                                         UNION SELECT m.id FROM member m WHERE m.org_id = o.id) x)::int AS members,
                  (SELECT count(*) FROM social_worker w WHERE w.org_id = o.id)::int AS social_workers,
                  (SELECT count(DISTINCT l.org_id) FROM org_link l
                    WHERE l.parent_id = o.id AND l.plan_id IS DISTINCT FROM $1)::int AS child_orgs
           FROM plan_org po JOIN org o ON o.id = po.created_org_id WHERE po.plan_id = $1 ORDER BY po.id""",
        plan_id,
    )
    created = [r["id"] for r in rows]
    in_use = [dict(r) for r in rows if r["members"] or r["social_workers"] or r["child_orgs"]]
    if in_use:
        raise PlanOrgsInUse(in_use)
    await c.execute("DELETE FROM org_link WHERE plan_id = $1", plan_id)
    await c.execute(
        "UPDATE org_link SET valid_to = NULL, closed_by_plan_id = NULL WHERE closed_by_plan_id = $1", plan_id
    )
    await c.execute(
        """UPDATE org o SET parent_id = pm.from_parent_id FROM plan_move pm
                       WHERE pm.plan_id = $1 AND o.id = pm.org_id""",
        plan_id,
    )
    if created:
        await c.execute("UPDATE org SET parent_id = NULL WHERE id = ANY($1::int[])", created)
        await c.execute("DELETE FROM org WHERE id = ANY($1::int[])", created)
    await c.execute("UPDATE plan_org SET created_org_id = NULL WHERE plan_id = $1", plan_id)
    await c.execute("UPDATE plan SET status = 'rolled_back', rolled_back_at = now() WHERE id = $1", plan_id)
    await activity.record("orgs.plan.rolled_back", f"plan:{plan_id}", {}, actor)
    return await get_plan(plan_id)


__all__ = [
    "PlanIn",
    "PlanNewOrg",
    "PlanMoveIn",
    "PlanOut",
    "PlanPreview",
    "PlanSummary",
    "PlanWarning",
    "ParentCount",
    "create_plan",
    "update_plan",
    "delete_plan",
    "get_plan",
    "list_plans",
    "preview_plan",
    "apply_plan",
    "rollback_plan",
]
