"""评估制 The anonymous satisfaction evaluation and recall.

Each constituent casts one ballot per representative of the constituency (a representative,
on the roll too, none for their own seat): a verdict (满意,
基本满意, 不满意) and a score from 0 to 100. Who has voted (`rep_evaluation_voter`) and the
ballots (`rep_ballot`) are written in one transaction but share nothing: random keys, no
timestamps (the roll has the day only), no foreign key between them. No result is shown until
the evaluation's minimum number of ballots for that representative is in. Closing the evaluation
recalls each representative whose dissatisfied share reaches 60% (with the evaluation as the
reason) and opens a by-election for the seats they held."""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec

from server.errors import FieldError, InvalidInput, NotFound, RuleViolation
from server.infra.pagination import Page, keyset_sql
from server.infra.tenancy import conn
from server.infra.types import Code, Id, PositiveCount, Score
from server.modules.core import service as activity
from server.modules.orgs import access
from server.modules.orgs import service as orgs
from server.modules.reps import messages as msg
from server.modules.reps.service import secret
from server.modules.reps.service.congress import electorate
from server.modules.reps.service.elections import ElectionIn, open_election
from server.modules.reps.service.shared import (
    RECALL_SHARE,
    VERDICTS,
    check_unit,
    constituency_row,
    one_of,
    today,
    whole,
)
from server.platform.roles import SYSTEM, Actor


class EvaluationIn(msgspec.Struct, forbid_unknown_fields=True):
    constituency_id: Id
    opened_on: dt.date
    min_ballots: PositiveCount


class BallotIn(msgspec.Struct, forbid_unknown_fields=True):
    representative_id: Id
    member_id: Id  # the constituent (a teller enters a paper ballot with the constituent's id)
    verdict: Code
    score: Score


class ResultOut(msgspec.Struct):
    representative_id: int
    member_id: int
    shown: bool  # False until the minimum number of ballots is in: then every figure is null
    ballots: int | None
    satisfied: int | None
    basic: int | None
    dissatisfied: int | None
    dissatisfied_share: float | None
    mean_score: float | None
    recalled: bool
    member_name: str = ""  # the representative's name (orgs)


class EvaluationOut(msgspec.Struct):
    id: int
    constituency_id: int
    opened_on: dt.date
    min_ballots: int
    state: str
    results: list[ResultOut]
    by_election_id: int | None = None
    constituency_name: str = ""


async def evaluation_row(evaluation_id: int, *, lock: bool = False, share: bool = False) -> dict[str, Any]:
    """The evaluation; `lock`: to close it; `share`: for a ballot, so the close waits for the
    ballots being cast and a ballot after the close sees it closed."""
    mode = " FOR UPDATE OF v" if lock else " FOR SHARE OF v" if share else ""
    row = await conn().fetchrow(
        "SELECT v.*, s.org_id AS constituency_org, s.congress_id, s.name AS constituency_name, c.org_id AS unit_id "
        "FROM rep_evaluation v JOIN rep_constituency s ON s.id = v.constituency_id "
        "JOIN rep_congress c ON c.id = s.congress_id WHERE v.id = $1" + mode,
        evaluation_id,
    )
    if row is None:
        raise NotFound(msg.EVALUATION_NOT_FOUND, code="not_found", key=evaluation_id)
    return dict(row)


def recalls(dissatisfied: int, ballots: int) -> bool:
    """60% or more of the ballots dissatisfied loses the seat (integer arithmetic: no rounding)."""
    return ballots > 0 and dissatisfied * 100 >= RECALL_SHARE * ballots


