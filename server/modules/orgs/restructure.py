"""Restructuring plans (组织调整方案): new orgs created first, then many orgs moved
to new parents at one effective date.

A plan is drafted, previewed (before/after child counts per parent, members
affected, warnings), applied in the caller's one transaction and rolled back
as a whole. Both apply and rollback issue a fixed number of set-based
statements, however many orgs move. History stays exact: applying closes each
moved org's open `org_link` (marked `closed_by_plan_id`) and opens a new one
(marked `plan_id`); rolling back deletes the plan's links, reopens the closed
ones and deletes the orgs the plan created, so the tree as of any date is what
it was before.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec

from server.errors import Conflict, FieldError, InvalidInput, NotFound, RuleViolation, invalid
from server.modules.core import service as activity
from server.modules.orgs import creditcode
from server.modules.orgs.service import ACTIVE, OrgType, conn
from server.platform.roles import SYSTEM, Actor


class PlanNewOrg(msgspec.Struct, forbid_unknown_fields=True):
    ref: str                       # how moves and other new orgs of this plan refer to it
    name: str
    type: str
    parent_id: int | None = None
    parent_ref: str | None = None
    enterprise_name: str | None = None
    credit_code: str | None = None
    public_sector: bool | None = None
    above_scale: bool | None = None
    zone_id: int | None = None
    created_org_id: int | None = None  # set when applied


class PlanMoveIn(msgspec.Struct, forbid_unknown_fields=True):
    org_id: int
    parent_id: int | None = None
    parent_ref: str | None = None
    from_parent_id: int | None = None  # recorded when applied


class PlanIn(msgspec.Struct, forbid_unknown_fields=True):
    name: str
    effective_on: dt.date
    new_orgs: list[PlanNewOrg] = []
    moves: list[PlanMoveIn] = []
    note: str = ""


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
    code: str
    message: str
    blocking: bool
    org_id: int | None = None


class ParentCount(msgspec.Struct):
    parent_id: int | None      # an existing org (None with `ref` for an org the plan creates)
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


# --- drafting ---------------------------------------------------------------------

def _check_shape(data: PlanIn) -> None:
    errors: list[FieldError] = []
    if not 1 <= len(data.name.strip()) <= 200:
        errors.append(FieldError("name", "must be 1-200 characters"))
    refs: set[str] = set()
    for i, o in enumerate(data.new_orgs):
        at = f"new_orgs[{i}]"
        if not o.ref.strip() or len(o.ref) > 50:
            errors.append(FieldError(f"{at}.ref", "must be 1-50 characters"))
        elif o.ref in refs:
            errors.append(FieldError(f"{at}.ref", f"ref {o.ref!r} is used twice"))
        refs.add(o.ref)
        if not 1 <= len(o.name.strip()) <= 200:
            errors.append(FieldError(f"{at}.name", "must be 1-200 characters"))
        if o.type not in OrgType._value2member_map_:
            errors.append(FieldError(f"{at}.type", f"unknown type; one of: {', '.join(t.value for t in OrgType)}"))
        if o.credit_code and not creditcode.is_valid(o.credit_code):
            errors.append(FieldError(f"{at}.credit_code", "not a valid unified social credit code"))
        if o.parent_id is not None and o.parent_ref is not None:
            errors.append(FieldError(f"{at}.parent_ref", "give parent_id or parent_ref, not both"))
    for i, o in enumerate(data.new_orgs):
        if o.parent_ref is not None and o.parent_ref not in refs:
            errors.append(FieldError(f"new_orgs[{i}].parent_ref", f"no new org with ref {o.parent_ref!r}"))
    seen: set[int] = set()
    for i, m in enumerate(data.moves):
        at = f"moves[{i}]"
        if m.org_id in seen:
            errors.append(FieldError(f"{at}.org_id", f"org {m.org_id} is moved twice"))
        seen.add(m.org_id)
        if m.parent_id is not None and m.parent_ref is not None:
            errors.append(FieldError(f"{at}.parent_ref", "give parent_id or parent_ref, not both"))
        if m.parent_id is None and m.parent_ref is None:
            errors.append(FieldError(f"{at}.parent_id", "a move needs a new parent (parent_id or parent_ref)"))
        if m.parent_ref is not None and m.parent_ref not in refs:
            errors.append(FieldError(f"{at}.parent_ref", f"no new org with ref {m.parent_ref!r}"))
    if not data.moves and not data.new_orgs:
        errors.append(FieldError("moves", "a plan needs at least one move or new org"))
    if errors:
        raise InvalidInput(errors)


async def _store_content(plan_id: int, data: PlanIn) -> None:
    c = conn()
    if data.new_orgs:
        await c.executemany(
            """INSERT INTO plan_org (plan_id, ref, name, type, parent_id, parent_ref, detail)
               VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)""",
            [(plan_id, o.ref, o.name.strip(), o.type, o.parent_id, o.parent_ref, msgspec.json.encode({
                "enterprise_name": o.enterprise_name, "credit_code": o.credit_code, "public_sector": o.public_sector,
                "above_scale": o.above_scale, "zone_id": o.zone_id}).decode()) for o in data.new_orgs])
    if data.moves:
        await c.execute(
            """INSERT INTO plan_move (plan_id, org_id, to_parent_id, to_ref)
               SELECT $1, u.org_id, u.to_parent_id, u.to_ref FROM unnest($2::int[], $3::int[], $4::text[])
               AS u(org_id, to_parent_id, to_ref)""",
            plan_id, [m.org_id for m in data.moves], [m.parent_id for m in data.moves],
            [m.parent_ref for m in data.moves])


async def _check_orgs_exist(data: PlanIn) -> None:
    wanted = {m.org_id for m in data.moves} | {m.parent_id for m in data.moves if m.parent_id is not None} \
        | {o.parent_id for o in data.new_orgs if o.parent_id is not None}
    found = {r["id"] for r in await conn().fetch("SELECT id FROM org WHERE id = ANY($1::int[])", list(wanted))}
    errors = []
    for i, m in enumerate(data.moves):
        if m.org_id not in found:
            errors.append(FieldError(f"moves[{i}].org_id", f"org {m.org_id} not found"))
        if m.parent_id is not None and m.parent_id not in found:
            errors.append(FieldError(f"moves[{i}].parent_id", f"org {m.parent_id} not found"))
    for i, o in enumerate(data.new_orgs):
        if o.parent_id is not None and o.parent_id not in found:
            errors.append(FieldError(f"new_orgs[{i}].parent_id", f"org {o.parent_id} not found"))
    if errors:
        raise InvalidInput(errors)


async def create_plan(data: PlanIn, actor: Actor = SYSTEM) -> PlanOut:
    _check_shape(data)
    await _check_orgs_exist(data)
    plan_id = await conn().fetchval(
        "INSERT INTO plan (name, effective_on, status, note, created_at) VALUES ($1, $2, 'draft', $3, now()) RETURNING id",
        data.name.strip(), data.effective_on, data.note)
    await _store_content(plan_id, data)
    await activity.record("orgs.plan.drafted", f"plan:{plan_id}",
                          {"moves": len(data.moves), "new_orgs": len(data.new_orgs)}, actor)
    return await get_plan(plan_id)


async def _plan_row(plan_id: int, *, lock: bool = False) -> dict[str, Any]:
    row = await conn().fetchrow(f"SELECT * FROM plan WHERE id = $1{' FOR UPDATE' if lock else ''}", plan_id)
    if row is None:
        raise NotFound("plan", plan_id)
    return dict(row)


async def update_plan(plan_id: int, data: PlanIn, actor: Actor = SYSTEM) -> PlanOut:
    """Replace a draft's content (name, date, new orgs, moves)."""
    plan = await _plan_row(plan_id, lock=True)
    if plan["status"] == "applied":
        raise Conflict("an applied plan cannot be edited; roll it back first", code="plan_applied")
    _check_shape(data)
    await _check_orgs_exist(data)
    c = conn()
    await c.execute("DELETE FROM plan_org WHERE plan_id = $1", plan_id)
    await c.execute("DELETE FROM plan_move WHERE plan_id = $1", plan_id)
    await c.execute("UPDATE plan SET name = $2, effective_on = $3, note = $4 WHERE id = $1",
                    plan_id, data.name.strip(), data.effective_on, data.note)
    await _store_content(plan_id, data)
    await activity.record("orgs.plan.edited", f"plan:{plan_id}", {}, actor)
    return await get_plan(plan_id)


