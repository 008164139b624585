"""A vice chair must run a themed series in their slot: the cron job reminds them two weeks before
the slot ends (a Telegram notice when linked) and flags a slot that ended without one, each once;
a slot with a series is neither reminded nor flagged."""

from __future__ import annotations

import datetime as dt

from server.infra.tenancy import tenant_scope
from server.modules.rotation import service
from server.modules.rotation.jobs import rotation_slot_deadlines
from server.modules.rotation.module import MODULE
from tests.modules.rotation.conftest import admin


async def test_a_slot_without_a_series_is_flagged_once_and_one_with_a_series_is_not(world):
    a = admin(world.tenant)
    async with tenant_scope(world.tenant):
        roster = await service.generate_roster(
            world.area, service.RosterIn(year=2017, starts_on=dt.date(2017, 7, 1)), a
        )
        roster = await service.publish_roster(roster.id, a)
        vice = [s for s in roster.slots if s.role == "vice_chair"]
        # the first vice chair runs a series with one activity; the second plans one but runs nothing
        series = await service.plan_series(vice[0].id, service.SeriesIn("安全生产月系列活动"), a)
        await service.record_activity(
            service.ActivityIn(
                area_id=world.area,
                kind="training",
                title="安全生产知识讲座",
                held_on=vice[0].starts_on,
                series_id=series.id,
                organiser_org_id=world.unions[0],
                head_count=60,
            ),
            a,
        )
        await service.plan_series(vice[1].id, service.SeriesIn("只有计划"), a)
        # two weeks before the third slot ends: its vice chair (and the later ones' not yet) is reminded
        day = vice[2].ends_on - dt.timedelta(days=14)
        first = await service.check_deadlines(day)
        assert first.reminded == [vice[2].id] and first.flagged == [vice[1].id]
        assert await service.check_deadlines(day) == service.DeadlinesOut([], [])  # once each
        assert await MODULE.bot.notices([world.members[2]]) == []  # the slot is long over: nothing to tell
    # the cron job, on the real day (2017 is long over): every later slot is flagged, once
    done = await rotation_slot_deadlines({})
    assert done[world.tenant] == {"reminded": 0, "flagged": 3}
    assert world.tenant not in await rotation_slot_deadlines({})
    async with tenant_scope(world.tenant):
        flagged = await service.list_flags(world.area, "flagged")
    assert sorted(f.slot_id for f in flagged) == sorted(s.id for s in vice[1:])


async def test_a_linked_vice_chair_is_told_over_telegram_while_the_slot_runs(world):
    a = admin(world.tenant)
    year = service.today().year + 1
    async with tenant_scope(world.tenant):
        roster = await service.generate_roster(world.area, service.RosterIn(year=year), a)
        await service.publish_roster(roster.id, a)
        vice = [s for s in roster.slots if s.role == "vice_chair"]
        out = await service.check_deadlines(vice[0].ends_on - dt.timedelta(days=3))
        assert out.reminded == [vice[0].id] and out.flagged == []
        notices = await MODULE.bot.notices([world.members[0], world.members[1]])
    assert [n.key for n in notices] == [f"rotation.reminder:{vice[0].id}"]
    assert notices[0].member_id == world.members[0] and "主题系列活动" in notices[0].text_zh


async def test_a_vice_chair_whose_member_was_deleted_before_the_references_is_still_reminded(world):
    """Old data (the member references are NOT VALID): a chair naming a member deleted since is
    reminded without a member, not a foreign-key failure of the whole job."""
    from server.infra.tenancy import conn
    from tests.modules.orgs.factories import delete_member_as_before

    a = admin(world.tenant)
    year = service.today().year + 1
    async with tenant_scope(world.tenant):
        roster = await service.generate_roster(world.area, service.RosterIn(year=year), a)
        await service.publish_roster(roster.id, a)
        vice = [s for s in roster.slots if s.role == "vice_chair"]
        gone = await conn().fetchval(
            "SELECT ch.member_id FROM rot_slot s JOIN rot_chair ch ON ch.id = s.chair_id WHERE s.id = $1", vice[0].id
        )
        assert gone is not None
        await delete_member_as_before(gone)
        out = await service.check_deadlines(vice[0].ends_on - dt.timedelta(days=3))
        assert out.reminded == [vice[0].id]
        assert await conn().fetchval("SELECT member_id FROM rot_slot_notice WHERE slot_id = $1", vice[0].id) is None
