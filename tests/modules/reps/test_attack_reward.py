"""A proposed reward approved twice at once: one disbursement batch, the other refused."""

from __future__ import annotations

import asyncio
import datetime as dt

from server.errors import Conflict
from server.infra.tenancy import conn, tenant_scope
from server.modules.reps import service
from tests.conftest import blocking_another
from tests.modules.reps.conftest import World, admin, elected


async def test_two_approvals_racing_pay_once(world: World):
    reps = await elected(world)
    a = admin(world.tenant)
    async with tenant_scope(world.tenant):
        ev = await service.open_evaluation(service.EvaluationIn(world.constituency, dt.date(2017, 11, 1), 1), a)
        await service.cast_ballot(ev.id, service.BallotIn(reps[0], world.members[6], "satisfied", 95), a)
        await service.close_evaluation(ev.id, a)
        proposed = await service.reward(reps[0], service.RewardIn("evaluation", ev.id, 50000, "6222020200001"), a)

    async def approving(hold: bool) -> str:
        try:
            async with tenant_scope(world.tenant):
                await service.approve_reward(proposed.id, a)
                if hold:
                    await blocking_another()  # the other waits on the reward's row before either commits
            return "approved"
        except Conflict as exc:
            return exc.code

    assert sorted(await asyncio.gather(approving(True), approving(False))) == ["approved", "reward_not_proposed"]
    async with tenant_scope(world.tenant):
        batches = await conn().fetchval(
            "SELECT count(*) FROM payout_batch WHERE source = $1", f"reps.reward:{proposed.id}"
        )
    assert batches == 1
