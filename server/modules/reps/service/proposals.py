"""提案 Proposals filed by representatives and handled by the unit, with their outcomes; and 奖励制
rewards for a score of 90 or more or an excellent proposal, each proposed once by an officer and
paid, once a tenant admin approves it, through welfare's disbursement engine."""

from __future__ import annotations

import datetime as dt
from typing import Any

import asyncpg
import msgspec

from server.errors import Conflict, FieldError, Forbidden, InvalidInput, NotFound, RuleViolation
from server.infra.pagination import Page, keyset_sql
from server.infra.tenancy import conn, current_tenant
from server.infra.types import Code, Count, Fen, Id, LongText, Name, Text
from server.modules.core import service as activity
from server.modules.orgs import access
from server.modules.orgs import service as orgs
from server.modules.reps import messages as msg
from server.modules.reps.service.congress import representative_row
from server.modules.reps.service.shared import (
    REWARD_SCORE,
    check_unit,
    fen,
    is_federation,
    one_of,
    text,
    today,
    whole,
)
from server.modules.welfare import accounts, disbursement
from server.platform.roles import SYSTEM, Actor

OUTCOMES = (
    "rules_revised",
    "problems_found",
    "loss_avoided_fen",
    "facilities_m2",
    "reading_rooms",
    "overtime_cancelled",
)


class ProposalIn(msgspec.Struct, forbid_unknown_fields=True):
    representative_id: Id
    title: Name
    body: LongText = ""
    filed_on: dt.date | None = None
    complaint_ids: list[Id] = []  # voice complaints the proposal answers


class HandleIn(msgspec.Struct, forbid_unknown_fields=True):
    state: Code  # accepted | adopted | rejected
    reason: Text = ""
    excellent: bool = False
    rules_revised: Count = 0
    problems_found: Count = 0
    loss_avoided_fen: Fen = 0
    facilities_m2: Count = 0
    reading_rooms: Count = 0
    overtime_cancelled: Count = 0


class ProposalOut(msgspec.Struct):
    id: int
    representative_id: int
    org_id: int
    title: str
    body: str
    filed_on: dt.date
    state: str
    reason: str
    excellent: bool
    rules_revised: int
    problems_found: int
    loss_avoided_fen: int
    facilities_m2: int
    reading_rooms: int
    overtime_cancelled: int
    complaint_ids: list[int]


class RewardIn(msgspec.Struct, forbid_unknown_fields=True):
    reason: Code  # evaluation | proposal
    source_id: Id  # the evaluation or the proposal
    amount_fen: Fen
    account: Code


class RewardOut(msgspec.Struct):
    id: int
    representative_id: int
    reason: str
    amount_fen: int
    batch_id: int | None  # once a tenant admin approved it
    granted_on: dt.date  # the day it was proposed
    state: str = "proposed"  # proposed | approved
    proposed_by: str = ""
    approved_by: str | None = None


def reward_out(r: Any) -> RewardOut:
    return RewardOut(
        r["id"],
        r["representative_id"],
        r["reason"],
        int(r["amount_fen"]),
        r["batch_id"],
        r["granted_on"],
        r["state"],
        r["proposed_by"],
        r["approved_by"],
    )


def proposal_out(r: Any) -> ProposalOut:
    return ProposalOut(
        id=r["id"],
        representative_id=r["representative_id"],
        org_id=r["org_id"],
        title=r["title"],
        body=r["body"],
        filed_on=r["filed_on"],
        state=r["state"],
        reason=r["reason"],
        excellent=r["excellent"],
        rules_revised=int(r["rules_revised"]),
        problems_found=int(r["problems_found"]),
        loss_avoided_fen=int(r["loss_avoided_fen"]),
        facilities_m2=int(r["facilities_m2"]),
        reading_rooms=int(r["reading_rooms"]),
        overtime_cancelled=int(r["overtime_cancelled"]),
        complaint_ids=list(r["complaint_ids"] or []),
    )


