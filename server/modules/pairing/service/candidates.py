"""Candidates: members taking part in a programme as masters (技术能手) or apprentices (青年工人),
with a master's own capacity and an apprentice's ranked masters."""

from __future__ import annotations

import json
from typing import Any

from server import messages
from server.errors import Conflict, FieldError, InvalidInput, NotFound, invalid
from server.infra.pagination import Page, check_limit, keyset_sql
from server.infra.tenancy import conn
from server.modules.core import service as activity
from server.modules.orgs import service as orgs
from server.modules.pairing import solver
from server.modules.pairing.messages import (
    ALREADY_APPRENTICE,
    ALREADY_MASTER,
    CANDIDATE_IN_AGREEMENT,
    CANDIDATE_NOT_FOUND,
    CAPACITY_FOR_MASTERS,
    LEVEL,
    MEMBER_LEFT,
    MEMBER_NOT_FOUND,
    MEMBER_OUTSIDE_SCOPE,
    NO_CANDIDATES,
    OUTSIDE_SCOPE,
    PREFERENCE_NOT_MASTER,
    PREFERENCE_TWICE,
    PREFERENCES_FOR_APPRENTICES,
    ROLE,
    TOO_MANY_CANDIDATES,
)
from server.modules.pairing.service.common import (
    MAX_CAPACITY,
    ROLES,
    is_active,
    json_list,
    may_act,
    programme_row,
)
from server.modules.pairing.service.structs import (
    AddedOut,
    CandidateFilterIn,
    CandidateOut,
    CandidatePatch,
    CandidatesIn,
)
from server.platform.roles import SYSTEM, Actor


async def _scope_members(scope_org_id: int, member_ids: list[int]) -> tuple[dict[int, orgs.MemberOut], set[int]]:
    members = await orgs.get_members(member_ids)
    scope = set(await orgs.subtree_ids(scope_org_id))
    return members, scope


async def add_candidates(programme_id: int, data: CandidatesIn, actor: Actor = SYSTEM) -> list[CandidateOut]:
    """Add masters and apprentices in one go; any bad row refuses the whole batch."""
    programme = await programme_row(programme_id, for_update=True)
    await may_act(programme["scope_org_id"], actor)
    rows = data.candidates
    errors: list[FieldError] = []
    if not rows:
        raise invalid("candidates", NO_CANDIDATES)
    if len(rows) > 50_000:
        raise invalid("candidates", TOO_MANY_CANDIDATES, limit="50,000")
    members, scope = await _scope_members(programme["scope_org_id"], [c.member_id for c in rows])
    existing = {
        r["member_id"]: r["role"]
        for r in await conn().fetch("SELECT member_id, role FROM pairing_candidate WHERE programme = $1", programme_id)
    }
    masters = {m for m, role in existing.items() if role == "master"} | {
        c.member_id for c in rows if c.role == "master"
    }
    seen: set[int] = set()
    for i, c in enumerate(rows):
        field = f"candidates[{i}]"
        member = members.get(c.member_id)
        if c.role not in ROLES:
            errors.append(FieldError(f"{field}.role", ROLE))
        if member is None:
            errors.append(FieldError(f"{field}.member_id", MEMBER_NOT_FOUND, member=c.member_id))
        elif not is_active(member):
            errors.append(FieldError(f"{field}.member_id", MEMBER_LEFT, member=c.member_id))
        elif member.org_id not in scope:
            errors.append(FieldError(f"{field}.member_id", MEMBER_OUTSIDE_SCOPE, member=c.member_id))
        if c.member_id in seen:
            errors.append(FieldError(f"{field}.member_id", messages.LISTED_TWICE))
        elif c.member_id in existing:
            already = ALREADY_MASTER if existing[c.member_id] == "master" else ALREADY_APPRENTICE
            errors.append(FieldError(f"{field}.member_id", already))
        seen.add(c.member_id)
        if c.capacity is not None:
            if c.role != "master":
                errors.append(FieldError(f"{field}.capacity", CAPACITY_FOR_MASTERS))
            elif not 0 <= c.capacity <= MAX_CAPACITY:
                errors.append(FieldError(f"{field}.capacity", messages.BETWEEN, low=0, high=MAX_CAPACITY))
        if c.preferences:
            if c.role != "apprentice":
                errors.append(FieldError(f"{field}.preferences", PREFERENCES_FOR_APPRENTICES))
            elif len(set(c.preferences)) != len(c.preferences):
                errors.append(FieldError(f"{field}.preferences", PREFERENCE_TWICE))
            elif not set(c.preferences) <= masters:
                errors.append(FieldError(f"{field}.preferences", PREFERENCE_NOT_MASTER))
    if errors:
        raise InvalidInput(errors)
    await conn().execute(
        """INSERT INTO pairing_candidate (programme, member_id, role, capacity, preferences)
           SELECT $1, m, r, c, p::jsonb FROM unnest($2::int[], $3::text[], $4::int[], $5::text[]) AS t(m, r, c, p)""",
        programme_id,
        [c.member_id for c in rows],
        [c.role for c in rows],
        [c.capacity for c in rows],
        [json.dumps(list(c.preferences)) for c in rows],
    )
    await activity.record(
        "pairing.candidates.added",
        f"programme:{programme_id}",
        {"masters": sum(c.role == "master" for c in rows), "apprentices": sum(c.role == "apprentice" for c in rows)},
        actor,
    )
    return await _candidates_out(programme, [c.member_id for c in rows])


