"""The audit's process: the notice at least 3 days ahead, opinions, rectification within 30 days,
reminders and escalations sent once by the cron job, and the committee closing the case."""

from __future__ import annotations

import datetime as dt

import pytest

from server.errors import InvalidInput, RuleViolation
from server.infra.tenancy import conn, tenant_scope
from server.modules.audit import jobs, service
from tests.modules.audit.conftest import FIELDWORK, admin, audited, auditor, entry, officer


async def test_a_plan_freezes_the_non_public_above_size_unions(world):
    t = world.tenant
    async with tenant_scope(t):
        plan = await service.create_plan(service.PlanIn(2017, "2017年度审计", world.standard), admin(t))
        approved = await service.approve_plan(plan.id, admin(t))
        orgs_audited = sorted(a.org_id for a in (await service.list_audits(plan_id=plan.id)).items)
        assert approved.state == "approved" and approved.audits == 2
        assert orgs_audited == sorted([world.union, world.other])  # not the public hospital, not the federation
        pilot = await service.create_plan(service.PlanIn(2017, "试点", world.standard, [world.union]), admin(t))
        with pytest.raises(RuleViolation):  # named, but audited this year already
            await service.approve_plan(pilot.id, admin(t))
        again = await service.create_plan(service.PlanIn(2017, "补充审计", world.standard), admin(t))
        with pytest.raises(RuleViolation) as none_left:  # both were audited this year already
            await service.approve_plan(again.id, admin(t))
    assert none_left.value.code == "empty_population"


async def test_a_notice_less_than_3_days_before_fieldwork_is_refused(world):
    t = world.tenant
    async with tenant_scope(t):
        plan = await service.create_plan(service.PlanIn(2017, "审计", world.standard, [world.union]), admin(t))
        await service.approve_plan(plan.id, admin(t))
        [a] = (await service.list_audits(plan_id=plan.id)).items
        with pytest.raises(InvalidInput) as late:
            await service.send_notice(a.id, service.NoticeIn(FIELDWORK - dt.timedelta(days=2), FIELDWORK), auditor(t))
        assert late.value.errors[0].field == "fieldwork_on"
        assert "至少3日" in late.value.detail
        assert (await service.get_audit(a.id)).stage == "planned"
        ok = await service.send_notice(a.id, service.NoticeIn(FIELDWORK - dt.timedelta(days=3), FIELDWORK), auditor(t))
    assert ok.stage == "noticed" and ok.notice_on == dt.date(2017, 5, 7)
    assert ok.due_on == FIELDWORK and ok.days_left == (FIELDWORK - service.today()).days


async def test_the_whole_process_and_an_overdue_rectification_escalated_once(world):
    t = world.tenant
    ids = await audited(world, [entry("A1", 2_000_000, participants=300)])
    opinions_on = dt.date(2017, 6, 1)
    async with tenant_scope(t):
        for i in ids:
            await service.score_audit(i, None, auditor(t))
            a = await service.issue_opinions(i, service.OpinionsIn(opinions_on, "完善经费审批手续"), auditor(t))
        assert a.stage == "opinions" and a.rectification_due == dt.date(2017, 7, 1) == a.due_on
        assert a.days_left is not None and a.days_left < 0  # long overdue by now
        # the union answers its own audit; the committee cannot close before it has
        with pytest.raises(RuleViolation):
            await service.close_audit(ids[0], service.CloseIn(dt.date(2017, 6, 20)), auditor(t))
        visit = await service.follow_up(ids[0], service.FollowUpIn(dt.date(2017, 6, 15), "电话督促整改"), auditor(t))
        with pytest.raises(InvalidInput):  # before the opinions
            await service.follow_up(ids[0], service.FollowUpIn(dt.date(2017, 5, 1), "早了"), auditor(t))
        first = await service.get_audit(ids[0])
        await service.report_rectification(
            ids[0], service.RectificationIn(dt.date(2017, 6, 25), "已整改"), officer(t, first.org_id)
        )
        closed = await service.close_audit(ids[0], service.CloseIn(dt.date(2017, 7, 10)), auditor(t))
        assert closed.stage == "closed"
        assert [f.id for f in (await service.list_follow_ups(ids[0])).items] == [visit.id]
        with pytest.raises(RuleViolation):  # closed: the follow-up is over
            await service.follow_up(ids[0], service.FollowUpIn(dt.date(2017, 7, 20), "回访"), auditor(t))
        # five days before the due date: a reminder for the other one, once
        assert (await service.check_deadlines(dt.date(2017, 6, 26))).reminders == [ids[1]]
        assert (await service.check_deadlines(dt.date(2017, 6, 27))).reminders == []
        # on the due date nothing is overdue; a day later it is escalated, once
        assert (await service.check_deadlines(dt.date(2017, 7, 1))).escalations == []
        assert (await service.check_deadlines(dt.date(2017, 7, 2))).escalations == [ids[1]]
        assert (await service.check_deadlines(dt.date(2017, 7, 2))).escalations == []
        kinds = await conn().fetch("SELECT audit, kind FROM audit_deadline_notice ORDER BY id")
    assert [(r["audit"], r["kind"]) for r in kinds] == [(ids[1], "reminder"), (ids[1], "escalation")]


async def test_the_cron_job_escalates_an_overdue_rectification_once_not_twice(world):
    t = world.tenant
    ids = await audited(world, [entry()])
    async with tenant_scope(t):
        for i in ids:
            await service.score_audit(i, None, auditor(t))
        # opinions given 31 days ago: the rectification is overdue by one day today
        await service.issue_opinions(
            ids[0], service.OpinionsIn(service.today() - dt.timedelta(days=31), "整改"), auditor(t)
        )
    first = await jobs.audit_deadlines({})
    second = await jobs.audit_deadlines({})
    assert first[t] == {"reminders": 0, "escalations": 1}
    assert t not in second
    async with tenant_scope(t):
        assert await conn().fetchval("SELECT count(*) FROM audit_deadline_notice WHERE kind = 'escalation'") == 1
