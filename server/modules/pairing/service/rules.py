"""Locks and forbids: an officer's decision before proposing that a pair must (lock) or must not
(forbid) be. A lock is checked against the programme's rules and the master's capacity."""

from __future__ import annotations

from typing import Any

from server import messages
from server.errors import Conflict, FieldError, InvalidInput, NotFound, RuleViolation
from server.infra.pagination import Page, keyset_sql
from server.infra.tenancy import conn
from server.modules.core import service as activity
from server.modules.orgs import service as orgs
from server.modules.pairing import solver
from server.modules.pairing.messages import (
    APPRENTICE_ALREADY_LOCKED,
    APPRENTICE_HAS_AGREEMENT,
    LEVEL_GAP_TOO_SMALL,
    MASTER_FULL,
    MEMBER_MISSING,
    NOT_A_MASTER,
    NOT_AN_APPRENTICE,
    PAIR_ALREADY_FORBIDDEN,
    PAIR_ALREADY_LOCKED,
    PAIR_HAS_AGREEMENT,
    RULE_NOT_FOUND,
    TRADES_DO_NOT_MATCH,
)
from server.modules.pairing.service.common import capacity_of, may_act, programme_row
from server.modules.pairing.service.structs import PairRuleIn, PairRuleOut
from server.modules.pairing.service.trades import solver_rules
from server.platform.roles import SYSTEM, Actor


async def list_rules(
    programme_id: int, actor: Actor = SYSTEM, *, limit: int = 50, cursor: str | None = None
) -> Page[PairRuleOut]:
    await may_act((await programme_row(programme_id))["scope_org_id"], actor)
    rows, next_cursor = await keyset_sql(
        "SELECT id, kind, master_member_id, apprentice_member_id, note, created_by, created_at "
        "FROM pairing_pair_rule WHERE programme = $1",
        programme_id,
        limit=limit,
        cursor=cursor,
    )
    return Page(items=[PairRuleOut(**dict(r)) for r in rows], next_cursor=next_cursor)


async def _pair_candidates(programme: dict[str, Any], data: PairRuleIn) -> tuple[orgs.MemberOut, orgs.MemberOut]:
    c = conn()
    roles = {
        r["member_id"]: r["role"]
        for r in await c.fetch(
            "SELECT member_id, role FROM pairing_candidate WHERE programme = $1 AND member_id = ANY($2::int[])",
            programme["id"],
            [data.master_member_id, data.apprentice_member_id],
        )
    }
    errors: list[FieldError] = []
    if roles.get(data.master_member_id) != "master":
        errors.append(FieldError("master_member_id", NOT_A_MASTER))
    if roles.get(data.apprentice_member_id) != "apprentice":
        errors.append(FieldError("apprentice_member_id", NOT_AN_APPRENTICE))
    if len(data.note) > 2000:
        errors.append(FieldError("note", messages.TOO_LONG, limit=2000))
    if errors:
        raise InvalidInput(errors)
    members = await orgs.get_members([data.master_member_id, data.apprentice_member_id])
    if len(members) < 2:
        raise RuleViolation(MEMBER_MISSING)
    return members[data.master_member_id], members[data.apprentice_member_id]


