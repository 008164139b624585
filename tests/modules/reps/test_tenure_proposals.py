"""常任制 and 提案: training and duty time on the roll; a proposal cites voice complaints where voice
is on; two racing evaluation ballots of one constituent leave one; bad input changes nothing."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest

from server.errors import Conflict, InvalidInput, RuleViolation
from server.infra.tenancy import conn, tenant_scope
from server.modules.reps import service
from server.modules.voice import service as voice
from tests.conftest import blocking_another
from tests.modules.reps.conftest import World, admin, build_world, elected


async def test_training_and_duty_time_on_the_roll(world: World):
    reps = await elected(world)
    a = admin(world.tenant)
    async with tenant_scope(world.tenant):
        await service.record_training(reps[0], dt.date(2017, 3, 10), a)
        await service.log_duty(reps[0], service.DutyIn("meeting", dt.date(2017, 4, 1), 180, "职代会"), a)
        await service.log_duty(reps[0], service.DutyIn("visit", dt.date(2017, 4, 8), 60, "走访班组"), a)
        with pytest.raises(InvalidInput):
            await service.log_duty(reps[0], service.DutyIn("party", dt.date(2017, 4, 8), -5), a)
        rep = await service.get_representative(reps[0], a)
        record = (await service.duty_record(reps[0], a)).items
    assert rep.trained_on == dt.date(2017, 3, 10) and rep.duty_minutes == 240
    assert [d.kind for d in record] == ["meeting", "visit"]
    assert rep.starts_on == dt.date(2017, 1, 1) and rep.ends_on == dt.date(2021, 12, 31)


async def test_a_proposal_cites_complaints_where_voice_is_on(make_tenant):
    t = await make_tenant(modules=["orgs", "welfare", "voice", "reps"])
    w = await build_world(t.slug)
    reps = await elected(w)
    a = admin(t.slug)
    async with tenant_scope(t.slug):
        complaint = await voice.file_complaint(
            voice.ComplaintIn(category="overtime", text="连续加班", org_id=w.unit), a, channel="tui"
        )
        p = await service.file_proposal(
            service.ProposalIn(reps[0], "关于取消加班加点的提案", complaint_ids=[complaint.id]), a
        )
        assert p.complaint_ids == [complaint.id]
        with pytest.raises(InvalidInput) as err:
            await service.file_proposal(service.ProposalIn(reps[0], "提案", complaint_ids=[999999]), a)
        assert err.value.errors[0].field == "complaint_ids"
    off = await make_tenant(modules=["orgs", "welfare", "reps"])
    w2 = await build_world(off.slug)
    reps2 = await elected(w2)
    with pytest.raises(InvalidInput):
        async with tenant_scope(off.slug):
            await service.file_proposal(service.ProposalIn(reps2[0], "提案", complaint_ids=[1]), admin(off.slug))


async def test_a_handled_proposal_stays_handled(world: World):
    reps = await elected(world)
    a = admin(world.tenant)
    async with tenant_scope(world.tenant):
        p = await service.file_proposal(service.ProposalIn(reps[0], "关于宿舍维修的提案"), a)
        with pytest.raises(InvalidInput):
            await service.handle_proposal(p.id, service.HandleIn("adopted", facilities_m2=-1), a)
        assert (await service.get_proposal(p.id, a)).state == "filed"
        await service.handle_proposal(p.id, service.HandleIn("adopted", facilities_m2=80), a)
    with pytest.raises(RuleViolation):
        async with tenant_scope(world.tenant):
            await service.handle_proposal(p.id, service.HandleIn("rejected", reason="重复"), a)


async def test_two_racing_ballots_of_one_constituent_leave_one(world: World):
    reps = await elected(world)
    a = admin(world.tenant)
    async with tenant_scope(world.tenant):
        ev = await service.open_evaluation(service.EvaluationIn(world.constituency, dt.date(2017, 11, 1), 1), a)

    async def cast(verdict: str) -> str:
        try:
            async with tenant_scope(world.tenant):
                await service.cast_ballot(ev.id, service.BallotIn(reps[0], world.members[2], verdict, 50), a)
                await blocking_another()  # the other waits on this insert before either commits
            return "ok"
        except Conflict as exc:
            return exc.code

    assert sorted(await asyncio.gather(cast("satisfied"), cast("dissatisfied"))) == ["already_evaluated", "ok"]
    async with tenant_scope(world.tenant):
        assert await conn().fetchval("SELECT count(*) FROM rep_ballot WHERE evaluation_id = $1", ev.id) == 1
        assert await conn().fetchval("SELECT count(*) FROM rep_evaluation_voter WHERE evaluation_id = $1", ev.id) == 1
