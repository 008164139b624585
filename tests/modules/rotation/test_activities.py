"""A slot's work and the activity log: a work plan, a joint meeting, a major issue, a themed
series and its activities; bad input gets field errors and changes nothing; an officer outside
the subtree is refused; another tenant's ids are not found; the report moves with an activity."""

from __future__ import annotations

import datetime as dt

import pytest

from server.errors import Conflict, Forbidden, InvalidInput, NotFound, RuleViolation
from server.infra.tenancy import conn, tenant_scope
from server.modules.contract import ReportQuery
from server.modules.rotation import service
from server.modules.rotation.report import report
from tests.modules.rotation.conftest import admin, build_world, officer


async def test_a_vice_chair_works_through_their_slot(world):
    a = admin(world.tenant)
    async with tenant_scope(world.tenant):
        roster = await service.generate_roster(
            world.area, service.RosterIn(year=2017, starts_on=dt.date(2017, 7, 1)), a
        )
        await service.publish_roster(roster.id, a)
        slot = [s for s in roster.slots if s.role == "vice_chair"][0]
    vice = officer(world.tenant, world.unions[0])  # the first vice chair's union
    async with tenant_scope(world.tenant):
        theme = await service.choose_theme(
            world.area, service.ThemeIn(2017, "安全生产与职工关爱"), officer(world.tenant, world.street)
        )
        plan = await service.add_work_plan(
            slot.id,
            service.WorkPlanIn(dt.date(2017, 7, 15), "推进非公企业安全生产", ["安全知识讲座", "模拟消防演练"]),
            vice,
        )
        assert plan.month == dt.date(2017, 7, 1)
        meeting = await service.hold_meeting(
            slot.id,
            service.MeetingIn(
                dt.date(2017, 7, 20), "工会工作联席会议", world.unions[:3] + [world.street], 12, "议定活动安排"
            ),
            vice,
        )
        issue = await service.record_issue(
            slot.id, service.IssueIn(dt.date(2017, 7, 25), "建筑工地欠薪", "协调发放", dt.date(2017, 8, 1)), vice
        )
        series = await service.plan_series(slot.id, service.SeriesIn("安全生产月", theme.id), vice)
        before = await report(ReportQuery(tenant=world.tenant, year=2017))
        act = await service.record_activity(
            service.ActivityIn(
                area_id=world.area,
                kind="cultural",
                title="“我为妈妈送祝福”母亲节活动",
                held_on=dt.date(2017, 7, 28),
                platform_id=world.platforms["活动室"],
                series_id=series.id,
                organiser_org_id=world.unions[0],
                co_org_ids=[world.unions[1]],
                member_ids=world.members[:3],
            ),
            vice,
        )
        assert act.person_times == 3 and act.roster == 3 and act.head_count is None
        after = await report(ReportQuery(tenant=world.tenant, year=2017))
        board = await service.slot_work(slot.id, vice)
    with pytest.raises(Conflict):
        async with tenant_scope(world.tenant):
            await service.add_work_plan(slot.id, service.WorkPlanIn(dt.date(2017, 7, 1), "重复", ["再来一次"]), vice)
    assert (board.plans[0].id, board.meetings[0].id, board.issues[0].id) == (plan.id, meeting.id, issue.id)
    assert board.series[0].activities == 1
    assert after["cultural_events"] == before["cultural_events"] + 1
    assert after["cultural_person_times"] == before["cultural_person_times"] + 3
    assert (after["work_plans"], after["joint_meetings"], after["major_issues_resolved"]) == (1, 1, 1)
    assert (after["vice_chairs"], after["grassroots_unions"], after["units"], after["community_joint_unions"]) == (
        5,
        6,
        6,
        1,
    )
    async with tenant_scope(world.tenant):
        page = await service.list_activities(world.area, kind="cultural", org_id=world.unions[1], actor=a, limit=5)
    assert [x.id for x in page.items] == [act.id]