async def delete_plan(plan_id: int, actor: Actor = SYSTEM) -> None:
    plan = await _plan_row(plan_id, lock=True)
    if plan["status"] == "applied":
        raise Conflict("an applied plan cannot be deleted; roll it back first", code="plan_applied")
    await conn().execute("DELETE FROM plan WHERE id = $1", plan_id)
    await activity.record("orgs.plan.deleted", f"plan:{plan_id}", {}, actor)


async def get_plan(plan_id: int) -> PlanOut:
    plan = await _plan_row(plan_id)
    c = conn()
    new_orgs = [PlanNewOrg(ref=r["ref"], name=r["name"], type=r["type"], parent_id=r["parent_id"],
                           parent_ref=r["parent_ref"], created_org_id=r["created_org_id"],
                           **msgspec.json.decode(r["detail"]) if isinstance(r["detail"], (str, bytes)) else r["detail"])
                for r in await c.fetch("SELECT * FROM plan_org WHERE plan_id = $1 ORDER BY id", plan_id)]
    moves = [PlanMoveIn(org_id=r["org_id"], parent_id=r["to_parent_id"], parent_ref=r["to_ref"],
                        from_parent_id=r["from_parent_id"])
             for r in await c.fetch("SELECT * FROM plan_move WHERE plan_id = $1 ORDER BY id", plan_id)]
    return PlanOut(id=plan["id"], name=plan["name"], effective_on=plan["effective_on"], status=plan["status"],
                   note=plan["note"], new_orgs=new_orgs, moves=moves, created_at=plan["created_at"],
                   applied_at=plan["applied_at"], rolled_back_at=plan["rolled_back_at"])