async def _proposal(proposal_id: int) -> dict[str, Any]:
    row = await conn().fetchrow("SELECT * FROM rep_proposal WHERE id = $1", proposal_id)
    if row is None:
        raise NotFound(msg.PROPOSAL_NOT_FOUND, code="not_found", key=proposal_id)
    return dict(row)


async def file_proposal(data: ProposalIn, actor: Actor = SYSTEM) -> ProposalOut:
    rep = await representative_row(data.representative_id)
    unit = int(await conn().fetchval("SELECT org_id FROM rep_congress WHERE id = $1", rep["congress_id"]))
    await check_unit(actor, unit)
    errors: list[FieldError] = []
    title = text(data.title, "title", errors, 200)
    body = text(data.body, "body", errors, 20000, empty=True)
    if data.complaint_ids:
        await _check_complaints(data.complaint_ids, actor, errors)
    if errors:
        raise InvalidInput(errors)
    row = await conn().fetchrow(
        "INSERT INTO rep_proposal (representative_id, org_id, title, body, filed_on, state, reason, excellent, "
        "rules_revised, problems_found, loss_avoided_fen, facilities_m2, reading_rooms, overtime_cancelled, "
        "complaint_ids) VALUES ($1, $2, $3, $4, $5, 'filed', '', false, 0, 0, 0, 0, 0, 0, $6) RETURNING *",
        data.representative_id,
        unit,
        title,
        body,
        data.filed_on or today(),
        sorted(set(data.complaint_ids)),
    )
    await activity.record("reps.proposal.filed", f"proposal:{row['id']}", {}, actor)
    return proposal_out(row)


async def _check_complaints(ids: list[int], actor: Actor, errors: list[FieldError]) -> None:
    """Where `voice` is on, the complaints a proposal cites exist and the actor may see them."""
    from server.modules.voice import service as voice
    from server.platform import service as platform

    tenant = await platform.get_tenant(current_tenant() or "")
    if not platform.module_enabled(tenant, "voice"):
        errors.append(FieldError("complaint_ids", msg.VOICE_OFF))
        return
    for cid in sorted(set(ids)):
        try:
            await voice.get_complaint(cid, actor, with_steps=False)
        except (NotFound, Forbidden):
            errors.append(FieldError("complaint_ids", msg.NO_SUCH_COMPLAINT, complaint=cid))


async def handle_proposal(proposal_id: int, data: HandleIn, actor: Actor = SYSTEM) -> ProposalOut:
    """The unit's answer (accepted, adopted, rejected with reasons) and the outcomes recorded."""
    p = await _proposal(proposal_id)
    await check_unit(actor, p["org_id"])
    errors: list[FieldError] = []
    one_of(data.state, "state", errors, ("accepted", "adopted", "rejected"))
    reason = text(data.reason, "reason", errors, 2000, empty=True)
    if data.state == "rejected" and not reason:
        errors.append(FieldError("reason", msg.REASON_NEEDED))
    for k in OUTCOMES:
        whole(getattr(data, k), k, errors, 0)
    if errors:
        raise InvalidInput(errors)
    if p["state"] in ("adopted", "rejected"):
        raise RuleViolation(msg.PROPOSAL_HANDLED, code="proposal_handled", proposal=proposal_id)
    row = await conn().fetchrow(
        "UPDATE rep_proposal SET state = $2, reason = $3, excellent = $4, rules_revised = $5, problems_found = $6, "
        "loss_avoided_fen = $7, facilities_m2 = $8, reading_rooms = $9, overtime_cancelled = $10 "
        "WHERE id = $1 RETURNING *",
        proposal_id,
        data.state,
        reason,
        data.excellent,
        *(getattr(data, k) for k in OUTCOMES),
    )
    await activity.record("reps.proposal.handled", f"proposal:{proposal_id}", {"state": data.state}, actor)
    return proposal_out(row)


async def get_proposal(proposal_id: int, actor: Actor = SYSTEM) -> ProposalOut:
    p = await _proposal(proposal_id)
    await check_unit(actor, p["org_id"])
    return proposal_out(p)