async def test_bad_activities_change_nothing(world):
    a = admin(world.tenant)
    with pytest.raises(InvalidInput) as bad:
        async with tenant_scope(world.tenant):
            await service.record_activity(
                service.ActivityIn(
                    area_id=world.area,
                    kind="party",
                    title="",
                    held_on=dt.date(2017, 8, 1),
                    platform_id=999_999,
                    organiser_org_id=world.outsider,
                    co_org_ids=[999_998],
                    head_count=-1,
                ),
                a,
            )
    assert {e.field for e in bad.value.errors} == {
        "kind",
        "title",
        "platform_id",
        "organiser_org_id",
        "co_org_ids",
        "head_count",
    }
    with pytest.raises(InvalidInput) as both:
        async with tenant_scope(world.tenant):
            await service.record_activity(
                service.ActivityIn(
                    area_id=world.area,
                    kind="training",
                    title="培训",
                    held_on=dt.date(2017, 8, 1),
                    head_count=5,
                    member_ids=[world.members[0], world.members[0]],
                ),
                a,
            )
    assert {e.field for e in both.value.errors} == {"head_count", "member_ids"}
    with pytest.raises(Forbidden) as outside:
        async with tenant_scope(world.tenant):
            await service.record_activity(
                service.ActivityIn(
                    area_id=world.area,
                    kind="training",
                    title="培训",
                    held_on=dt.date(2017, 8, 1),
                    organiser_org_id=world.unions[1],
                    head_count=5,
                ),
                officer(world.tenant, world.outsider),
            )
    assert outside.value.code == "outside_subtree"
    async with tenant_scope(world.tenant):
        assert await conn().fetchval("SELECT count(*) FROM rot_activity") == 0
        assert await conn().fetchval("SELECT count(*) FROM rot_participant") == 0


async def test_another_tenants_ids_are_not_found(world, make_tenant):
    other = await make_tenant()
    theirs = await build_world(other.slug)
    async with tenant_scope(world.tenant):
        mine = await service.record_activity(
            service.ActivityIn(
                area_id=world.area, kind="volunteer", title="义务安全巡逻", held_on=dt.date(2017, 9, 1), head_count=20
            ),
            admin(world.tenant),
        )
    async with tenant_scope(other.slug):
        with pytest.raises(NotFound):
            await service.get_activity(mine.id + 1000, admin(other.slug))
        if theirs.area != world.area:
            with pytest.raises(NotFound):
                await service.get_area(world.area + 1000, admin(other.slug))
        page = await service.list_activities(theirs.area, actor=admin(other.slug), limit=10)
    assert page.items == []  # ids are per schema: the other tenant sees only its own rows


async def test_a_visit_becomes_a_complaint_where_voice_is_on(world):
    a = admin(world.tenant)
    async with tenant_scope(world.tenant):
        visit = await service.log_visit(
            world.area,
            service.VisitIn(dt.date(2017, 10, 9), "王师傅", "工地拖欠三个月工资", world.members[0], world.unions[0]),
            a,
        )
        escalated = await service.visit_to_complaint(visit.id, service.EscalateIn("wages"), a)
        assert escalated.complaint_id is not None
        from server.modules.voice import service as voice

        complaint = await voice.get_complaint(escalated.complaint_id, a)
        assert "拖欠" in complaint.text


async def test_a_visit_stays_a_visit_where_voice_is_off(make_tenant):
    off = await make_tenant(modules=["orgs", "rotation"])
    world = await build_world(off.slug)
    a = admin(off.slug)
    async with tenant_scope(off.slug):
        visit = await service.log_visit(world.area, service.VisitIn(dt.date(2017, 10, 9), "李师傅", "加班费"), a)
    with pytest.raises(RuleViolation) as refused:
        async with tenant_scope(off.slug):
            await service.visit_to_complaint(visit.id, service.EscalateIn("overtime"), a)
    assert refused.value.code == "module_off"
    async with tenant_scope(off.slug):
        assert (await service.list_visits(world.area, actor=a, limit=5)).items[0].complaint_id is None