async def add_candidates_from_orgs(programme_id: int, data: CandidateFilterIn, actor: Actor = SYSTEM) -> AddedOut:
    """Add members by org subtree, trade and level in one statement (e.g. every 技师 or better
    welder of the zone as masters)."""
    programme = await programme_row(programme_id, for_update=True)
    await may_act(programme["scope_org_id"], actor)
    errors: list[FieldError] = []
    if data.role not in ROLES:
        errors.append(FieldError("role", ROLE))
    for field in ("level_from", "level_to"):
        value = getattr(data, field)
        if value is not None and value not in solver.LEVELS:
            errors.append(FieldError(field, LEVEL))
    scope = set(await orgs.subtree_ids(programme["scope_org_id"]))
    if data.org_id is not None and data.org_id not in scope:
        errors.append(FieldError("org_id", OUTSIDE_SCOPE))
    if errors:
        raise InvalidInput(errors)
    org_ids = await orgs.subtree_ids(data.org_id) if data.org_id is not None else sorted(scope)
    members = await orgs.get_members(await orgs.member_ids_in(org_ids))
    trades = {t.strip() for t in data.trades if t.strip()}

    def fits(m: orgs.MemberOut) -> bool:
        if trades and (m.trade or "").strip() not in trades:
            return False
        if m.level is None:
            return data.include_uncertified
        return (data.level_from is None or m.level >= data.level_from) and (
            data.level_to is None or m.level <= data.level_to
        )

    existing = {
        r["member_id"]
        for r in await conn().fetch("SELECT member_id FROM pairing_candidate WHERE programme = $1", programme_id)
    }
    matched = [m.id for m in members.values() if fits(m)]
    new = sorted(set(matched) - existing)
    if new:
        await conn().execute(
            "INSERT INTO pairing_candidate (programme, member_id, role, capacity, preferences) "
            "SELECT $1, m, $3, NULL, '[]'::jsonb FROM unnest($2::int[]) AS m",
            programme_id,
            new,
            data.role,
        )
        await activity.record(
            "pairing.candidates.added", f"programme:{programme_id}", {data.role + "s": len(new)}, actor
        )
    return AddedOut(added=len(new), already=len(matched) - len(new))


async def _candidates_out(programme: dict[str, Any], member_ids: list[int]) -> list[CandidateOut]:
    c = conn()
    rows = await c.fetch(
        "SELECT * FROM pairing_candidate WHERE programme = $1 AND member_id = ANY($2::int[]) ORDER BY id",
        programme["id"],
        member_ids,
    )
    members = await orgs.get_members([r["member_id"] for r in rows])
    partners: dict[int, list[int]] = {}
    for a in await c.fetch(
        "SELECT master_member_id, apprentice_member_id FROM pairing_agreement WHERE programme = $1 "
        "AND status IN ('active', 'completed') AND (master_member_id = ANY($2::int[]) "
        "OR apprentice_member_id = ANY($2::int[]))",
        programme["id"],
        member_ids,
    ):
        partners.setdefault(a["master_member_id"], []).append(a["apprentice_member_id"])
        partners.setdefault(a["apprentice_member_id"], []).append(a["master_member_id"])
    out = []
    for r in rows:
        m = members.get(r["member_id"])
        note = (
            ""
            if m and is_active(m)
            else ("会员记录已删除 / member record deleted" if m is None else "已离会 / has left")
        )
        master = r["role"] == "master"
        out.append(
            CandidateOut(
                member_id=r["member_id"],
                role=r["role"],
                name=m.name if m else "?",
                trade=m.trade if m else None,
                level=m.level if m else None,
                org_id=m.org_id if m else None,
                capacity=(r["capacity"] if r["capacity"] is not None else programme["default_capacity"])
                if master
                else None,
                own_capacity=r["capacity"],
                preferences=json_list(r["preferences"]),
                placed=len(partners.get(r["member_id"], [])),
                partner_ids=partners.get(r["member_id"], []),
                note=note,
            )
        )
    return out