async def list_plans(status: str | None = None) -> list[PlanSummary]:
    if status is not None and status not in ("draft", "applied", "rolled_back"):
        raise invalid("status", "one of draft, applied, rolled_back")
    rows = await conn().fetch(
        """SELECT p.id, p.name, p.effective_on, p.status,
                  (SELECT count(*) FROM plan_move m WHERE m.plan_id = p.id)::int AS moves,
                  (SELECT count(*) FROM plan_org o WHERE o.plan_id = p.id)::int AS new_orgs
           FROM plan p WHERE ($1::text IS NULL OR p.status = $1) ORDER BY p.effective_on DESC, p.id DESC""", status)
    return [PlanSummary(**dict(r)) for r in rows]


# --- preview -------------------------------------------------------------------------

class _Simulation(msgspec.Struct):
    preview: PlanPreview
    plan: PlanOut
    # parent after the plan, for existing orgs moved; new orgs by ref
    targets: dict[int, int | str | None]


async def _simulate(plan_id: int) -> _Simulation:
    plan = await get_plan(plan_id)
    c = conn()
    orgs = {r["id"]: r for r in await c.fetch("SELECT id, name, type, parent_id, closed_on FROM org")}
    moved_ids = [m.org_id for m in plan.moves]
    link_from = {r["org_id"]: r["valid_from"] for r in await c.fetch(
        "SELECT org_id, valid_from FROM org_link WHERE org_id = ANY($1::int[]) AND valid_to IS NULL", moved_ids)}
    warnings: list[PlanWarning] = []
    day = plan.effective_on

    def warn(code: str, message: str, blocking: bool, org_id: int | None = None) -> None:
        warnings.append(PlanWarning(code=code, message=message, blocking=blocking, org_id=org_id))

    # Parents before and after, over existing orgs ("o:<id>") and new ones ("n:<ref>").
    before: dict[str, str | None] = {f"o:{i}": (f"o:{r['parent_id']}" if r["parent_id"] else None)
                                     for i, r in orgs.items() if r["closed_on"] is None}
    after = dict(before)
    names = {f"o:{i}": r["name"] for i, r in orgs.items()}
    for o in plan.new_orgs:
        key = f"n:{o.ref}"
        names[key] = o.name
        after[key] = f"o:{o.parent_id}" if o.parent_id is not None else (f"n:{o.parent_ref}" if o.parent_ref else None)
        if o.parent_id is not None:
            parent = orgs.get(o.parent_id)
            if parent is None:
                warn("unknown_parent", f"新组织“{o.name}”的上级 #{o.parent_id} 不存在 / the parent of new org {o.ref} "
                     "no longer exists", True)
            elif parent["closed_on"] is not None:
                warn("parent_closed", f"新组织“{o.name}”的上级“{parent['name']}”已撤销 / new org {o.ref} is placed "
                     "under a closed org", True)
    targets: dict[int, int | str | None] = {}
    for m in plan.moves:
        org = orgs.get(m.org_id)
        if org is None:
            warn("unknown_org", f"组织 #{m.org_id} 不存在 / org {m.org_id} no longer exists", True, m.org_id)
            continue
        target_key = f"o:{m.parent_id}" if m.parent_id is not None else f"n:{m.parent_ref}"
        targets[m.org_id] = m.parent_id if m.parent_id is not None else m.parent_ref
        if org["closed_on"] is not None:
            warn("org_closed", f"“{org['name']}”已撤销，不能调整 / {org['name']} is closed", True, m.org_id)
            continue
        if m.parent_id is not None:
            parent = orgs.get(m.parent_id)
            if parent is None:
                warn("unknown_parent", f"目标上级 #{m.parent_id} 不存在 / target parent {m.parent_id} no longer exists",
                     True, m.org_id)
                continue
            if parent["closed_on"] is not None:
                warn("parent_closed", f"“{org['name']}”不能调整到已撤销的“{parent['name']}”下 / cannot move "
                     f"{org['name']} under the closed org {parent['name']}", True, m.org_id)
            if m.parent_id == m.org_id:
                warn("self_parent", f"“{org['name']}”不能调整到自身之下 / {org['name']} cannot be moved under itself",
                     True, m.org_id)
                continue
            if org["parent_id"] == m.parent_id:
                warn("no_change", f"“{org['name']}”已在“{parent['name']}”之下 / {org['name']} already has this parent",
                     False, m.org_id)
            if parent["type"] == "enterprise_union" and parent["closed_on"] is None:
                warn("unusual_parent", f"“{org['name']}”将隶属于企业工会“{parent['name']}” / {org['name']} would sit "
                     "under an enterprise union", False, m.org_id)
        if m.org_id in link_from and day < link_from[m.org_id]:
            warn("before_current_parent", f"生效日期早于“{org['name']}”现隶属关系的开始日 {link_from[m.org_id]} / the "
                 f"effective date is before {org['name']}'s current parent began", True, m.org_id)
        after[f"o:{m.org_id}"] = target_key
    # Cycles: walking up from a moved org must never come back to it.
    for m in plan.moves:
        key = f"o:{m.org_id}"
        if key not in after or any(w.org_id == m.org_id and w.code == "self_parent" for w in warnings):
            continue
        seen, node = {key}, after.get(key)
        while node is not None:
            if node in seen:
                warn("cycle", f"“{names[key]}”将被调整到自己的下级之下，形成循环 / moving {names[key]} under its own "
                     "descendant would make a cycle", True, m.org_id)
                break
            seen.add(node)
            node = after.get(node)
    # Child counts per parent touched by the plan, before and after.
    touched: set[str] = set()
    for m in plan.moves:
        key = f"o:{m.org_id}"
        for k in (before.get(key), after.get(key)):
            if k is not None:
                touched.add(k)
    for o in plan.new_orgs:
        touched.add(f"n:{o.ref}")
        if after.get(f"n:{o.ref}"):
            touched.add(after[f"n:{o.ref}"])

    def count(tree: dict[str, str | None]) -> dict[str, int]:
        counts: dict[str, int] = {}
        for child, parent in tree.items():
            if parent is not None:
                counts[parent] = counts.get(parent, 0) + 1
        return counts

    b, a = count(before), count(after)
    parents = [ParentCount(parent_id=int(k[2:]) if k.startswith("o:") else None,
                           ref=k[2:] if k.startswith("n:") else None, name=names.get(k, k),
                           before=b.get(k, 0), after=a.get(k, 0))
               for k in sorted(touched, key=lambda k: (k[0], int(k[2:]) if k.startswith("o:") else 0, k))]
    members = await c.fetchval(
        f"""WITH RECURSIVE t(id) AS (SELECT unnest($1::int[]) UNION SELECT o.id FROM org o JOIN t ON o.parent_id = t.id)
            SELECT count(*)::int FROM member m WHERE m.org_id IN (SELECT id FROM t) AND {ACTIVE}""",
        [m for m in moved_ids if m in orgs])
    preview = PlanPreview(plan_id=plan.id, effective_on=day, moves=len(plan.moves), new_orgs=len(plan.new_orgs),
                          members_affected=members, parents=parents, warnings=warnings,
                          can_apply=not any(w.blocking for w in warnings))
    return _Simulation(preview=preview, plan=plan, targets=targets)


