"""A unit picks a trainer from the pool (点将式) and books a session; the database refuses a second
booking of the same trainer at an overlapping time, also when two bookings race."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest

from server.errors import Conflict, InvalidInput
from server.infra.tenancy import conn, tenant_scope
from server.modules.skills import service
from tests.conftest import blocking_another
from tests.modules.skills.conftest import admin, at

DAY = dt.date(2017, 6, 12)


def session(world, trainer: int, start: int, end: int, **kw) -> service.SessionIn:
    return service.SessionIn(
        org_id=world.union,
        course_id=world.course,
        trainer_id=trainer,
        starts_at=at(DAY, start),
        ends_at=at(DAY, end),
        cost_fen=kw.pop("cost_fen", 100_000),
        **kw,
    )


async def test_an_overlapping_booking_is_refused_by_the_database(world):
    a = admin(world.tenant)
    async with tenant_scope(world.tenant):
        first = await service.book_session(session(world, world.trainers[0], 9, 12), a)
        assert first.trainer_name == "马老师" and not first.off_hours
    with pytest.raises(Conflict) as refused:
        async with tenant_scope(world.tenant):
            await service.book_session(session(world, world.trainers[0], 11, 13), a)
    assert refused.value.code == "trainer_busy"
    async with tenant_scope(world.tenant):
        # back to back is fine, so is another trainer at the same time
        await service.book_session(session(world, world.trainers[0], 12, 14), a)
        await service.book_session(session(world, world.trainers[1], 11, 13), a)
        # a cancelled session frees the trainer
        await service.cancel_session(first.id, a)
        await service.book_session(session(world, world.trainers[0], 9, 11), a)
    # the constraint, not Python: a raw insert of an overlap fails too
    async with tenant_scope(world.tenant):
        name = await conn().fetchval(
            "SELECT conname FROM pg_constraint WHERE conname = 'skill_session_trainer_free' AND contype = 'x'"
        )
    assert name == "skill_session_trainer_free"


async def test_two_bookings_that_race_one_wins(world):
    a = admin(world.tenant)
    started = asyncio.Event()

    async def book(start: int, end: int, hold: bool):
        async with tenant_scope(world.tenant):
            out = await service.book_session(session(world, world.trainers[0], start, end), a)
            if hold:
                started.set()
                await blocking_another()  # the transaction stays open until the other is seen waiting on it
                return out, True
            return out

    async def second():
        await started.wait()
        return await book(10, 11, hold=False)

    results = await asyncio.gather(book(9, 12, hold=True), second(), return_exceptions=True)
    assert not isinstance(results[0], Exception), results[0]
    assert results[0][1], "the second booking never waited on the first"
    assert isinstance(results[1], Conflict) and results[1].code == "trainer_busy"
    async with tenant_scope(world.tenant):
        n = await conn().fetchval("SELECT count(*) FROM skill_session WHERE trainer_id = $1", world.trainers[0])
    assert n == 1


async def test_off_hours_sessions_fall_outside_working_hours(world):
    a = admin(world.tenant)
    async with tenant_scope(world.tenant):
        with pytest.raises(InvalidInput) as no_shift:
            await service.book_session(session(world, world.trainers[0], 19, 21, mode="workplace"), a)
        assert [e.field for e in no_shift.value.errors] == ["mode"]
        await service.set_shift(service.ShiftIn(org_id=world.union, starts=dt.time(8, 30), ends=dt.time(17, 30)), a)
    with pytest.raises(InvalidInput) as during:
        async with tenant_scope(world.tenant):
            await service.book_session(session(world, world.trainers[0], 16, 18, mode="workplace"), a)
    assert [e.field for e in during.value.errors] == ["starts_at"]
    async with tenant_scope(world.tenant):
        evening = await service.book_session(session(world, world.trainers[0], 18, 20, mode="workplace"), a)
        schedule = await service.list_sessions(org_id=world.union, actor=a, limit=10, cursor=None)
    assert evening.off_hours and [s.off_hours for s in schedule.items] == [True]
