"""Gathering the problem: everything the solver needs about a programme, as plain data, and a
fingerprint of it (a proposal is accepted only while its fingerprint still holds)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import msgspec

from server.infra.tenancy import conn
from server.modules.orgs import service as orgs
from server.modules.pairing import solver
from server.modules.pairing.service.common import is_active, json_list
from server.modules.pairing.service.structs import ReasonOut
from server.modules.pairing.service.trades import solver_rules


class Gathered(msgspec.Struct):
    problem: Any
    members: dict[int, Any]
    agreements: dict[int, int]  # apprentice member id → agreement id (live)
    warnings: list[ReasonOut]
    fingerprint: str


async def gather(programme: dict[str, Any]) -> Gathered:
    """Everything the solver needs, as plain data, plus a fingerprint of it."""
    c = conn()
    pid = programme["id"]
    cands = await c.fetch(
        "SELECT member_id, role, capacity, preferences FROM pairing_candidate WHERE programme = $1 ORDER BY id", pid
    )
    members = await orgs.get_members([r["member_id"] for r in cands])
    scope_ids = await orgs.subtree_ids(programme["scope_org_id"])
    scope = set(scope_ids)
    tree = {
        o.id: (o.parent_id if o.id != programme["scope_org_id"] else None)
        for o in (await orgs.get_orgs(scope_ids)).values()
    }
    warnings: list[ReasonOut] = []
    masters: list[solver.MasterIn] = []
    apprentices: list[solver.ApprenticeIn] = []
    taking_part: set[int] = set()
    for r in cands:
        m = members.get(r["member_id"])
        if m is None or not is_active(m) or m.org_id not in scope:
            why = (
                ("会员记录已删除", "the member record was deleted")
                if m is None
                else (
                    ("已离会", "has left")
                    if not is_active(m)
                    else ("已调出项目范围", "moved out of the programme's scope")
                )
            )
            warnings.append(
                ReasonOut(
                    "candidate_skipped",
                    f"会员 #{r['member_id']} {why[0]}，未参与配对",
                    f"member #{r['member_id']} {why[1]}; left out of the pairing",
                )
            )
            continue
        taking_part.add(m.id)
        if r["role"] == "master":
            masters.append(
                solver.MasterIn(
                    m.id,
                    m.trade,
                    m.level,
                    m.org_id,
                    programme["default_capacity"] if r["capacity"] is None else r["capacity"],
                )
            )
        else:
            prefs = json_list(r["preferences"])
            apprentices.append(solver.ApprenticeIn(m.id, m.trade, m.level, m.org_id, tuple(prefs)))
    rules_rows = await c.fetch(
        "SELECT kind, master_member_id, apprentice_member_id FROM pairing_pair_rule WHERE programme = $1 ORDER BY id",
        pid,
    )
    agreement_rows = await c.fetch(
        "SELECT id, master_member_id, apprentice_member_id FROM pairing_agreement WHERE programme = $1 "
        "AND status IN ('active', 'completed') ORDER BY id",
        pid,
    )
    locks: dict[int, int] = {}
    agreements: dict[int, int] = {}
    for a in agreement_rows:
        if a["master_member_id"] in taking_part and a["apprentice_member_id"] in taking_part:
            locks[a["apprentice_member_id"]] = a["master_member_id"]
            agreements[a["apprentice_member_id"]] = a["id"]
    forbidden: list[tuple[int, int]] = []
    for r in rules_rows:
        pair = (r["master_member_id"], r["apprentice_member_id"])
        if not set(pair) <= taking_part:
            continue
        if r["kind"] == "lock":
            if pair[1] in locks and locks[pair[1]] != pair[0]:
                warnings.append(
                    ReasonOut(
                        "lock_superseded",
                        f"徒弟 #{pair[1]} 已签师徒协议，锁定不再生效",
                        f"apprentice #{pair[1]} already has an agreement; the lock is ignored",
                    )
                )
                continue
            locks[pair[1]] = pair[0]
        elif pair[1] not in agreements or locks.get(pair[1]) != pair[0]:
            forbidden.append(pair)
    problem = solver.Problem(
        masters=masters,
        apprentices=apprentices,
        rules=await solver_rules(programme),
        org_parent=tree,
        locks=[(m, a) for a, m in locks.items()],
        forbidden=forbidden,
    )
    digest = hashlib.sha256(
        json.dumps(
            [
                [(m.id, m.trade, m.level, m.org_id, m.capacity) for m in masters],
                [(a.id, a.trade, a.level, a.org_id, list(a.preferences)) for a in apprentices],
                sorted(problem.locks),
                sorted(forbidden),
                sorted(map(list, problem.rules.compatible_trades)),
                [
                    problem.rules.same_trade_required,
                    problem.rules.same_enterprise_preferred,
                    problem.rules.min_level_gap,
                ],
                sorted(tree.items(), key=lambda kv: kv[0]),
            ],
            ensure_ascii=False,
            default=str,
        ).encode()
    ).hexdigest()
    return Gathered(problem, members, agreements, warnings, digest)