async def _results(e: dict[str, Any]) -> list[ResultOut]:
    rows = await conn().fetch(
        "SELECT r.id, r.member_id, r.state, r.evaluation_id, count(b.id)::int AS ballots, "
        "count(*) FILTER (WHERE b.verdict = 'satisfied')::int AS satisfied, "
        "count(*) FILTER (WHERE b.verdict = 'basic')::int AS basic, "
        "count(*) FILTER (WHERE b.verdict = 'dissatisfied')::int AS dissatisfied, "
        "avg(b.score)::float AS mean_score "
        "FROM rep_representative r LEFT JOIN rep_ballot b ON b.representative_id = r.id AND b.evaluation_id = $1 "
        "WHERE r.constituency_id = $2 AND (r.state = 'seated' OR r.evaluation_id = $1) "
        "GROUP BY r.id ORDER BY r.id",
        e["id"],
        e["constituency_id"],
    )
    names = await orgs.get_members([r["member_id"] for r in rows])
    out = []
    for r in rows:
        recalled = r["evaluation_id"] == e["id"]
        name = names[r["member_id"]].name if r["member_id"] in names else ""
        if r["ballots"] < e["min_ballots"]:
            out.append(ResultOut(r["id"], r["member_id"], False, None, None, None, None, None, None, recalled, name))
            continue
        out.append(
            ResultOut(
                r["id"],
                r["member_id"],
                True,
                r["ballots"],
                r["satisfied"],
                r["basic"],
                r["dissatisfied"],
                round(r["dissatisfied"] / r["ballots"], 4),
                round(r["mean_score"], 2),
                recalled,
                name,
            )
        )
    return out


async def _out(evaluation_id: int, by_election_id: int | None = None) -> EvaluationOut:
    e = await evaluation_row(evaluation_id)
    return EvaluationOut(
        e["id"],
        e["constituency_id"],
        e["opened_on"],
        e["min_ballots"],
        e["state"],
        await _results(e),
        by_election_id,
        e["constituency_name"],
    )


async def open_evaluation(data: EvaluationIn, actor: Actor = SYSTEM) -> EvaluationOut:
    s = await constituency_row(data.constituency_id)
    await check_unit(actor, s["unit_id"])
    errors: list[FieldError] = []
    whole(data.min_ballots, "min_ballots", errors, 1)
    if errors:
        raise InvalidInput(errors)
    roll = await electorate(s, data.opened_on)
    eid = await conn().fetchval(
        "INSERT INTO rep_evaluation (constituency_id, opened_on, min_ballots, state, electorate) "
        "VALUES ($1, $2, $3, 'open', $4) RETURNING id",
        data.constituency_id,
        data.opened_on,
        data.min_ballots,
        roll,
    )
    await activity.record("reps.evaluation.opened", f"evaluation:{eid}", {}, actor)
    return await _out(eid)


async def list_evaluations(
    *, actor: Actor = SYSTEM, state: str | None = None, limit: int = 50, cursor: str | None = None
) -> Page[EvaluationOut]:
    """The evaluations of the units the actor may see (an officer: their subtree), newest last."""
    visible = await access.visible_org_ids(actor)
    rows, nxt = await keyset_sql(
        "SELECT v.id FROM rep_evaluation v JOIN rep_constituency s ON s.id = v.constituency_id "
        "JOIN rep_congress c ON c.id = s.congress_id "
        "WHERE ($1::int[] IS NULL OR c.org_id = ANY($1)) AND ($2::text IS NULL OR v.state = $2)",
        visible,
        state,
        limit=limit,
        cursor=cursor,
    )
    return Page([await _out(r["id"]) for r in rows], nxt)


async def get_evaluation(evaluation_id: int, actor: Actor = SYSTEM) -> EvaluationOut:
    e = await evaluation_row(evaluation_id)
    await check_unit(actor, e["unit_id"])
    return await _out(evaluation_id)


async def cast_ballot(evaluation_id: int, data: BallotIn, actor: Actor = SYSTEM, *, teller: bool = True) -> None:
    """A paper ballot entered by a teller (an officer of the unit)."""
    e = await evaluation_row(evaluation_id, share=True)
    await check_unit(actor, e["unit_id"])
    await ballot(e, data, teller=teller)


async def worker_ballot(evaluation_id: int, data: BallotIn) -> None:
    """A constituent's own ballot (from the workers' bot): `data.member_id` is the linked worker."""
    await ballot(await evaluation_row(evaluation_id, share=True), data, teller=False)


class BallotDue(msgspec.Struct):
    evaluation_id: int
    representative_id: int
    representative_name: str
    member_id: int