async def lock_pair(programme_id: int, data: PairRuleIn, actor: Actor = SYSTEM) -> PairRuleOut:
    """Fix a pair before proposing; it must be allowed by the programme's rules and fit the master's capacity."""
    programme = await programme_row(programme_id, for_update=True)
    await may_act(programme["scope_org_id"], actor)
    master, apprentice = await _pair_candidates(programme, data)
    c = conn()
    existing = await c.fetchrow(
        "SELECT kind, master_member_id FROM pairing_pair_rule WHERE programme = $1 AND apprentice_member_id = $2 "
        "AND (master_member_id = $3 OR kind = 'lock')",
        programme_id,
        data.apprentice_member_id,
        data.master_member_id,
    )
    if existing is not None:
        if existing["master_member_id"] == data.master_member_id:
            raise Conflict(PAIR_ALREADY_LOCKED if existing["kind"] == "lock" else PAIR_ALREADY_FORBIDDEN)
        raise Conflict(
            APPRENTICE_ALREADY_LOCKED, apprentice=data.apprentice_member_id, master=existing["master_member_id"]
        )
    agreed = await c.fetchval(
        "SELECT master_member_id FROM pairing_agreement WHERE programme = $1 AND "
        "apprentice_member_id = $2 AND status IN ('active', 'completed')",
        programme_id,
        data.apprentice_member_id,
    )
    if agreed is not None:
        raise Conflict(APPRENTICE_HAS_AGREEMENT, apprentice=data.apprentice_member_id, master=agreed)
    rules = await solver_rules(programme)
    compat = solver.compatibility(rules)
    if solver.trade_relation(rules, compat, master.trade, apprentice.trade) == "none":
        raise RuleViolation(
            TRADES_DO_NOT_MATCH,
            code="pair_ineligible",
            master_trade=master.trade or "—",
            apprentice_trade=apprentice.trade or "—",
        )
    if not solver.level_gap_ok(rules, master.level, apprentice.level):
        raise RuleViolation(LEVEL_GAP_TOO_SMALL, code="pair_ineligible", gap=rules.min_level_gap)
    capacity = await capacity_of(programme, data.master_member_id)
    taken = await c.fetchval(
        """SELECT (SELECT count(*) FROM pairing_pair_rule WHERE programme = $1 AND master_member_id = $2
                     AND kind = 'lock')
                + (SELECT count(*) FROM pairing_agreement WHERE programme = $1 AND master_member_id = $2
                     AND status IN ('active', 'completed'))""",
        programme_id,
        data.master_member_id,
    )
    if taken >= capacity:
        raise RuleViolation(MASTER_FULL, master=data.master_member_id, capacity=capacity)
    return await _add_rule(programme_id, "lock", data, actor)


async def forbid_pair(programme_id: int, data: PairRuleIn, actor: Actor = SYSTEM) -> PairRuleOut:
    programme = await programme_row(programme_id, for_update=True)
    await may_act(programme["scope_org_id"], actor)
    await _pair_candidates(programme, data)
    c = conn()
    kind = await c.fetchval(
        "SELECT kind FROM pairing_pair_rule WHERE programme = $1 AND master_member_id = $2 "
        "AND apprentice_member_id = $3",
        programme_id,
        data.master_member_id,
        data.apprentice_member_id,
    )
    if kind is not None:
        raise Conflict(PAIR_ALREADY_LOCKED if kind == "lock" else PAIR_ALREADY_FORBIDDEN)
    agreed = await c.fetchval(
        "SELECT id FROM pairing_agreement WHERE programme = $1 AND master_member_id = $2 AND "
        "apprentice_member_id = $3 AND status = 'active'",
        programme_id,
        data.master_member_id,
        data.apprentice_member_id,
    )
    if agreed is not None:
        raise Conflict(PAIR_HAS_AGREEMENT, agreement=agreed)
    return await _add_rule(programme_id, "forbid", data, actor)


async def _add_rule(programme_id: int, kind: str, data: PairRuleIn, actor: Actor) -> PairRuleOut:
    rule_id = await conn().fetchval(
        "INSERT INTO pairing_pair_rule (programme, kind, master_member_id, apprentice_member_id, note, created_by) "
        "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        programme_id,
        kind,
        data.master_member_id,
        data.apprentice_member_id,
        data.note.strip(),
        actor.name,
    )
    await activity.record(
        f"pairing.pair.{kind}",
        f"programme:{programme_id}",
        {"master": data.master_member_id, "apprentice": data.apprentice_member_id},
        actor,
    )
    row = await conn().fetchrow(
        "SELECT id, kind, master_member_id, apprentice_member_id, note, created_by, created_at "
        "FROM pairing_pair_rule WHERE id = $1",
        rule_id,
    )
    return PairRuleOut(**dict(row))


async def remove_rule(programme_id: int, rule_id: int, actor: Actor = SYSTEM) -> None:
    programme = await programme_row(programme_id, for_update=True)
    await may_act(programme["scope_org_id"], actor)
    deleted = await conn().fetchval(
        "DELETE FROM pairing_pair_rule WHERE id = $1 AND programme = $2 RETURNING id", rule_id, programme_id
    )
    if deleted is None:
        raise NotFound(RULE_NOT_FOUND, key=rule_id)
    await activity.record("pairing.pair.rule_removed", f"programme:{programme_id}", {"rule": rule_id}, actor)
