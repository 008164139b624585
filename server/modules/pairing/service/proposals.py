"""Proposals: one run of the solver, explained (every pair and every unpaired apprentice with its
reasons) and stored; accepting the open one turns its new pairs into agreements (师徒协议)."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Iterable
from typing import Any

import msgspec

from server import messages
from server.errors import Conflict, NotFound, RuleViolation, invalid
from server.infra.pagination import Page, keyset_sql
from server.infra.tenancy import conn
from server.modules.core import service as activity
from server.modules.pairing import solver
from server.modules.pairing.messages import (
    NO_PROPOSAL_YET,
    NOT_NEW_PAIRS,
    PAIRING_INCONSISTENT,
    PROPOSAL_ACCEPTED,
    PROPOSAL_NOT_FOUND,
    PROPOSAL_STALE,
    PROPOSAL_SUPERSEDED,
)
from server.modules.pairing.service.common import may_act, programme_row
from server.modules.pairing.service.problem import Gathered, gather
from server.modules.pairing.service.structs import (
    AcceptIn,
    AcceptOut,
    MasterLoadOut,
    ProposalBrief,
    ProposalOut,
    ProposalSummary,
    ProposedPair,
    ReasonOut,
    UnpairedApprentice,
)
from server.platform.roles import SYSTEM, Actor


def _reasons(reasons: Iterable[solver.Reason]) -> list[ReasonOut]:
    return [ReasonOut(r.code, r.zh, r.en) for r in reasons]


def _proposal_body(programme: dict[str, Any], g: Gathered, solution: solver.Solution) -> dict[str, Any]:
    members = g.members
    name = lambda mid: members[mid].name if mid in members else "?"  # noqa: E731
    pairs = []
    for p in solution.pairs:
        m, a = members[p.master_id], members[p.apprentice_id]
        agreement = g.agreements.get(a.id)
        reasons = _reasons(p.reasons)
        if agreement is not None:  # kept because it is agreed, not because an officer locked it
            reasons = [ReasonOut("agreed", f"已签师徒协议 #{agreement}", f"agreement #{agreement} is in force")] + [
                r for r in reasons if r.code != "locked"
            ]
        pairs.append(
            ProposedPair(
                master_member_id=m.id,
                master_name=m.name,
                apprentice_member_id=a.id,
                apprentice_name=a.name,
                master_trade=m.trade,
                apprentice_trade=a.trade,
                master_level=m.level,
                apprentice_level=a.level,
                master_org_id=m.org_id,
                apprentice_org_id=a.org_id,
                cost=p.cost,
                locked=p.locked and agreement is None,
                agreement_id=agreement,
                reasons=reasons,
            )
        )
    unpaired = []
    for u in solution.unpaired:
        a = members[u.apprentice_id]
        unpaired.append(
            UnpairedApprentice(
                apprentice_member_id=a.id,
                name=a.name,
                trade=a.trade,
                level=a.level,
                org_id=a.org_id,
                code=u.code,
                eligible_masters=u.eligible_masters,
                reasons=_reasons(u.reasons),
            )
        )
    loads = [
        MasterLoadOut(
            master_member_id=ml.master_id,
            name=name(ml.master_id),
            trade=members[ml.master_id].trade if ml.master_id in members else None,
            capacity=ml.capacity,
            used=ml.used,
        )
        for ml in solution.masters
    ]
    summary = ProposalSummary(
        pairs=len(pairs),
        new_pairs=sum(1 for p in pairs if p.agreement_id is None),
        unpaired=len(unpaired),
        masters=len(g.problem.masters),
        apprentices=len(g.problem.apprentices),
        target_pairs=programme["target_pairs"],
        cost=solution.cost,
        blocking_pairs=solution.blocking_pairs,
        optimal=solution.optimal,
        solve_ms=round(solution.solve_seconds * 1000),
        idle_masters=sum(1 for ml in solution.masters if ml.used == 0),
    )
    return {
        "summary": summary,
        "pairs": pairs,
        "unpaired": unpaired,
        "masters": loads,
        "warnings": g.warnings + _reasons(solution.warnings),
    }


async def propose(programme_id: int, actor: Actor = SYSTEM) -> ProposalOut:
    """Solve the programme now: the most pairs, then the least cost; stored as the open proposal."""
    programme = await programme_row(programme_id, for_update=True)
    await may_act(programme["scope_org_id"], actor)
    gathered = await gather(programme)
    # The solver is CPU work; keep the event loop free while it runs.
    try:
        solution = await asyncio.to_thread(solver.solve, gathered.problem)
    except solver.ProblemError as exc:  # the records contradict themselves; say so rather than fail
        raise RuleViolation(PAIRING_INCONSISTENT, problem=str(exc)) from exc
    body = _proposal_body(programme, gathered, solution)
    c = conn()
    await c.execute(
        "UPDATE pairing_proposal SET status = 'superseded' WHERE programme = $1 AND status = 'open'", programme_id
    )
    s: ProposalSummary = body["summary"]
    proposal_id = await c.fetchval(
        """INSERT INTO pairing_proposal (programme, status, fingerprint, pairs, new_pairs, unpaired, cost,
             blocking_pairs, result, created_by)
           VALUES ($1, 'open', $2, $3, $4, $5, $6, $7, $8::jsonb, $9) RETURNING id""",
        programme_id,
        gathered.fingerprint,
        s.pairs,
        s.new_pairs,
        s.unpaired,
        s.cost,
        s.blocking_pairs,
        msgspec.json.encode(body).decode(),
        actor.name,
    )
    await activity.record(
        "pairing.proposed",
        f"programme:{programme_id}",
        {"proposal": proposal_id, "pairs": s.pairs, "unpaired": s.unpaired, "cost": s.cost},
        actor,
    )
    return await get_proposal(proposal_id)


def _proposal_out(row: dict[str, Any]) -> ProposalOut:
    result = row["result"]
    result = msgspec.json.decode(result) if isinstance(result, str) else result
    return msgspec.convert(
        {
            "id": row["id"],
            "programme_id": row["programme"],
            "status": row["status"],
            "created_at": row["created_at"],
            "created_by": row["created_by"],
            "accepted_at": row["accepted_at"],
            **result,
        },
        ProposalOut,
    )


async def get_proposal(proposal_id: int, actor: Actor = SYSTEM) -> ProposalOut:
    row = await conn().fetchrow("SELECT * FROM pairing_proposal WHERE id = $1", proposal_id)
    if row is None:
        raise NotFound(PROPOSAL_NOT_FOUND, key=proposal_id)
    await may_act((await programme_row(row["programme"]))["scope_org_id"], actor)
    return _proposal_out(dict(row))


async def latest_proposal(programme_id: int, actor: Actor = SYSTEM) -> ProposalOut:
    await may_act((await programme_row(programme_id))["scope_org_id"], actor)
    row = await conn().fetchrow(
        "SELECT * FROM pairing_proposal WHERE programme = $1 ORDER BY id DESC LIMIT 1", programme_id
    )
    if row is None:
        raise NotFound(NO_PROPOSAL_YET, code="proposal_not_found", programme=programme_id)
    return _proposal_out(dict(row))


async def list_proposals(
    programme_id: int, *, limit: int = 50, cursor: str | None = None, actor: Actor = SYSTEM
) -> Page[ProposalBrief]:
    """The programme's proposals, newest first, without their pair lists."""
    await may_act((await programme_row(programme_id))["scope_org_id"], actor)
    rows, next_cursor = await keyset_sql(
        "SELECT id, status, created_at, created_by, accepted_at, pairs, new_pairs, unpaired, cost, blocking_pairs "
        "FROM pairing_proposal WHERE programme = $1",
        programme_id,
        limit=limit,
        cursor=cursor,
        descending=True,
    )
    return Page(items=[ProposalBrief(**dict(r)) for r in rows], next_cursor=next_cursor)