async def list_candidates(
    programme_id: int, *, role: str | None = None, limit: int = 100, cursor: str | None = None, actor: Actor = SYSTEM
) -> Page[CandidateOut]:
    programme = await programme_row(programme_id)
    await may_act(programme["scope_org_id"], actor)
    check_limit(limit)
    if role is not None and role not in ROLES:
        raise invalid("role", ROLE)
    args: list[Any] = [programme_id]
    where = ["programme = $1"]
    if role:
        args.append(role)
        where.append(f"role = ${len(args)}")
    rows, next_cursor = await keyset_sql(
        f"SELECT id, member_id FROM pairing_candidate WHERE {' AND '.join(where)}", *args, limit=limit, cursor=cursor
    )
    items = await _candidates_out(programme, [r["member_id"] for r in rows])
    return Page(items=items, next_cursor=next_cursor)


async def _candidate(programme_id: int, member_id: int) -> dict[str, Any]:
    row = await conn().fetchrow(
        "SELECT * FROM pairing_candidate WHERE programme = $1 AND member_id = $2", programme_id, member_id
    )
    if row is None:
        raise NotFound(CANDIDATE_NOT_FOUND, member=member_id, programme=programme_id)
    return dict(row)


async def update_candidate(
    programme_id: int, member_id: int, patch: CandidatePatch, actor: Actor = SYSTEM
) -> CandidateOut:
    programme = await programme_row(programme_id, for_update=True)
    await may_act(programme["scope_org_id"], actor)
    cand = await _candidate(programme_id, member_id)
    errors: list[FieldError] = []
    values: dict[str, Any] = {}
    if patch.clear_capacity or patch.capacity is not None:
        if cand["role"] != "master":
            errors.append(FieldError("capacity", CAPACITY_FOR_MASTERS))
        elif patch.capacity is not None and not 0 <= patch.capacity <= MAX_CAPACITY:
            errors.append(FieldError("capacity", messages.BETWEEN, low=0, high=MAX_CAPACITY))
        else:
            values["capacity"] = None if patch.clear_capacity else patch.capacity
    if patch.preferences is not None:
        masters = {
            r["member_id"]
            for r in await conn().fetch(
                "SELECT member_id FROM pairing_candidate WHERE programme = $1 AND role = 'master'", programme_id
            )
        }
        if cand["role"] != "apprentice":
            errors.append(FieldError("preferences", PREFERENCES_FOR_APPRENTICES))
        elif len(set(patch.preferences)) != len(patch.preferences):
            errors.append(FieldError("preferences", PREFERENCE_TWICE))
        elif not set(patch.preferences) <= masters:
            errors.append(FieldError("preferences", PREFERENCE_NOT_MASTER))
        else:
            values["preferences"] = json.dumps(list(patch.preferences))
    if errors:
        raise InvalidInput(errors)
    if values:
        await conn().execute(
            "UPDATE pairing_candidate SET capacity = CASE WHEN $2 THEN $3 ELSE capacity END, "
            "preferences = CASE WHEN $4 THEN $5::jsonb ELSE preferences END WHERE id = $1",
            cand["id"],
            "capacity" in values,
            values.get("capacity"),
            "preferences" in values,
            values.get("preferences"),
        )
        await activity.record("pairing.candidate.updated", f"programme:{programme_id}", {"member_id": member_id}, actor)
    return (await _candidates_out(programme, [member_id]))[0]


async def remove_candidate(programme_id: int, member_id: int, actor: Actor = SYSTEM) -> None:
    programme = await programme_row(programme_id, for_update=True)
    await may_act(programme["scope_org_id"], actor)
    cand = await _candidate(programme_id, member_id)
    c = conn()
    live = await c.fetchval(
        "SELECT id FROM pairing_agreement WHERE programme = $1 AND status = 'active' "
        "AND (master_member_id = $2 OR apprentice_member_id = $2) LIMIT 1",
        programme_id,
        member_id,
    )
    if live is not None:
        raise Conflict(CANDIDATE_IN_AGREEMENT, member=member_id, agreement=live)
    await c.execute(
        "DELETE FROM pairing_pair_rule WHERE programme = $1 AND (master_member_id = $2 OR apprentice_member_id = $2)",
        programme_id,
        member_id,
    )
    await c.execute("DELETE FROM pairing_candidate WHERE id = $1", cand["id"])
    if cand["role"] == "master":  # drop the master from apprentices' preference lists
        await c.execute(
            """UPDATE pairing_candidate SET preferences = (
                 SELECT coalesce(jsonb_agg(p), '[]'::jsonb) FROM jsonb_array_elements(preferences) p
                 WHERE p <> to_jsonb($2::int))
               WHERE programme = $1 AND preferences @> to_jsonb(ARRAY[$2::int])""",
            programme_id,
            member_id,
        )
    await activity.record("pairing.candidate.removed", f"programme:{programme_id}", {"member_id": member_id}, actor)