async def list_proposals(
    *, actor: Actor = SYSTEM, year: int | None = None, limit: int = 50, cursor: str | None = None
) -> Page[ProposalOut]:
    visible = await access.visible_org_ids(actor)
    rows, nxt = await keyset_sql(
        "SELECT * FROM rep_proposal WHERE ($1::int[] IS NULL OR org_id = ANY($1)) "
        "AND ($2::int IS NULL OR extract(year FROM filed_on)::int = $2)",
        visible,
        year,
        limit=limit,
        cursor=cursor,
    )
    return Page([proposal_out(r) for r in rows], nxt)


async def _earned(rep: dict[str, Any], data: RewardIn) -> bool:
    """An excellent proposal of theirs, or a closed evaluation of their constituency in which they
    have the minimum of ballots and a mean of 90 or more. The caller has checked that they are
    still seated: a closed evaluation's figures no longer change, and a representative it (or a
    later one) recalled is never rewarded."""
    c = conn()
    if data.reason == "proposal":
        return bool(
            await c.fetchval(
                "SELECT excellent FROM rep_proposal WHERE id = $1 AND representative_id = $2",
                data.source_id,
                rep["id"],
            )
        )
    row = await c.fetchrow(
        "SELECT v.state, v.min_ballots, count(b.id)::int AS n, avg(b.score)::float AS mean FROM rep_evaluation v "
        "LEFT JOIN rep_ballot b ON b.evaluation_id = v.id AND b.representative_id = $2 "
        "WHERE v.id = $1 AND v.constituency_id = $3 GROUP BY v.id",
        data.source_id,
        rep["id"],
        rep["constituency_id"],
    )
    if row is not None and row["state"] != "closed":
        raise Conflict(msg.EVALUATION_STILL_OPEN, code="evaluation_open", evaluation=data.source_id)
    return row is not None and row["n"] >= max(1, row["min_ballots"]) and row["mean"] >= REWARD_SCORE


async def reward(representative_id: int, data: RewardIn, actor: Actor = SYSTEM) -> RewardOut:
    """Propose a reward for a representative scoring 90 or more in a closed evaluation, or with an
    excellent proposal, each reason once. No money moves: a tenant admin approves it
    (`approve_reward`), which pays it through the disbursement engine, as skills' reward runs and
    welfare's campaigns are paid."""
    rep = await representative_row(representative_id)
    unit = int(await conn().fetchval("SELECT org_id FROM rep_congress WHERE id = $1", rep["congress_id"]))
    await check_unit(actor, unit)
    errors: list[FieldError] = []
    one_of(data.reason, "reason", errors, ("evaluation", "proposal"))
    fen(data.amount_fen, "amount_fen", errors)
    if not isinstance(data.account, str) or not disbursement.ACCOUNT_RE.fullmatch(data.account):
        errors.append(FieldError("account", msg.ONE_OF, choices="6-32 A-Z a-z 0-9 -"))
    if errors:
        raise InvalidInput(errors)
    await _check_seated(representative_id)
    if not await _earned(rep, data):
        raise RuleViolation(msg.NOT_REWARDABLE, code="not_rewardable")
    reason = f"{data.reason}:{data.source_id}"
    try:
        row = await conn().fetchrow(
            "INSERT INTO rep_reward (representative_id, reason, amount_fen, granted_on, state, account, proposed_by) "
            "VALUES ($1, $2, $3, $4, 'proposed', $5, $6) RETURNING *",
            representative_id,
            reason,
            data.amount_fen,
            today(),
            accounts.seal_account(data.account),
            actor.name,
        )
    except asyncpg.UniqueViolationError:
        raise Conflict(msg.ALREADY_REWARDED, code="already_rewarded") from None
    await activity.record("reps.reward.proposed", f"reward:{row['id']}", {"amount_fen": data.amount_fen}, actor)
    return reward_out(row)