async def ballots_due(member_ids: list[int]) -> list[BallotDue]:
    """The ballots these constituents have yet to cast in the open evaluations."""
    rows = await conn().fetch(
        "SELECT v.id AS evaluation_id, r.id AS representative_id, r.member_id AS rep_member, m AS member_id "
        "FROM rep_evaluation v JOIN rep_representative r ON r.constituency_id = v.constituency_id "
        "AND r.state = 'seated' CROSS JOIN LATERAL unnest(v.electorate) AS m "
        "WHERE v.state = 'open' AND m = ANY($1::int[]) AND m <> r.member_id AND NOT EXISTS (SELECT 1 FROM rep_evaluation_voter x "
        "WHERE x.evaluation_id = v.id AND x.representative_id = r.id AND x.member_id = m) "
        "ORDER BY v.id, r.id, m",
        member_ids,
    )
    names = await orgs.get_members(sorted({r["rep_member"] for r in rows}))
    return [
        BallotDue(
            r["evaluation_id"],
            r["representative_id"],
            names[r["rep_member"]].name if r["rep_member"] in names else f"#{r['representative_id']}",
            r["member_id"],
        )
        for r in rows
    ]


async def ballot(e: dict[str, Any], data: BallotIn, *, teller: bool) -> None:
    """Record that the constituent voted (once: the roll's unique key) and drop the ballot in the
    box (`secret`); the two rows share nothing. Answers nothing: a ballot is never read back alone."""
    if e["state"] != "open":
        raise RuleViolation(msg.EVALUATION_CLOSED, code="evaluation_closed", evaluation=e["id"])
    if data.member_id not in (e["electorate"] or []):
        raise RuleViolation(msg.NOT_A_CONSTITUENT, code="not_a_constituent", member=data.member_id)
    errors: list[FieldError] = []
    one_of(data.verdict, "verdict", errors, VERDICTS)
    if isinstance(data.score, bool) or not isinstance(data.score, int) or not 0 <= data.score <= 100:
        errors.append(FieldError("score", msg.SCORE))
    if errors:
        raise InvalidInput(errors)
    c = conn()
    seated = await c.fetchval(
        "SELECT member_id FROM rep_representative WHERE id = $1 AND constituency_id = $2 AND state = 'seated'",
        data.representative_id,
        e["constituency_id"],
    )
    if seated is None:
        raise RuleViolation(msg.NOT_SEATED, code="not_seated", representative=data.representative_id)
    if seated == data.member_id:  # on the roll as a constituent, but not a judge of their own seat
        raise RuleViolation(msg.OWN_SEAT, code="own_seat")
    await secret.cast(
        secret.EVALUATION,
        {
            "evaluation_id": e["id"],
            "representative_id": data.representative_id,
            "member_id": data.member_id,
            "by_teller": teller,
        },
        {
            "evaluation_id": e["id"],
            "representative_id": data.representative_id,
            "verdict": data.verdict,
            "score": data.score,
        },
    )


async def close_evaluation(evaluation_id: int, actor: Actor = SYSTEM) -> EvaluationOut:
    """Close: each representative with the minimum of ballots and 60% or more dissatisfied loses
    the seat (the evaluation is the recorded reason) and one by-election opens for those seats."""
    e = await evaluation_row(evaluation_id, lock=True)
    await check_unit(actor, e["unit_id"])
    if e["state"] != "open":
        raise RuleViolation(msg.EVALUATION_CLOSED, code="evaluation_closed", evaluation=evaluation_id)
    c = conn()
    lost = [
        r.representative_id
        for r in await _results(e)
        if r.shown and r.ballots is not None and r.dissatisfied is not None and recalls(r.dissatisfied, r.ballots)
    ]
    day = today()
    by_election = None
    if lost:
        await c.execute(
            "UPDATE rep_representative SET state = 'recalled', left_on = $2, evaluation_id = $3, left_reason = $4 "
            "WHERE id = ANY($1)",
            lost,
            day,
            evaluation_id,
            f"满意度评估（评估#{evaluation_id}）不满意率达{RECALL_SHARE}%以上，取消代表资格",
        )
        by_election = (
            await open_election(ElectionIn(e["constituency_id"], day, seats=len(lost)), SYSTEM, kind="by_election")
        ).id
    await c.execute("UPDATE rep_evaluation SET state = 'closed' WHERE id = $1", evaluation_id)
    await secret.shuffle(secret.EVALUATION)
    await activity.record("reps.evaluation.closed", f"evaluation:{evaluation_id}", {}, actor)
    return await _out(evaluation_id, by_election)
