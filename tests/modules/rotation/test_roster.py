"""The street generates a fair roster: the rotating chair for the whole period, five vice chairs
in equal turns (to the day) with no overlap; the database refuses an overlapping slot written
directly; a published timetable changes only by swaps, kept with their reasons."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import asyncpg
import chinese_calendar
import pytest

from server.errors import Conflict, Forbidden, InvalidInput, RuleViolation
from server.infra.tenancy import conn, tenant_scope
from server.modules.rotation import service
from server.modules.rotation.timetable import lay_out
from tests.conftest import blocking_another
from tests.modules.rotation.conftest import admin, officer


def test_lay_out_gives_equal_turns_covering_the_period():
    for days, chairs, rounds in [(184, 5, 1), (365, 5, 2), (31, 5, 3), (5, 5, 1), (366, 7, 4)]:
        start = dt.date(2016, 1, 1)
        end = start + dt.timedelta(days=days - 1)
        turns = lay_out(start, end, chairs, rounds)
        assert turns[0].starts_on == start and turns[-1].ends_on == end
        for a, b in zip(turns, turns[1:]):
            assert b.starts_on == a.ends_on + dt.timedelta(days=1)  # no gap, no overlap
        per_chair = Counter()
        for t in turns:
            per_chair[t.chair] += (t.ends_on - t.starts_on).days + 1
        assert sum(per_chair.values()) == days and max(per_chair.values()) - min(per_chair.values()) <= 1
        lengths = [(t.ends_on - t.starts_on).days + 1 for t in turns]
        assert max(lengths) - min(lengths) <= 1
    with pytest.raises(ValueError):
        lay_out(dt.date(2017, 1, 1), dt.date(2017, 1, 3), 5)


def test_working_days_are_counted_where_holidays_are_respected():
    turns = lay_out(dt.date(2017, 7, 1), dt.date(2017, 12, 31), 5, 1, chinese_calendar.is_workday)
    worked = [
        sum(
            1
            for n in range((t.ends_on - t.starts_on).days + 1)
            if chinese_calendar.is_workday(t.starts_on + dt.timedelta(days=n))
        )
        for t in turns
    ]
    assert worked == [t.counted_days for t in turns] and max(worked) - min(worked) <= 1
    assert all(chinese_calendar.is_workday(t.starts_on) for t in turns[1:])  # hand over on a working day


async def test_the_street_generates_publishes_and_swaps(world):
    a = admin(world.tenant)
    year = service.today().year + 1
    async with tenant_scope(world.tenant):
        draft = await service.generate_roster(world.area, service.RosterIn(year=year), a)
        vice = [s for s in draft.slots if s.role == "vice_chair"]
        assert [s.chair_id for s in vice] == world.vice_chairs
        assert sum(s.days for s in vice) == (dt.date(year, 12, 31) - dt.date(year, 1, 1)).days + 1
        assert max(s.days for s in vice) - min(s.days for s in vice) <= 1
        [chair] = [s for s in draft.slots if s.role == "chair"]
        assert (chair.starts_on, chair.ends_on) == (dt.date(year, 1, 1), dt.date(year, 12, 31))
        # a draft is generated again in place, in another order
        again = await service.generate_roster(
            world.area, service.RosterIn(year=year, rounds=2, chair_ids=world.vice_chairs[::-1]), a
        )
        assert again.id == draft.id and len([s for s in again.slots if s.role == "vice_chair"]) == 10
        published = await service.publish_roster(draft.id, a)
        assert published.state == "published"
        first, second = [s for s in published.slots if s.role == "vice_chair"][:2]
        [chair] = [s for s in published.slots if s.role == "chair"]
        swapped = await service.swap_slots(draft.id, service.SwapIn(first.id, second.id, "企业生产旺季，申请对调"), a)
        by_id = {s.id: s for s in swapped.slots}
        assert (by_id[first.id].chair_id, by_id[second.id].chair_id) == (second.chair_id, first.chair_id)
        assert [(w.slot_a, w.reason) for w in swapped.swaps] == [(first.id, "企业生产旺季，申请对调")]
        duty = await service.on_duty(world.area, dt.date(year, 1, 2), a)
        assert duty.chair.chair_id == world.chair and duty.vice_chair.id == first.id
        assert duty.next_vice_chair.id == second.id
    with pytest.raises(InvalidInput) as published_already:
        async with tenant_scope(world.tenant):
            await service.generate_roster(world.area, service.RosterIn(year=year), a)
    assert [e.field for e in published_already.value.errors] == ["year"]
    with pytest.raises(RuleViolation):
        async with tenant_scope(world.tenant):
            await service.swap_slots(draft.id, service.SwapIn(first.id, chair.id, "职务不同"), a)


async def test_an_overlapping_slot_written_directly_is_refused_by_the_database(world):
    a = admin(world.tenant)
    async with tenant_scope(world.tenant):
        roster = await service.generate_roster(world.area, service.RosterIn(year=2017), a)
        slot = [s for s in roster.slots if s.role == "vice_chair"][2]
    with pytest.raises(asyncpg.ExclusionViolationError):
        async with tenant_scope(world.tenant):
            await conn().execute(
                "INSERT INTO rot_slot (roster_id, area_id, chair_id, role, starts_on, ends_on, position) "
                "VALUES ($1, $2, $3, 'vice_chair', $4, $4, 99)",
                roster.id,
                world.area,
                world.vice_chairs[0],
                slot.starts_on + dt.timedelta(days=1),
            )
    async with tenant_scope(world.tenant):  # the other role's slots may overlap it
        assert (
            await conn().fetchval("SELECT count(*) FROM rot_slot WHERE roster_id = $1 AND role = 'chair'", roster.id)
            == 1
        )


async def test_bad_roster_input_changes_nothing_and_outsiders_are_refused(world):
    a = admin(world.tenant)
    with pytest.raises(InvalidInput) as bad:
        async with tenant_scope(world.tenant):
            await service.generate_roster(
                world.area,
                service.RosterIn(
                    year=2017, starts_on=dt.date(2016, 12, 1), rounds=0, chair_ids=[world.vice_chairs[0], 999_999]
                ),
                a,
            )
    assert {e.field for e in bad.value.errors} == {"starts_on", "rounds", "chair_ids"}
    with pytest.raises(InvalidInput) as public:
        async with tenant_scope(world.tenant):
            await service.appoint_chair(world.area, service.ChairIn("vice_chair", world.unions[5], "国企主席"), a)
    assert [e.field for e in public.value.errors] == ["org_id"]
    with pytest.raises(Forbidden) as outside:
        async with tenant_scope(world.tenant):
            await service.generate_roster(
                world.area, service.RosterIn(year=2017), officer(world.tenant, world.outsider)
            )
    assert outside.value.code == "outside_subtree"
    async with tenant_scope(world.tenant):
        assert await conn().fetchval("SELECT count(*) FROM rot_roster") == 0


async def test_an_area_that_respects_holidays_hands_over_on_working_days(world):
    a = admin(world.tenant)
    async with tenant_scope(world.tenant):
        area = await service.create_area(
            service.AreaIn(root_org_id=world.district, name="西夏区", respect_holidays=True), a
        )
        for i in range(5):
            await service.appoint_chair(area.id, service.ChairIn("vice_chair", world.unions[i], f"副主席{i}"), a)
        roster = await service.generate_roster(area.id, service.RosterIn(year=2017, starts_on=dt.date(2017, 7, 1)), a)
    vice = [s for s in roster.slots if s.role == "vice_chair"]
    assert all(chinese_calendar.is_workday(s.starts_on) for s in vice[1:])
    worked = [
        sum(1 for n in range(s.days) if chinese_calendar.is_workday(s.starts_on + dt.timedelta(days=n))) for s in vice
    ]
    assert max(worked) - min(worked) <= 1 and sum(s.days for s in vice) == 184
    assert [s.role for s in roster.slots] == ["vice_chair"] * 5  # no rotating chair appointed here
    with pytest.raises(InvalidInput) as uncovered:
        async with tenant_scope(world.tenant):
            await service.generate_roster(area.id, service.RosterIn(year=2099), a)
    assert [e.field for e in uncovered.value.errors] == ["year"]


async def test_two_generations_of_one_year_that_race_one_wins(world):
    import asyncio

    a = admin(world.tenant)
    started = asyncio.Event()

    async def first():
        async with tenant_scope(world.tenant):
            out = await service.generate_roster(world.area, service.RosterIn(year=2018), a)
            started.set()
            await blocking_another()  # the transaction stays open until the other is seen waiting on it
            return out, True

    async def second():
        await started.wait()
        async with tenant_scope(world.tenant):
            return await service.generate_roster(world.area, service.RosterIn(year=2018, rounds=2), a)

    results = await asyncio.gather(first(), second(), return_exceptions=True)
    assert not isinstance(results[0], BaseException), results[0]
    assert results[0][1], "the second generation never waited on the first"
    assert isinstance(results[1], Conflict) and results[1].code == "roster_exists"
    async with tenant_scope(world.tenant):
        assert await conn().fetchval("SELECT count(*) FROM rot_slot WHERE role = 'vice_chair'") == 5
