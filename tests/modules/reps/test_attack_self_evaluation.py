"""A representative is on their own constituency's roll, but never evaluates themselves: no ballot
for their own seat is due to them (so the bot never sends one) and one entered by a teller or sent
from the bot is refused, with nothing written."""

from __future__ import annotations

import datetime as dt

import pytest

from server.errors import RuleViolation
from server.infra.tenancy import conn, tenant_scope
from server.modules.reps import service
from tests.modules.reps.conftest import World, admin, elected


async def test_a_representative_does_not_evaluate_themselves(world: World):
    reps = await elected(world)
    a = admin(world.tenant)
    async with tenant_scope(world.tenant):
        ev = await service.open_evaluation(service.EvaluationIn(world.constituency, dt.date(2017, 11, 1), 1), a)
        seat = await service.get_representative(reps[0], a)
        due = await service.ballots_due([seat.member_id])
    assert [d.representative_id for d in due] == [reps[1]]  # the other representative only
    for cast in (
        lambda b: service.cast_ballot(ev.id, b, a),  # a teller's paper ballot
        lambda b: service.worker_ballot(ev.id, b),  # the bot's
    ):
        with pytest.raises(RuleViolation) as err:
            async with tenant_scope(world.tenant):
                await cast(service.BallotIn(reps[0], seat.member_id, "satisfied", 100))
        assert err.value.code == "own_seat"
    async with tenant_scope(world.tenant):
        assert await conn().fetchval("SELECT count(*) FROM rep_ballot") == 0
        assert await conn().fetchval("SELECT count(*) FROM rep_evaluation_voter") == 0
        await service.cast_ballot(ev.id, service.BallotIn(reps[1], seat.member_id, "basic", 70), a)  # the other: yes
