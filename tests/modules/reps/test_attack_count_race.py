"""A vote (or an evaluation ballot) racing the count of its round (or the close of the
evaluation) is either counted or refused, never accepted and left out. The ballot's insert waits
on the count's lock of the election row (its foreign key); a ballot that read the election as
open before the count committed then went in after it: accepted, on the roll, in no count."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any

from server.errors import RuleViolation
from server.infra.tenancy import conn, tenant_scope
from server.modules.reps import service
from tests.conftest import blocking_another
from tests.modules.reps.conftest import World, admin, elected


async def counted_first(tenant: str, count: Callable[[], Awaitable[Any]], cast: Callable[[], Awaitable[Any]]) -> Any:
    """The count runs, holds its transaction until the cast waits on it, then commits; the cast
    starts once the count is done (and not committed). Answers (the count, "cast" or the refusal)."""
    holding = asyncio.Event()

    async def counting() -> Any:
        async with tenant_scope(tenant):
            out = await count()
            holding.set()
            await blocking_another()
        return out

    async def casting() -> Any:
        await holding.wait()
        try:
            async with tenant_scope(tenant):
                await cast()
            return "cast"
        except RuleViolation as exc:
            return exc.code

    return await asyncio.gather(counting(), casting())


async def test_a_vote_racing_the_count_is_refused_not_lost(world: World):
    a = admin(world.tenant)
    async with tenant_scope(world.tenant):
        e = await service.open_election(service.ElectionIn(world.constituency, dt.date(2017, 3, 1)), a)
        for m in world.members[:4]:
            e = await service.add_candidate(e.id, service.CandidateIn(m, ""), a)
        await service.open_voting(e.id, a)
        first, second = e.candidates[0].id, e.candidates[1].id
        await service.cast_vote(e.id, service.VoteIn(world.members[5], [first, second]), a)

    counted, cast = await counted_first(
        world.tenant,
        lambda: service.tally(e.id, a),
        lambda: service.cast_vote(e.id, service.VoteIn(world.members[6], [first]), a),
    )
    assert cast == "not_open"
    async with tenant_scope(world.tenant):
        after = await service.get_election(e.id, a)
        ballots = await conn().fetchval("SELECT count(*) FROM rep_election_ballot WHERE election_id = $1", e.id)
    assert ballots == after.votes_cast == 1 and {c.id: c.votes for c in after.candidates}[first] == 1


async def test_a_ballot_racing_the_close_of_the_evaluation_is_refused_not_lost(world: World):
    reps = await elected(world)
    a = admin(world.tenant)
    async with tenant_scope(world.tenant):
        ev = await service.open_evaluation(service.EvaluationIn(world.constituency, dt.date(2017, 11, 1), 1), a)
        await service.cast_ballot(ev.id, service.BallotIn(reps[0], world.members[5], "satisfied", 90), a)

    closed, cast = await counted_first(
        world.tenant,
        lambda: service.close_evaluation(ev.id, a),
        lambda: service.cast_ballot(ev.id, service.BallotIn(reps[0], world.members[6], "dissatisfied", 0), a),
    )
    assert cast == "evaluation_closed"
    async with tenant_scope(world.tenant):
        assert await conn().fetchval("SELECT count(*) FROM rep_ballot WHERE evaluation_id = $1", ev.id) == 1