async def accept(proposal_id: int, data: AcceptIn | None = None, actor: Actor = SYSTEM) -> AcceptOut:
    """Turn a proposal's new pairs into agreements (师徒协议), all in one transaction.

    Refused if the proposal is not the open one, or if anything it was computed
    from has changed since (then propose again)."""
    data = data or AcceptIn()
    row = await conn().fetchrow("SELECT * FROM pairing_proposal WHERE id = $1", proposal_id)
    if row is None:
        raise NotFound(PROPOSAL_NOT_FOUND, key=proposal_id)
    programme = await programme_row(row["programme"], for_update=True)
    await may_act(programme["scope_org_id"], actor)
    row = await conn().fetchrow("SELECT * FROM pairing_proposal WHERE id = $1", proposal_id)  # after the lock
    if row["status"] != "open":
        raise Conflict(PROPOSAL_ACCEPTED if row["status"] == "accepted" else PROPOSAL_SUPERSEDED, proposal=proposal_id)
    gathered = await gather(programme)
    if gathered.fingerprint != row["fingerprint"]:
        raise Conflict(PROPOSAL_STALE)
    proposal = _proposal_out(dict(row))
    new = [p for p in proposal.pairs if p.agreement_id is None]
    if data.apprentice_member_ids is not None:
        wanted = set(data.apprentice_member_ids)
        unknown = wanted - {p.apprentice_member_id for p in new}
        if unknown:
            raise invalid("apprentice_member_ids", NOT_NEW_PAIRS, members=str(sorted(unknown)[:10]))
        new = [p for p in new if p.apprentice_member_id in wanted]
    goals = data.goals.strip()
    if len(goals) > 4000:
        raise invalid("goals", messages.TOO_LONG, limit=4000)
    ids: list[int] = []
    if new:
        # One statement; the rows are numbered in the proposal's order, so the ids come back in it.
        inserted = await conn().fetch(
            """INSERT INTO pairing_agreement (programme, proposal, master_member_id, apprentice_member_id,
                 term_start, term_end, goals, status, level_before)
               SELECT $1, $2, m, a, $3, $4, $5, 'active', l
               FROM unnest($6::int[], $7::int[], $8::int[]) WITH ORDINALITY AS t(m, a, l, n) ORDER BY n
               RETURNING id""",
            programme["id"],
            proposal_id,
            programme["term_start"],
            programme["term_end"],
            goals,
            [p.master_member_id for p in new],
            [p.apprentice_member_id for p in new],
            [p.apprentice_level for p in new],
        )
        ids = sorted(r["id"] for r in inserted)
    if data.apprentice_member_ids is None or len(new) == proposal.summary.new_pairs:
        await conn().execute(
            "UPDATE pairing_proposal SET status = 'accepted', accepted_at = $2 WHERE id = $1",
            proposal_id,
            dt.datetime.now(dt.UTC),
        )
    else:
        # Part of it was taken: the rest no longer matches what is agreed, so it closes.
        await conn().execute("UPDATE pairing_proposal SET status = 'superseded' WHERE id = $1", proposal_id)
    await activity.record(
        "pairing.accepted", f"programme:{programme['id']}", {"proposal": proposal_id, "agreements": len(ids)}, actor
    )
    return AcceptOut(proposal_id=proposal_id, agreements_created=len(ids), agreement_ids=ids)