async def preview_plan(plan_id: int) -> PlanPreview:
    return (await _simulate(plan_id)).preview


# --- apply and roll back -----------------------------------------------------------------

async def apply_plan(plan_id: int, actor: Actor = SYSTEM) -> PlanPreview:
    """Create the new orgs, then move every org, at the effective date; all in this transaction."""
    plan_row = await _plan_row(plan_id, lock=True)
    if plan_row["status"] == "applied":
        raise Conflict("the plan is already applied", code="plan_applied")
    sim = await _simulate(plan_id)
    if not sim.preview.can_apply:
        blocking = [w for w in sim.preview.warnings if w.blocking]
        raise RuleViolation(f"方案不能执行 / the plan cannot be applied: {blocking[0].message}"
                            + (f" (and {len(blocking) - 1} more)" if len(blocking) > 1 else ""),
                            code="plan_invalid", warnings=[msgspec.to_builtins(w) for w in blocking])
    c = conn()
    day = sim.plan.effective_on
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
            [o.name for o in new], [o.type for o in new], [o.parent_id for o in new],
            [o.enterprise_name for o in new], [creditcode.normalize(o.credit_code) if o.credit_code else None for o in new],
            [o.public_sector for o in new], [o.above_scale for o in new], [o.zone_id for o in new],
            list(range(len(new))), day)
        created = {o.ref: r["id"] for o, r in zip(new, ids)}
        parent_of = [created[o.parent_ref] if o.parent_ref else o.parent_id for o in new]
        new_ids = [created[o.ref] for o in new]
        await c.execute("UPDATE org o SET parent_id = u.p FROM unnest($1::int[], $2::int[]) AS u(id, p) WHERE o.id = u.id",
                        new_ids, parent_of)
        await c.execute(
            """INSERT INTO org_link (org_id, parent_id, valid_from, plan_id)
               SELECT u.id, u.p, $3, $4 FROM unnest($1::int[], $2::int[]) AS u(id, p)""",
            new_ids, parent_of, day, plan_id)
        await c.execute(
            """UPDATE plan_org po SET created_org_id = u.id FROM unnest($1::text[], $2::int[]) AS u(ref, id)
               WHERE po.plan_id = $3 AND po.ref = u.ref""", list(created), list(created.values()), plan_id)
    if sim.targets:
        moved = list(sim.targets)
        to = [t if isinstance(t, int) or t is None else created[t] for t in sim.targets.values()]
        await c.execute(
            """UPDATE plan_move pm SET from_parent_id = o.parent_id FROM org o
               WHERE pm.plan_id = $1 AND o.id = pm.org_id""", plan_id)
        await c.execute(
            """UPDATE org_link SET valid_to = $2, closed_by_plan_id = $3
               WHERE org_id = ANY($1::int[]) AND valid_to IS NULL""", moved, day, plan_id)
        await c.execute(
            """INSERT INTO org_link (org_id, parent_id, valid_from, plan_id)
               SELECT u.id, u.p, $3, $4 FROM unnest($1::int[], $2::int[]) AS u(id, p)""", moved, to, day, plan_id)
        await c.execute("UPDATE org o SET parent_id = u.p FROM unnest($1::int[], $2::int[]) AS u(id, p) WHERE o.id = u.id",
                        moved, to)
    await c.execute("UPDATE plan SET status = 'applied', applied_at = now(), rolled_back_at = NULL WHERE id = $1",
                    plan_id)
    await activity.record("orgs.plan.applied", f"plan:{plan_id}",
                          {"moves": len(sim.targets), "new_orgs": len(created), "effective_on": day.isoformat()}, actor)
    return sim.preview