async def _check_seated(representative_id: int) -> None:
    """Still seated; the row is held until commit, so a recall (an evaluation closing) waits for
    the reward or is seen by it."""
    state = await conn().fetchval("SELECT state FROM rep_representative WHERE id = $1 FOR SHARE", representative_id)
    if state != "seated":  # recalled: the seat, and with it the reward, is lost
        raise Conflict(msg.REWARD_NOT_SEATED, code="not_seated", representative=representative_id)


async def _proposed(reward_id: int, actor: Actor) -> dict[str, Any]:
    """The reward, locked, for a tenant admin to approve or cancel: only a proposed one."""
    if not is_federation(actor):
        raise Forbidden(msg.APPROVE_ADMINS_ONLY, code="role_forbidden")
    row = await conn().fetchrow(
        "SELECT w.*, r.member_id, c.org_id AS unit_id FROM rep_reward w "
        "JOIN rep_representative r ON r.id = w.representative_id JOIN rep_congress c ON c.id = r.congress_id "
        "WHERE w.id = $1 FOR UPDATE OF w",
        reward_id,
    )
    if row is None:
        raise NotFound(msg.REWARD_NOT_FOUND, code="not_found", key=reward_id)
    if row["state"] != "proposed":
        raise Conflict(msg.REWARD_NOT_PROPOSED, code="reward_not_proposed", reward=reward_id)
    return dict(row)


async def approve_reward(reward_id: int, actor: Actor = SYSTEM) -> RewardOut:
    """A tenant admin's approval (审批): in this transaction, the reward becomes one disbursement
    batch `reps.reward:<id>` and is queued for payment. Twice or concurrently: one batch (the
    row is locked; the batch's source is unique). A representative recalled since the proposal
    is not paid (409 `not_seated`)."""
    w = await _proposed(reward_id, actor)
    await _check_seated(w["representative_id"])
    member = (await orgs.get_members([w["member_id"]])).get(w["member_id"])
    amount = int(w["amount_fen"])
    batch = await disbursement.create_batch(
        f"reps.reward:{reward_id}",
        "职工代表奖励",
        [
            disbursement.PayoutItem(
                beneficiary=f"representative:{w['representative_id']}",
                name=member.name if member else f"会员{w['member_id']}",
                account=accounts.open_account(w["account"]),
                amount_fen=amount,
                member_id=w["member_id"],
                org_id=w["unit_id"],
                memo=f"职工代表奖励 {w['reason']}",
            )
        ],
        budget_fen=amount,
        actor=actor,
    )
    row = await conn().fetchrow(
        "UPDATE rep_reward SET state = 'approved', batch_id = $2, approved_by = $3, approved_at = now() "
        "WHERE id = $1 RETURNING *",
        reward_id,
        batch.id,
        actor.name,
    )
    await activity.record("reps.reward.approved", f"reward:{reward_id}", {"batch": batch.id}, actor)
    return reward_out(row)


async def cancel_reward(reward_id: int, actor: Actor = SYSTEM) -> None:
    """A tenant admin drops a proposed reward (a wrong amount or account): nothing was paid, and
    the reason is free to be proposed again."""
    await _proposed(reward_id, actor)
    await conn().execute("DELETE FROM rep_reward WHERE id = $1", reward_id)
    await activity.record("reps.reward.cancelled", f"reward:{reward_id}", {}, actor)


async def list_rewards(
    *, actor: Actor = SYSTEM, state: str | None = None, limit: int = 50, cursor: str | None = None
) -> Page[RewardOut]:
    """The rewards of the units the actor may see (an officer: their subtree); `state=proposed`:
    those waiting for a tenant admin's approval."""
    visible = await access.visible_org_ids(actor)
    rows, nxt = await keyset_sql(
        "SELECT w.* FROM rep_reward w JOIN rep_representative r ON r.id = w.representative_id "
        "JOIN rep_congress c ON c.id = r.congress_id "
        "WHERE ($1::int[] IS NULL OR c.org_id = ANY($1)) AND ($2::text IS NULL OR w.state = $2)",
        visible,
        state,
        limit=limit,
        cursor=cursor,
    )
    return Page([reward_out(r) for r in rows], nxt)