async def rollback_plan(plan_id: int, actor: Actor = SYSTEM) -> PlanOut:
    """Undo an applied plan as a whole: the tree (and its history) is exactly as before."""
    plan = await _plan_row(plan_id, lock=True)
    if plan["status"] != "applied":
        raise Conflict(f"only an applied plan can be rolled back; this one is {plan['status']}", code="plan_not_applied")
    c = conn()
    superseded = await c.fetchval(
        "SELECT count(*) FROM org_link WHERE plan_id = $1 AND valid_to IS NOT NULL", plan_id)
    if superseded:
        raise RuleViolation(f"{superseded} org(s) of this plan have moved or closed since; undo those first",
                            code="plan_superseded")
    created = [r["created_org_id"] for r in await c.fetch(
        "SELECT created_org_id FROM plan_org WHERE plan_id = $1 AND created_org_id IS NOT NULL", plan_id)]
    if created:
        in_use = await c.fetchrow(
            """SELECT (SELECT count(*) FROM member WHERE org_id = ANY($1::int[]))::int AS members,
                      (SELECT count(*) FROM social_worker WHERE org_id = ANY($1::int[]))::int AS workers,
                      (SELECT count(*) FROM org o WHERE o.parent_id = ANY($1::int[]) AND NOT o.id = ANY($1::int[])
                         AND NOT EXISTS (SELECT 1 FROM plan_move pm WHERE pm.plan_id = $2 AND pm.org_id = o.id))::int
                       AS others""", created, plan_id)
        if in_use["members"] or in_use["workers"] or in_use["others"]:
            raise RuleViolation(
                f"the orgs this plan created now have {in_use['members']} member(s), {in_use['workers']} social "
                f"worker(s) and {in_use['others']} other child org(s); move them out first", code="plan_orgs_in_use")
    await c.execute("DELETE FROM org_link WHERE plan_id = $1", plan_id)
    await c.execute("UPDATE org_link SET valid_to = NULL, closed_by_plan_id = NULL WHERE closed_by_plan_id = $1",
                    plan_id)
    await c.execute("""UPDATE org o SET parent_id = pm.from_parent_id FROM plan_move pm
                       WHERE pm.plan_id = $1 AND o.id = pm.org_id""", plan_id)
    if created:
        await c.execute("UPDATE org SET parent_id = NULL WHERE id = ANY($1::int[])", created)
        await c.execute("DELETE FROM org WHERE id = ANY($1::int[])", created)
    await c.execute("UPDATE plan_org SET created_org_id = NULL WHERE plan_id = $1", plan_id)
    await c.execute("UPDATE plan SET status = 'rolled_back', rolled_back_at = now() WHERE id = $1", plan_id)
    await activity.record("orgs.plan.rolled_back", f"plan:{plan_id}", {}, actor)
    return await get_plan(plan_id)


__all__ = ["PlanIn", "PlanNewOrg", "PlanMoveIn", "PlanOut", "PlanPreview", "PlanSummary", "PlanWarning",
           "ParentCount", "create_plan", "update_plan", "delete_plan", "get_plan", "list_plans",
           "preview_plan", "apply_plan", "rollback_plan"]
